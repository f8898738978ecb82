import type { VerdictType } from '../verdict.js';

/** What a {@link BackoffStrategy} knows when it names the next delay. */
export interface BackoffContext {
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

/**
 * Names the delay before the next poll. The waiter clamps the answer to its `minDelayMs` and
 * `maxDelayMs`, combines it with any server hint and aligns it with the deadline, so a
 * strategy only expresses its shape. An answer that is not a number, NaN or a negative one
 * becomes `minDelayMs`, and Infinity becomes `maxDelayMs`.
 */
export interface BackoffStrategy {
  /** The delay in milliseconds before the next poll. */
  nextDelay(context: BackoffContext): number;
}
