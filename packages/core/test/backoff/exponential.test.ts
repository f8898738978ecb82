import { describe, expect, it, jest } from '@jest/globals';

import { exponentialBackoff } from '../../src/backoff/exponential.js';
import { MAX_TIMER_MS } from '../../src/backoff/validate.js';
import { context, pinnedRandom, schedule } from './helpers.js';

describe('exponentialBackoff', () => {
  it('doubles from 1 s and stops at 30 s when jitter is none and the rest is default', () => {
    const strategy = exponentialBackoff({ jitter: 'none' });

    expect(schedule(strategy, 8)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('grows by factor from baseDelayMs up to capDelayMs when they are given', () => {
    const strategy = exponentialBackoff({
      baseDelayMs: 100,
      factor: 3,
      capDelayMs: 1_000,
      jitter: 'none',
    });

    expect(schedule(strategy, 5)).toEqual([100, 300, 900, 1_000, 1_000]);
  });

  it('reaches capDelayMs when factor is barely above 1', () => {
    const strategy = exponentialBackoff({ factor: 1.01, jitter: 'none' });

    expect(strategy.nextDelay(context(343))).toBe(30_000);
    expect(strategy.nextDelay(context(10_000))).toBe(30_000);
    expect(strategy.nextDelay(context(300))).toBeCloseTo(1_000 * 1.01 ** 299, 6);
  });

  it('draws floor(random × ceiling) when jitter is full', () => {
    const strategy = exponentialBackoff({ jitter: 'full' });
    const random = jest.fn(pinnedRandom([0.1, 0.5, 0.9, 0, 0.999_999]));

    expect(schedule(strategy, 5, random)).toEqual([100, 1_000, 3_600, 0, 15_999]);
    expect(random).toHaveBeenCalledTimes(5);
  });

  it('uses full jitter when no jitter is given', () => {
    const strategy = exponentialBackoff();

    expect(strategy.nextDelay(context(3, { random: () => 0.25 }))).toBe(1_000);
    expect(strategy.nextDelay(context(20, { random: () => 0.5 }))).toBe(15_000);
  });

  it.each([
    [0, [500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000]],
    [0.5, [750, 1_500, 3_000, 6_000, 12_000, 22_500, 22_500]],
    [0.999_999, [999, 1_999, 3_999, 7_999, 15_999, 29_999, 29_999]],
  ])(
    'keeps half the ceiling and draws the rest when jitter is equal and random is %p',
    (r, want) => {
      const strategy = exponentialBackoff({ jitter: 'equal' });

      expect(schedule(strategy, 7, () => r)).toEqual(want);
    },
  );

  it.each([
    [0, [1_000, 1_000, 1_000, 1_000]],
    [0.5, [2_000, 3_500, 5_750, 9_125]],
    [0.999_999, [2_999, 8_996, 26_987, 29_999]],
  ])('draws from [base, 3 × previous] when jitter is decorrelated and random is %p', (r, want) => {
    const strategy = exponentialBackoff({ jitter: 'decorrelated' });

    expect(schedule(strategy, 4, () => r)).toEqual(want);
  });

  it('starts from baseDelayMs when decorrelated jitter has no usable previous delay', () => {
    const strategy = exponentialBackoff({ jitter: 'decorrelated' });
    const random = () => 0.5;

    expect(strategy.nextDelay(context(7, { random }))).toBe(2_000);
    expect(strategy.nextDelay(context(7, { random, previousDelayMs: Number.NaN }))).toBe(2_000);
    expect(strategy.nextDelay(context(7, { random, previousDelayMs: 10 }))).toBe(1_000);
  });

  it('still varies below the cap when decorrelated jitter starts from the cap', () => {
    const strategy = exponentialBackoff({ jitter: 'decorrelated' });
    const atCap = (r: number) =>
      strategy.nextDelay(context(10_000, { previousDelayMs: 30_000, random: () => r }));

    // The blog's formula would clip draws of 0.5 and 0.9 over [1 s, 90 s] to 30 s.
    expect([0, 0.5, 0.9].map(atCap)).toEqual([1_000, 15_500, 27_100]);
  });

  it('ignores factor when jitter is decorrelated', () => {
    const steep = exponentialBackoff({ factor: 10, jitter: 'decorrelated' });
    const gentle = exponentialBackoff({ factor: 1, jitter: 'decorrelated' });

    expect(schedule(steep, 6, () => 0.7)).toEqual(schedule(gentle, 6, () => 0.7));
  });

  it('stays finite and capped when the attempt is 10 000 or more', () => {
    const capped = exponentialBackoff({ jitter: 'none' });
    const steep = exponentialBackoff({
      baseDelayMs: MAX_TIMER_MS,
      factor: 1_000,
      capDelayMs: MAX_TIMER_MS,
      jitter: 'full',
    });

    expect(capped.nextDelay(context(10_000))).toBe(30_000);
    expect(steep.nextDelay(context(10_000, { random: () => 0.5 }))).toBe(
      Math.floor(MAX_TIMER_MS / 2),
    );
    expect(steep.nextDelay(context(Number.MAX_SAFE_INTEGER, { random: () => 0.999 }))).toBe(
      Math.floor(0.999 * MAX_TIMER_MS),
    );
  });

  it('gives 0 for every attempt when baseDelayMs is 0', () => {
    const none = exponentialBackoff({ baseDelayMs: 0, jitter: 'none' });
    const full = exponentialBackoff({ baseDelayMs: 0 });
    const equal = exponentialBackoff({ baseDelayMs: 0, jitter: 'equal' });

    expect(schedule(none, 4)).toEqual([0, 0, 0, 0]);
    expect(schedule(full, 4, () => 0.9)).toEqual([0, 0, 0, 0]);
    expect(schedule(equal, 4, () => 0.9)).toEqual([0, 0, 0, 0]);
    expect(none.nextDelay(context(10_000))).toBe(0);
  });

  it('gives baseDelayMs when the attempt is below 1', () => {
    const strategy = exponentialBackoff({ jitter: 'none' });

    expect(strategy.nextDelay(context(0))).toBe(1_000);
    expect(strategy.nextDelay(context(-5))).toBe(1_000);
  });

  it('stays at baseDelayMs when factor is 1', () => {
    expect(schedule(exponentialBackoff({ factor: 1, jitter: 'none' }), 3)).toEqual([
      1_000, 1_000, 1_000,
    ]);
  });

  it.each([
    ['baseDelayMs', 'it is negative', { baseDelayMs: -1 }, RangeError],
    ['baseDelayMs', 'it is NaN', { baseDelayMs: Number.NaN }, TypeError],
    ['baseDelayMs', 'it is a string', { baseDelayMs: '1000' }, TypeError],
    [
      'baseDelayMs',
      'it is 0 under decorrelated jitter',
      { baseDelayMs: 0, jitter: 'decorrelated' },
      RangeError,
    ],
    ['baseDelayMs', 'it passes the largest timer', { baseDelayMs: MAX_TIMER_MS + 1 }, RangeError],
    ['factor', 'it is below 1', { factor: 0.5 }, RangeError],
    ['factor', 'it is above 1000', { factor: 1_001 }, RangeError],
    ['factor', 'it is Infinity', { factor: Number.POSITIVE_INFINITY }, RangeError],
    [
      'factor',
      'it is NaN under decorrelated jitter',
      { factor: Number.NaN, jitter: 'decorrelated' },
      TypeError,
    ],
    [
      'capDelayMs',
      'it is below baseDelayMs',
      { baseDelayMs: 5_000, capDelayMs: 4_999 },
      RangeError,
    ],
    ['capDelayMs', 'it passes the largest timer', { capDelayMs: MAX_TIMER_MS + 1 }, RangeError],
    ['capDelayMs', 'it is Infinity', { capDelayMs: Number.POSITIVE_INFINITY }, RangeError],
    ['capDelayMs', 'it is null', { capDelayMs: null }, TypeError],
    ['jitter', 'it is an unknown kind', { jitter: 'half' }, TypeError],
    ['jitter', 'it is a boolean', { jitter: true }, TypeError],
    ['capDelay', 'an option name lacks its unit', { capDelay: 1_000 }, TypeError],
  ])('throws naming `%s` when %s', (name, _, options, Expected) => {
    const build = () => exponentialBackoff(options as never);

    expect(build).toThrow(Expected);
    expect(build).toThrow(`\`${name}\``);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['an array', [], 'an array'],
    ['a number', 5, '5'],
  ])('throws a TypeError naming the options when they are %s', (_, options, got) => {
    expect(() => exponentialBackoff(options as never)).toThrow(
      new TypeError(`Expected the exponentialBackoff options to be an object, got ${got}`),
    );
  });

  it('lists the jitter kinds and quotes what it got when it throws for an unknown one', () => {
    const kinds = `'none', 'full', 'equal', 'decorrelated'`;

    expect(() => exponentialBackoff({ jitter: 'half' as never })).toThrow(
      new TypeError(`Expected option \`jitter\` to be one of ${kinds}, got "half"`),
    );
    expect(() => exponentialBackoff({ jitter: Object.create(null) as never })).toThrow(
      new TypeError(`Expected option \`jitter\` to be one of ${kinds}, got an object`),
    );
  });

  it('suggests the name with Ms when it throws for an unknown option', () => {
    expect(() => exponentialBackoff({ baseDelay: 5 } as never)).toThrow(
      new TypeError(
        'Unknown option `baseDelay` of exponentialBackoff (did you mean `baseDelayMs`?)',
      ),
    );
  });

  it('accepts capDelayMs when it equals baseDelayMs or the largest timer', () => {
    const flat = exponentialBackoff({ baseDelayMs: 500, capDelayMs: 500 });

    expect(flat.nextDelay(context(9, { random: () => 0.5 }))).toBe(250);
    expect(() => exponentialBackoff({ capDelayMs: MAX_TIMER_MS })).not.toThrow();
  });
});
