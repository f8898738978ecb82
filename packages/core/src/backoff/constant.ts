import type { BackoffStrategy } from './backoff-strategy.js';
import { assertKnownOptions, assertNumberInRange, assertOptionsObject } from './validate.js';

/** Options of {@link constantBackoff}. */
export interface ConstantBackoffOptions {
  /** The delay between polls, in milliseconds. Required. */
  delayMs: number;
}

const OPTION_NAMES = ['delayMs'];

/**
 * Waits the same `delayMs` before every poll.
 *
 * @throws TypeError when `options` is not a plain object (`null` included), names an unknown
 *   option, or `delayMs` is missing or not a number; RangeError when `delayMs` is negative,
 *   infinite or beyond `MAX_TIMER_MS`.
 */
export function constantBackoff(options: ConstantBackoffOptions): BackoffStrategy {
  // Called with nothing at all, the missing `delayMs` is the clearer complaint.
  const given: unknown = options === undefined ? {} : options;
  assertOptionsObject('constantBackoff', given);
  assertKnownOptions('constantBackoff', given, OPTION_NAMES);
  const { delayMs } = given as Partial<ConstantBackoffOptions>;

  assertNumberInRange('delayMs', delayMs);

  return { nextDelay: () => delayMs };
}
