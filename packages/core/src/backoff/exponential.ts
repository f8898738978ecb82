import type { BackoffStrategy } from './backoff-strategy.js';
import { assertJitter, decorrelatedDelay, spreadDelay, type Jitter } from './jitter.js';
import {
  assertKnownOptions,
  assertNumberInRange,
  assertOptionsObject,
  MAX_TIMER_MS,
} from './validate.js';

/** Options of {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions {
  /**
   * The delay after the first poll, in milliseconds; the low end of decorrelated jitter, where
   * it must be at least 1. Default 1000.
   */
  baseDelayMs?: number;
  /** The growth per poll, from 1 to 1000. Not used by decorrelated jitter. Default 2. */
  factor?: number;
  /** The largest delay, in milliseconds, at least `baseDelayMs`. Default 30 000. */
  capDelayMs?: number;
  /** How randomness spreads the delays; see {@link Jitter}. Default `'full'`. */
  jitter?: Jitter;
}

const OPTION_NAMES = ['baseDelayMs', 'factor', 'capDelayMs', 'jitter'];

/**
 * Delays that grow by `factor` after each poll, from `baseDelayMs` up to `capDelayMs`: after
 * poll n the ceiling is `min(cap, base × factor^(n-1))`, which jitter then spreads (`'full'`
 * by default, see {@link Jitter}).
 *
 * @remarks
 * `'decorrelated'` jitter ignores `factor` and the attempt number: each delay is drawn from
 * [base, min(cap, previous × 3)], where `previous` is the strategy's last answer. Unlike the
 * blog post that defines it, the range is narrowed to the cap before the draw rather than the
 * draw clipped after it, so the delays stay random once they reach the cap.
 *
 * @throws TypeError when `options` is given but is not a plain object (`null` included), names
 *   an unknown option, or an option has the wrong type; RangeError for an option out of range,
 *   such as a `capDelayMs` below `baseDelayMs`, a `factor` below 1, or a `baseDelayMs` of 0
 *   with decorrelated jitter (it would stay 0).
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): BackoffStrategy {
  assertOptionsObject('exponentialBackoff', options);
  assertKnownOptions('exponentialBackoff', options, OPTION_NAMES);
  const { baseDelayMs = 1000, factor = 2, capDelayMs = 30_000, jitter = 'full' } = options;

  assertJitter(jitter, ['none', 'full', 'equal', 'decorrelated']);
  assertNumberInRange('baseDelayMs', baseDelayMs, { min: jitter === 'decorrelated' ? 1 : 0 });
  assertNumberInRange('factor', factor, { min: 1, max: 1000 });
  assertNumberInRange('capDelayMs', capDelayMs, { min: baseDelayMs, max: MAX_TIMER_MS });

  if (jitter === 'decorrelated') {
    return {
      nextDelay: ({ previousDelayMs, random }) =>
        decorrelatedDelay({ baseDelayMs, capDelayMs, previousDelayMs, random }),
    };
  }

  const maxSteps = countGrowingSteps(baseDelayMs, factor, capDelayMs);

  return {
    nextDelay({ attempt, random }) {
      const steps = Math.min(Math.max(attempt - 1, 0), maxSteps);
      const ceilingMs = Math.min(capDelayMs, baseDelayMs * factor ** steps);

      return spreadDelay(jitter, ceilingMs, random);
    },
  };
}

/**
 * The number of growth steps after which the delay no longer changes: surely past the cap (one
 * step more than the logarithm absorbs its rounding), or none when the delay never grows.
 * Holding the exponent there keeps the power finite for any attempt, so a base of 0 never
 * meets an overflowed power and reads NaN.
 */
function countGrowingSteps(baseDelayMs: number, factor: number, capDelayMs: number): number {
  if (baseDelayMs === 0 || factor === 1) return 0;

  return Math.ceil(Math.log(capDelayMs / baseDelayMs) / Math.log(factor)) + 1;
}
