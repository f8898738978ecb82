import type { BackoffStrategy } from './backoff-strategy.js';
import { describeValue } from '../describe-value.js';
import { assertKnownOptions, assertNumberInRange, assertOptionsObject } from './validate.js';

/** Options of {@link listBackoff}. */
export interface ListBackoffOptions {
  /**
   * What follows the last delay of the list: `'last'` repeats it for every later poll,
   * `'cycle'` starts the list over. Default `'last'`.
   */
  repeat?: 'last' | 'cycle';
}

const OPTION_NAMES = ['repeat'];

/**
 * Delays read from a list: `delaysMs[n-1]` after poll n, in milliseconds. When the list runs
 * out, the last delay repeats, or the list starts over with `repeat: 'cycle'`. The list is
 * copied, so changing the array afterwards does not change the schedule.
 *
 * @throws TypeError when `delaysMs` is not an array, an entry is not a number, or `options` is
 *   given but is not a plain object, names an unknown option or has a `repeat` other than
 *   `'last'` and `'cycle'`; RangeError for an empty list or an entry that is negative,
 *   infinite or beyond `MAX_TIMER_MS`, naming it by index (`delaysMs[3]`).
 */
export function listBackoff(
  delaysMs: readonly number[],
  options: ListBackoffOptions = {},
): BackoffStrategy {
  assertDelayList(delaysMs);
  assertOptionsObject('listBackoff', options);
  assertKnownOptions('listBackoff', options, OPTION_NAMES);
  const { repeat = 'last' } = options;

  if (repeat !== 'last' && repeat !== 'cycle') {
    throw new TypeError(
      `Expected option \`repeat\` to be 'last' or 'cycle', got ${describeValue(repeat)}`,
    );
  }

  const delays = [...delaysMs];

  return { nextDelay: ({ attempt }) => pickDelay(delays, attempt, repeat) };
}

function assertDelayList(delaysMs: unknown): asserts delaysMs is readonly number[] {
  if (!Array.isArray(delaysMs)) {
    throw new TypeError(
      `Expected option \`delaysMs\` to be an array of delays, got ${describeValue(delaysMs)}`,
    );
  }

  if (delaysMs.length === 0) {
    throw new RangeError('Expected option `delaysMs` to hold at least one delay, got none');
  }

  // An index loop rather than forEach, so a hole in a sparse array is checked too.
  for (let index = 0; index < delaysMs.length; index += 1) {
    assertNumberInRange(`delaysMs[${index}]`, delaysMs[index]);
  }
}

function pickDelay(delays: readonly number[], attempt: number, repeat: 'last' | 'cycle'): number {
  const index = Math.max(Math.trunc(attempt) - 1, 0);

  if (index < delays.length) return delays[index]!;

  return repeat === 'cycle' && Number.isFinite(index)
    ? delays[index % delays.length]!
    : delays[delays.length - 1]!;
}
