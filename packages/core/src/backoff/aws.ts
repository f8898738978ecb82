import type { BackoffStrategy } from './backoff-strategy.js';
import { uniformDelay } from './jitter.js';
import { assertKnownOptions, assertNumberInRange, assertOptionsObject } from './validate.js';

/** Options of {@link awsBackoff}, the waiter's `minDelay` and `maxDelay` in milliseconds. */
export interface AwsBackoffOptions {
  /** The shortest delay, and the first ceiling, in milliseconds, at least 1. Default 2000. */
  minDelayMs?: number;
  /** The longest delay, in milliseconds, at least `minDelayMs`. Default 120 000. */
  maxDelayMs?: number;
}

const OPTION_NAMES = ['minDelayMs', 'maxDelayMs'];

/**
 * The retry delays of Smithy waiters (the "Waiters" specification, section "Waiter retries"),
 * which the AWS SDKs use: after poll n the ceiling is `minDelay × 2^(n-1)`, or `maxDelay` once n
 * passes `attemptCeiling = log2(maxDelay / minDelay) + 1`, and the delay is a uniform draw from
 * [minDelay, ceiling]. With the defaults the ceilings are 2, 4, 8, 16, 32 and 64 s, then 120 s.
 *
 * @remarks
 * The specification's last rule, shortening the delay to the time left when less than
 * `minDelay` would remain after it, is the waiter's deadline alignment, which every strategy
 * gets; it is not part of this one. The draw is kept at the ceiling too, as the specification
 * says: the AWS SDK for JavaScript v3 (`@smithy/util-waiter`) waits exactly `maxDelay` there,
 * draws fractional seconds, and gives up instead of shortening the last delay. The waiter's
 * own `maxDelayMs` (60 000 by default) clamps these delays: raise it to `maxDelayMs` to keep
 * the whole schedule.
 *
 * @throws TypeError when `options` is given but is not a plain object (`null` included), names
 *   an unknown option, or an option has the wrong type; RangeError for an option out of range,
 *   such as a `maxDelayMs` below `minDelayMs`.
 */
export function awsBackoff(options: AwsBackoffOptions = {}): BackoffStrategy {
  assertOptionsObject('awsBackoff', options);
  assertKnownOptions('awsBackoff', options, OPTION_NAMES);
  const { minDelayMs = 2000, maxDelayMs = 120_000 } = options;

  assertNumberInRange('minDelayMs', minDelayMs, { min: 1 });
  assertNumberInRange('maxDelayMs', maxDelayMs, { min: minDelayMs });

  const attemptCeiling = Math.log2(maxDelayMs / minDelayMs) + 1;

  return {
    nextDelay({ attempt, random }) {
      // Beyond the attempt ceiling the power would only pass maxDelay (and in time overflow).
      const ceilingMs =
        attempt > attemptCeiling
          ? maxDelayMs
          : Math.min(maxDelayMs, minDelayMs * 2 ** Math.max(attempt - 1, 0));

      return uniformDelay(minDelayMs, ceilingMs, random);
    },
  };
}
