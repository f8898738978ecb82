import type { WaiterEventName } from '@jobwait/core';

import type { LoggedError } from './logged-error.js';
import type { LogLevel } from './logger-like.js';

/**
 * The fields of one record of the log reporter. Every record has `event` and the envelope
 * fields (`jobId` to `eventTime`); the others are present when the event carries them. A
 * field whose value in the event is not of the documented type is left out.
 */
export interface LogRecord {
  /** The waiter event the record reports, such as `'poll:end'`. */
  readonly event: WaiterEventName;
  /** The provider's job id. */
  readonly jobId?: string;
  /** The adapter kind, such as `'elb-classic'`. */
  readonly kind?: string;
  /** The poll the event belongs to, from 1; 0 before the first poll. */
  readonly attempt?: number;
  /** The event's position in its wait, from 1, with no gaps. */
  readonly seq?: number;
  /** Milliseconds since the wait started. */
  readonly elapsedMs?: number;
  /** When the event happened, ISO 8601 in UTC (the logger's own `time` is when it was logged). */
  readonly eventTime?: string;
  /** `wait:start`: the whole length of the wait, in milliseconds. */
  readonly timeoutMs?: number;
  /** `wait:start`: when the wait gives up, ISO 8601 in UTC. */
  readonly deadline?: string;
  /** `wait:start`: `true` when the wait goes on from a checkpoint. */
  readonly resumed?: true;
  /** `poll:end`: how long the poll took, in milliseconds. */
  readonly durationMs?: number;
  /** `poll:end`, `backoff`: the verdict of the poll, such as `'pending'` or `'transient'`. */
  readonly verdict?: string;
  /** `poll:end`, `state:change`, `settled`: the job's state (after the change, if one). */
  readonly state?: string;
  /** `state:change`: the state before the change; absent on the first observation. */
  readonly previousState?: string;
  /** `poll:end`, `state:change`: the adapter's progress note, such as `'sub-jobs 1/2'`. */
  readonly detail?: string;
  /** `retry`: the in-poll retry about to be made, from 1. */
  readonly retry?: number;
  /** `retry`: the in-poll retries still allowed after this one. */
  readonly retriesLeft?: number;
  /** `backoff`: the delay before the next poll, in milliseconds. */
  readonly delayMs?: number;
  /**
   * `backoff`: why the delay has its length: `'initial'`, `'strategy'`, `'retry-after'` or
   * `'deadline'`.
   */
  readonly delayReason?: string;
  /** `settled`: `'succeeded'`, `'failed'`, `'timedOut'` or `'aborted'`. */
  readonly outcome?: string;
  /** `settled`: the provider's error code of a failed job, such as `'ELB.1009'`. */
  readonly providerCode?: string;
  /** `settled`: the provider's reason for a failed job, verbatim. */
  readonly failureReason?: string;
  /** The provider's error code when there is one, otherwise the `code` of `error`. */
  readonly errorCode?: string;
  /** `poll:end`, `retry`, `settled`: the error, as {@link LoggedError} fields only. */
  readonly error?: LoggedError;
}

/** One record to write: its level, its message and its fields. */
export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly record: LogRecord;
}
