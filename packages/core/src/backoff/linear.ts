import type { BackoffStrategy } from './backoff-strategy.js';
import { assertJitter, spreadDelay, type Jitter } from './jitter.js';
import { assertKnownOptions, assertNumberInRange, assertOptionsObject } from './validate.js';

/** Options of {@link linearBackoff}. */
export interface LinearBackoffOptions {
  /** The delay after the first poll, in milliseconds. Default 1000. */
  baseDelayMs?: number;
  /** What each further poll adds to the delay, in milliseconds. Default 1000. */
  stepMs?: number;
  /** The largest delay, in milliseconds, at least `baseDelayMs`. Default 30 000. */
  capDelayMs?: number;
  /**
   * How randomness spreads the delays: `'none'`, `'full'` or `'equal'` (see `Jitter`).
   * Decorrelated jitter has a growth of its own and is offered by `exponentialBackoff` only.
   * Default `'none'`.
   */
  jitter?: Exclude<Jitter, 'decorrelated'>;
}

const OPTION_NAMES = ['baseDelayMs', 'stepMs', 'capDelayMs', 'jitter'];

/**
 * Delays that grow by the same `stepMs` after each poll: after poll n the ceiling is
 * `min(cap, base + step × (n-1))`, which jitter then spreads (none by default).
 *
 * @throws TypeError when `options` is given but is not a plain object (`null` included), names
 *   an unknown option, an option has the wrong type, or `jitter` is `'decorrelated'`;
 *   RangeError for an option out of range, such as a `capDelayMs` below `baseDelayMs`.
 */
export function linearBackoff(options: LinearBackoffOptions = {}): BackoffStrategy {
  assertOptionsObject('linearBackoff', options);
  assertKnownOptions('linearBackoff', options, OPTION_NAMES);
  const { baseDelayMs = 1000, stepMs = 1000, capDelayMs = 30_000, jitter = 'none' } = options;

  assertNumberInRange('baseDelayMs', baseDelayMs);
  assertNumberInRange('stepMs', stepMs);
  assertNumberInRange('capDelayMs', capDelayMs, { min: baseDelayMs });
  assertJitter(jitter, ['none', 'full', 'equal']);

  return {
    nextDelay({ attempt, random }) {
      // Held to a safe integer so that a step of 0 never meets an infinite count and reads NaN.
      const steps = Math.min(Math.max(attempt - 1, 0), Number.MAX_SAFE_INTEGER);
      const ceilingMs = Math.min(capDelayMs, baseDelayMs + stepMs * steps);

      return spreadDelay(jitter, ceilingMs, random);
    },
  };
}
