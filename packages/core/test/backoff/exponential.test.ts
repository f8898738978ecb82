import { describe, expect, it, jest } from '@jest/globals';

import type { BackoffContext } from '../../src/backoff/backoff-strategy.js';
import { exponentialBackoff } from '../../src/backoff/exponential.js';
import { MAX_TIMER_MS } from '../../src/backoff/validate.js';

const never = (): number => {
  throw new Error('random must not be called');
};

function context(attempt: number, random: () => number = never): BackoffContext {
  return { attempt, verdict: 'pending', previousDelayMs: undefined, random };
}

/** The delays after polls 1..n. */
function schedule(strategy: ReturnType<typeof exponentialBackoff>, n: number, random = never) {
  return Array.from({ length: n }, (_, i) => strategy.nextDelay(context(i + 1, random)));
}

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

  it('draws floor(random × ceiling) when jitter is full', () => {
    const strategy = exponentialBackoff({ jitter: 'full' });
    const draws = [0.1, 0.5, 0.9, 0, 0.999_999];
    const random = jest.fn(() => draws.shift()!);

    expect(schedule(strategy, 5, random)).toEqual([100, 1_000, 3_600, 0, 15_999]);
    expect(random).toHaveBeenCalledTimes(5);
  });

  it('uses full jitter when no jitter is given', () => {
    const strategy = exponentialBackoff();

    expect(strategy.nextDelay(context(3, () => 0.25))).toBe(1_000);
    expect(strategy.nextDelay(context(20, () => 0.5))).toBe(15_000);
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
    expect(steep.nextDelay(context(10_000, () => 0.5))).toBe(Math.floor(MAX_TIMER_MS / 2));
    expect(steep.nextDelay(context(Number.MAX_SAFE_INTEGER, () => 0.999))).toBe(
      Math.floor(0.999 * MAX_TIMER_MS),
    );
  });

  it('gives 0 for every attempt when baseDelayMs is 0', () => {
    const none = exponentialBackoff({ baseDelayMs: 0, jitter: 'none' });
    const full = exponentialBackoff({ baseDelayMs: 0 });

    expect(schedule(none, 4)).toEqual([0, 0, 0, 0]);
    expect(schedule(full, 4, () => 0.9)).toEqual([0, 0, 0, 0]);
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
    ['baseDelayMs', { baseDelayMs: -1 }, RangeError],
    ['baseDelayMs', { baseDelayMs: Number.NaN }, TypeError],
    ['baseDelayMs', { baseDelayMs: '1000' }, TypeError],
    ['factor', { factor: 0.5 }, RangeError],
    ['factor', { factor: 1_001 }, RangeError],
    ['factor', { factor: Number.POSITIVE_INFINITY }, RangeError],
    ['capDelayMs', { baseDelayMs: 5_000, capDelayMs: 4_999 }, RangeError],
    ['capDelayMs', { capDelayMs: MAX_TIMER_MS + 1 }, RangeError],
    ['capDelayMs', { capDelayMs: null }, TypeError],
    ['jitter', { jitter: 'equal' }, TypeError],
    ['jitter', { jitter: true }, TypeError],
  ])('throws naming `%s` when given %j', (name, options, Expected) => {
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

  it('quotes the jitter it got when it throws for an unknown one', () => {
    expect(() => exponentialBackoff({ jitter: 'equal' as never })).toThrow(
      new TypeError(`Expected option \`jitter\` to be 'none' or 'full', got "equal"`),
    );
    expect(() => exponentialBackoff({ jitter: Object.create(null) as never })).toThrow(
      new TypeError(`Expected option \`jitter\` to be 'none' or 'full', got an object`),
    );
  });

  it('accepts capDelayMs when it equals baseDelayMs or the largest timer', () => {
    expect(
      exponentialBackoff({ baseDelayMs: 500, capDelayMs: 500 }).nextDelay(context(9, () => 0.5)),
    ).toBe(250);
    expect(() => exponentialBackoff({ capDelayMs: MAX_TIMER_MS })).not.toThrow();
  });
});
