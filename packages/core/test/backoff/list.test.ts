import { describe, expect, it } from '@jest/globals';

import { listBackoff } from '../../src/backoff/list.js';
import { MAX_TIMER_MS } from '../../src/backoff/validate.js';
import { context, schedule } from './helpers.js';

describe('listBackoff', () => {
  it('answers the delays in order and then repeats the last when repeat is default', () => {
    expect(schedule(listBackoff([500, 1_000, 5_000]), 6)).toEqual([
      500, 1_000, 5_000, 5_000, 5_000, 5_000,
    ]);
  });

  it('starts the list over when repeat is cycle', () => {
    expect(schedule(listBackoff([1, 2, 3], { repeat: 'cycle' }), 8)).toEqual([
      1, 2, 3, 1, 2, 3, 1, 2,
    ]);
  });

  it('answers the first delay when the attempt is below 1 and the last when it is huge', () => {
    const strategy = listBackoff([10, 20, 30]);

    expect(strategy.nextDelay(context(0))).toBe(10);
    expect(strategy.nextDelay(context(Number.MAX_SAFE_INTEGER))).toBe(30);
    expect(strategy.nextDelay(context(Number.POSITIVE_INFINITY))).toBe(30);
  });

  it('keeps its schedule when the given array changes afterwards', () => {
    const delays = [100, 200];
    const strategy = listBackoff(delays);
    delays[0] = 9_999;

    expect(strategy.nextDelay(context(1))).toBe(100);
  });

  it('accepts entries of 0 and of the largest timer', () => {
    expect(schedule(listBackoff([0, MAX_TIMER_MS]), 3)).toEqual([0, MAX_TIMER_MS, MAX_TIMER_MS]);
  });

  it.each([
    ['delaysMs[3]', 'an entry is negative', [1, 2, 3, -1], RangeError],
    ['delaysMs[1]', 'an entry is Infinity', [1, Number.POSITIVE_INFINITY], RangeError],
    ['delaysMs[0]', 'an entry passes the largest timer', [MAX_TIMER_MS + 1], RangeError],
    ['delaysMs[2]', 'an entry is NaN', [1, 2, Number.NaN], TypeError],
    ['delaysMs[1]', 'an entry is a string', [1, '2'], TypeError],
    // eslint-disable-next-line no-sparse-arrays
    ['delaysMs[1]', 'the array has a hole', [1, , 3], TypeError],
    ['delaysMs', 'the list is empty', [], RangeError],
    ['delaysMs', 'it is not an array', '1,2,3', TypeError],
    ['delaysMs', 'it is missing', undefined, TypeError],
  ])('throws naming `%s` when %s', (name, _, delaysMs, Expected) => {
    const build = () => listBackoff(delaysMs as never);

    expect(build).toThrow(Expected);
    expect(build).toThrow(`\`${name}\``);
  });

  it('says the list is empty when it is given none', () => {
    expect(() => listBackoff([])).toThrow(
      new RangeError('Expected option `delaysMs` to hold at least one delay, got none'),
    );
  });

  it.each([
    ['repeat', 'it is unknown', { repeat: 'first' }, TypeError],
    ['repeats', 'an option name is unknown', { repeats: 'cycle' }, TypeError],
    ['listBackoff options', 'they are null', null, TypeError],
  ])('throws naming `%s` when %s', (name, _, options, Expected) => {
    const build = () => listBackoff([1], options as never);

    expect(build).toThrow(Expected);
    expect(build).toThrow(name);
  });
});
