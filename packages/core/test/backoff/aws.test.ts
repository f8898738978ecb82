import { describe, expect, it } from '@jest/globals';

import { awsBackoff } from '../../src/backoff/aws.js';
import { MAX_TIMER_MS } from '../../src/backoff/validate.js';
import { context, schedule } from './helpers.js';

describe('awsBackoff', () => {
  it('raises the ceiling from 2 s to 64 s, then 120 s, when random is at its top', () => {
    expect(schedule(awsBackoff(), 9, () => 0.999_999_999)).toEqual([
      2_000, 3_999, 7_999, 15_999, 31_999, 63_999, 119_999, 119_999, 119_999,
    ]);
  });

  it('answers minDelayMs for every attempt when random is 0', () => {
    expect(schedule(awsBackoff(), 9, () => 0)).toEqual(Array(9).fill(2_000));
  });

  it('draws halfway between minDelayMs and each ceiling when random is 0.5', () => {
    expect(schedule(awsBackoff(), 8, () => 0.5)).toEqual([
      2_000, 3_000, 5_000, 9_000, 17_000, 33_000, 61_000, 61_000,
    ]);
  });

  it('passes to maxDelayMs after attempt 6 when the ceiling is log2(120 / 2) + 1 ≈ 6.9', () => {
    const strategy = awsBackoff();
    // A random source answering 1, just past its range, reads the ceiling itself.
    const ceilingAt = (attempt: number) =>
      strategy.nextDelay(context(attempt, { random: () => 1 }));

    expect([6, 7, 8].map(ceilingAt)).toEqual([64_000, 120_000, 120_000]);
  });

  it('keeps drawing over [minDelayMs, maxDelayMs] when the attempt is 10 000', () => {
    const strategy = awsBackoff();
    const draw = (r: number) => strategy.nextDelay(context(10_000, { random: () => r }));

    expect([0, 0.25, 0.5, 0.999_999_999].map(draw)).toEqual([2_000, 31_500, 61_000, 119_999]);
  });

  it('uses the given bounds when minDelayMs and maxDelayMs are set', () => {
    const strategy = awsBackoff({ minDelayMs: 100, maxDelayMs: 1_000 });

    expect(schedule(strategy, 6, () => 1)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('answers minDelayMs always when maxDelayMs equals it', () => {
    expect(schedule(awsBackoff({ maxDelayMs: 2_000 }), 4, () => 0.7)).toEqual([
      2_000, 2_000, 2_000, 2_000,
    ]);
  });

  it('stays finite when maxDelayMs is the largest timer and the attempt is huge', () => {
    const strategy = awsBackoff({ minDelayMs: 1, maxDelayMs: MAX_TIMER_MS });

    expect(strategy.nextDelay(context(Number.MAX_SAFE_INTEGER, { random: () => 1 }))).toBe(
      MAX_TIMER_MS,
    );
  });

  it.each([
    ['minDelayMs', 'it is 0', { minDelayMs: 0 }, RangeError],
    ['minDelayMs', 'it is NaN', { minDelayMs: Number.NaN }, TypeError],
    ['minDelayMs', 'it is Infinity', { minDelayMs: Number.POSITIVE_INFINITY }, RangeError],
    ['maxDelayMs', 'it is below minDelayMs', { minDelayMs: 5_000, maxDelayMs: 4_000 }, RangeError],
    ['maxDelayMs', 'it passes the largest timer', { maxDelayMs: MAX_TIMER_MS + 1 }, RangeError],
    ['maxDelayMs', 'it is a string', { maxDelayMs: '120' }, TypeError],
    ['maxDelay', 'an option name lacks its unit', { maxDelay: 120 }, TypeError],
  ])('throws naming `%s` when %s', (name, _, options, Expected) => {
    const build = () => awsBackoff(options as never);

    expect(build).toThrow(Expected);
    expect(build).toThrow(`\`${name}\``);
  });

  it('throws a TypeError naming the options when they are null', () => {
    expect(() => awsBackoff(null as never)).toThrow(
      new TypeError('Expected the awsBackoff options to be an object, got null'),
    );
  });
});
