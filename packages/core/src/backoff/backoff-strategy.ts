import type { BackoffExplanation, WaitOutcome } from '../events.js';
import type { VerdictType } from '../verdict.js';

/**
 * What a strategy knows of the wait it schedules. The waiter always fills every field in; they
 * are optional in {@link BackoffContext} only so that code written before they existed, which
 * builds contexts of its own, still compiles.
 */
export interface BackoffWaitInfo {
  /** The adapter kind of the job source, for example `'elb-classic'`. */
  readonly kind: string;
  /** The provider's job id. */
  readonly jobId: string;
  /** The job source's `jobType`, when it has one, for example `'createELB'`. */
  readonly jobType?: string;
  /**
   * Milliseconds since the wait started, at the moment the strategy is asked (after the poll
   * that just ended); a resumed wait counts from its first start.
   */
  readonly elapsedMs: number;
  /** The whole length of the wait, from its start to its deadline. */
  readonly timeoutMs: number;
  /** The waiter's `minDelayMs`: shorter answers are raised to it. */
  readonly minDelayMs: number;
  /** The waiter's `maxDelayMs`: longer answers are cut to it. */
  readonly maxDelayMs: number;
}

/** What a {@link BackoffStrategy} knows when it names the next delay. */
export interface BackoffContext extends Partial<BackoffWaitInfo> {
  /** Polls made so far in this wait, from 1. */
  readonly attempt: number;
  /** The verdict of the poll that just ended. */
  readonly verdict: VerdictType;
  /**
   * The delay the strategy named last time, as it named it (before any clamping); undefined
   * on the first call, or when the last answer was not a finite number.
   */
  readonly previousDelayMs: number | undefined;
  /** The wait's random source, a number in [0, 1). Use it instead of `Math.random`. */
  readonly random: () => number;
}

/** What a {@link BackoffStrategy.initialDelay} knows: the wait, before its first poll. */
export interface InitialDelayContext extends BackoffWaitInfo {
  /** The wait's random source, a number in [0, 1). */
  readonly random: () => number;
}

/** How a wait that a strategy scheduled ended, for {@link BackoffStrategy.learn}. */
export interface BackoffLearnContext {
  readonly kind: string;
  readonly jobId: string;
  /** The job source's `jobType`, when it has one. */
  readonly jobType?: string;
  readonly outcome: WaitOutcome;
  /** Milliseconds from the wait's start to its end. */
  readonly elapsedMs: number;
  /**
   * When the last poll that saw the job still pending started, in milliseconds since the
   * wait's start; absent when no poll saw it pending.
   */
  readonly pendingAtMs?: number;
  /**
   * When the first poll that saw the job finished (a `success` or `failure` verdict) started,
   * in milliseconds since the wait's start; absent when none did, as after a timeout.
   */
  readonly doneAtMs?: number;
  /** The last observation seen, if any. */
  readonly observation?: unknown;
}

/**
 * Names the delay before the next poll. The waiter clamps the answer to its `minDelayMs` and
 * `maxDelayMs`, combines it with any server hint and aligns it with the deadline, so a
 * strategy only expresses its shape. An answer that is not a number, NaN or a negative one
 * becomes `minDelayMs`, and Infinity becomes `maxDelayMs`.
 *
 * Three methods are optional, for strategies that know when a job is likely to finish:
 * `initialDelay` places the first poll, `explain` says why a delay was chosen (carried by the
 * `backoff` event), and `learn` hears how each wait ended.
 */
export interface BackoffStrategy {
  /** The delay in milliseconds before the next poll. */
  nextDelay(context: BackoffContext): number;
  /**
   * The delay in milliseconds before the first poll, used when the waiter's caller did not
   * set `initialDelayMs` (a resumed wait still polls at once). The waiter treats the answer as
   * it treats `nextDelay`'s: clamped to [`minDelayMs`, `maxDelayMs`], and earlier when the
   * first poll would not fit before the deadline.
   */
  initialDelay?(context: InitialDelayContext): number;
  /**
   * Why the strategy named `delayMs` for `context` (the context of the last `nextDelay` or
   * `initialDelay` call). Called only when a listener hears `backoff` events; an explanation
   * that throws or is not an object with a string `text` is left out of the event.
   */
  explain?(
    context: BackoffContext | InitialDelayContext,
    delayMs: number,
  ): BackoffExplanation | undefined;
  /**
   * Hears how a wait this strategy scheduled ended, once, just before its `settled` event. A
   * strategy that learns job durations reads them here. What it throws is ignored: the wait
   * has already ended.
   */
  learn?(context: BackoffLearnContext): void;
}
