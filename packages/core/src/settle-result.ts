import type { StateHistoryEntry } from './checkpoint.js';
import type { WaitAbortedError, WaitTimeoutError } from './errors.js';

/** Fields every end of a wait reports, whatever the outcome. */
export interface WaitSummary {
  /** The provider's job id. */
  readonly jobId: string;
  /** The adapter kind of the job source, for example `'elb-classic'`. */
  readonly kind: string;
  /** Polls made, in-poll retries not counted. */
  readonly attempts: number;
  /** Milliseconds from the start of the wait to its end. */
  readonly elapsedMs: number;
  /** The last state seen: the success state on success. */
  readonly state: string | undefined;
  /** The job's state changes, oldest first; the most recent 100 when there were more. */
  readonly history: readonly StateHistoryEntry[];
}

/** What a successful wait returns. */
export interface WaitResult<T> extends WaitSummary {
  /** The observation that showed success. */
  readonly observation: T;
}

/** The wait succeeded. */
export interface SucceededResult<T> extends WaitResult<T> {
  readonly outcome: 'succeeded';
}

/**
 * The wait ended without success and without running out of time: the job failed, a budget
 * ran out, a poll failed fatally, or the classifier threw.
 */
export interface FailedResult<T> extends WaitSummary {
  readonly outcome: 'failed';
  /** What `wait()` would have thrown: usually a `JobwaitError`, or the poll's own error. */
  readonly error: unknown;
  /** The last observation seen, if any poll returned one. */
  readonly observation: T | undefined;
  /** The provider's error code, when the job itself failed. */
  readonly providerCode?: string;
  /** The provider's reason for the failure, verbatim, when the job itself failed. */
  readonly reason?: string;
}

/** The deadline passed first. */
export interface TimedOutResult<T> extends WaitSummary {
  readonly outcome: 'timedOut';
  readonly error: WaitTimeoutError<T>;
  /** The last observation seen, if any poll returned one. */
  readonly observation: T | undefined;
}

/** The caller's signal cancelled the wait. */
export interface AbortedResult<T> extends WaitSummary {
  readonly outcome: 'aborted';
  readonly error: WaitAbortedError<T>;
  /** The last observation seen, if any poll returned one. */
  readonly observation: T | undefined;
}

/**
 * How a wait ended, as a value: what {@link Waiter.settle} resolves with. Branch on `outcome`;
 * every case carries the fields of {@link WaitSummary}, and every case but success the `error`
 * that {@link Waiter.wait} would have thrown.
 */
export type SettleResult<T> =
  SucceededResult<T> | FailedResult<T> | TimedOutResult<T> | AbortedResult<T>;

/** The success of `settled`, or its error, as {@link Waiter.wait} reports them. */
export function unwrapSettled<T>(settled: SettleResult<T>): WaitResult<T> {
  if (settled.outcome !== 'succeeded') throw settled.error;

  const { jobId, kind, attempts, elapsedMs, state, history, observation } = settled;

  return { jobId, kind, attempts, elapsedMs, state, history, observation };
}
