import type { BackoffStrategy } from './backoff-strategy.js';
import { describeValue } from '../describe-value.js';
import { assertNumberInRange, assertOptionsObject, MAX_TIMER_MS } from './validate.js';

/**
 * How randomness spreads the delays: `'none'` keeps the exact exponential delay; `'full'`
 * draws uniformly from [0, delay], which spreads many waiters best.
 */
export type Jitter = 'none' | 'full';

/** Options of {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions {
  /** The delay after the first poll, in milliseconds. Default 1000. */
  baseDelayMs?: number;
  /** The growth per poll. Default 2. */
  factor?: number;
  /** The largest delay before jitter, in milliseconds. Default 30 000. */
  capDelayMs?: number;
  /** Default `'full'`. */
  jitter?: Jitter;
}

/**
 * Delays that grow by `factor` after each poll, from `baseDelayMs` up to `capDelayMs`, with
 * optional jitter: after poll n the delay is `min(cap, base × factor^(n-1))`, or a uniform
 * draw below it under full jitter.
 *
 * @throws TypeError when `options` is given but is not a plain object (`null` included), or
 *   an option has the wrong type; RangeError for an option out of range.
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): BackoffStrategy {
  assertOptionsObject('exponentialBackoff', options);
  const { baseDelayMs = 1000, factor = 2, capDelayMs = 30_000, jitter = 'full' } = options;

  assertNumberInRange('baseDelayMs', baseDelayMs);
  assertNumberInRange('factor', factor, { min: 1, max: 1000 });
  assertNumberInRange('capDelayMs', capDelayMs, { min: baseDelayMs, max: MAX_TIMER_MS });
  if (jitter !== 'none' && jitter !== 'full') {
    throw new TypeError(
      `Expected option \`jitter\` to be 'none' or 'full', got ${describeValue(jitter)}`,
    );
  }

  return {
    nextDelay({ attempt, random }) {
      // Capping the exponent keeps the power finite however many polls a wait makes:
      // 1000^64 is still a finite double, and far beyond any cap.
      const steps = Math.min(Math.max(attempt - 1, 0), 64);
      const ceiling = Math.min(capDelayMs, baseDelayMs * factor ** steps);

      return jitter === 'full' ? Math.floor(random() * ceiling) : ceiling;
    },
  };
}
