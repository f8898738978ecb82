import type { ErrorSummary } from './errors.js';
import type { VerdictType } from './verdict.js';

/** Fields shared by every event, so a reporter can handle any event of any adapter. */
export interface EventEnvelope {
  /** The provider's job id. */
  readonly jobId: string;
  /** The adapter kind of the job source, for example `'elb-classic'`. */
  readonly kind: string;
  /** The poll this event belongs to; 0 before the first poll. */
  readonly attempt: number;
  /** Position of the event in this wait, from 1, with no gaps. */
  readonly seq: number;
  /** Milliseconds since the wait started. */
  readonly elapsedMs: number;
  /** Wall-clock time of the event, ISO 8601 in UTC. */
  readonly time: string;
}

/** The wait began. */
export interface WaitStartEvent extends EventEnvelope {
  /** The whole length of the wait, from its first start to its deadline. */
  readonly timeoutMs: number;
  /** When the wait gives up, ISO 8601 in UTC. */
  readonly deadline: string;
  /** Present when the wait goes on from a checkpoint; `elapsedMs` counts from its first start. */
  readonly resumed?: true;
}

/** A poll is about to be sent. */
export type PollStartEvent = EventEnvelope;

/** A poll finished, with the verdict its outcome received. */
export interface PollEndEvent extends EventEnvelope {
  readonly durationMs: number;
  readonly verdict: VerdictType;
  /** The job's state, when the poll returned an observation that has one. */
  readonly state?: string;
  /** The adapter's short progress note, for example `'sub-jobs 2/3'`. */
  readonly detail?: string;
  /** The error the poll ended with, when it did not return an observation. */
  readonly error?: ErrorSummary;
}

/** The job's state differs from the state of the previous observation. */
export interface StateChangeEvent<T = unknown> extends EventEnvelope {
  /** The previous state; absent on the first observation. */
  readonly from?: string;
  readonly to: string;
  readonly detail?: string;
  readonly observation: T;
}

/** A poll failed with a transient error and is retried at once, inside the same attempt. */
export interface RetryEvent extends EventEnvelope {
  /** The retry about to be made, from 1. */
  readonly retry: number;
  /** Retries still allowed in this poll after this one; 0 on the last. */
  readonly retriesLeft: number;
  readonly error: ErrorSummary;
}

/** Why a backoff delay has the length it has. */
export type BackoffReason = 'initial' | 'strategy' | 'retry-after' | 'deadline';

/**
 * Why a backoff strategy named its delay, in its own words: a line for people, and the figures
 * behind it as plain JSON for logs.
 */
export interface BackoffExplanation {
  /** One line, such as `'P(done by 31.2 s | pending at 20.0 s) = 0.41; …'`. */
  readonly text: string;
  /** The figures the text is made of, by name; numbers, strings and booleans. */
  readonly details?: Readonly<Record<string, number | string | boolean>>;
}

/** The waiter is about to sleep before the next poll. */
export interface BackoffEvent extends EventEnvelope {
  readonly delayMs: number;
  readonly reason: BackoffReason;
  /** The verdict of the poll that led to this delay; absent before the first poll. */
  readonly verdict?: VerdictType;
  /**
   * Why the strategy chose the delay, when it can say (see `BackoffStrategy.explain`). It
   * explains the strategy's own answer: `delayMs` and `reason` tell what the waiter made of it.
   */
  readonly explanation?: BackoffExplanation;
}

/** How a wait ended. */
export type WaitOutcome = 'succeeded' | 'failed' | 'timedOut' | 'aborted';

/** The wait ended. Emitted exactly once per wait, after which the wait emits nothing. */
export interface SettledEvent<T = unknown> extends EventEnvelope {
  readonly outcome: WaitOutcome;
  /** The last state seen, if any. */
  readonly state?: string;
  /** The final observation on success, or the last one seen otherwise. */
  readonly observation?: T;
  /** Why the wait did not succeed. */
  readonly error?: ErrorSummary;
  /** The provider's error code, when the job itself failed (`outcome` is `'failed'`). */
  readonly providerCode?: string;
  /** The provider's reason for the failure, verbatim, when the job itself failed. */
  readonly reason?: string;
}

/** The events a {@link Waiter} emits, by name. */
export interface WaiterEvents<T = unknown> {
  'wait:start': (event: WaitStartEvent) => void;
  'poll:start': (event: PollStartEvent) => void;
  'poll:end': (event: PollEndEvent) => void;
  'state:change': (event: StateChangeEvent<T>) => void;
  retry: (event: RetryEvent) => void;
  backoff: (event: BackoffEvent) => void;
  settled: (event: SettledEvent<T>) => void;
}

/** The name of any waiter event. */
export type WaiterEventName = keyof WaiterEvents;

/** Every waiter event name, in the order a wait first emits them; handy to relay them all. */
export const WAITER_EVENT_NAMES: readonly WaiterEventName[] = Object.freeze([
  'wait:start',
  'backoff',
  'poll:start',
  'retry',
  'poll:end',
  'state:change',
  'settled',
]);
