import { describe, expect, it } from '@jest/globals';

import { linearBackoff } from '../../src/backoff/linear.js';
import { MAX_TIMER_MS } from '../../src/backoff/validate.js';
import { context, schedule } from './helpers.js';

describe('linearBackoff', () => {
  it('adds 1 s after each poll from 1 s and stops at 30 s when the options are default', () => {
    const delays = schedule(linearBackoff(), 32);

    expect(delays.slice(0, 5)).toEqual([1_000, 2_000, 3_000, 4_000, 5_000]);
    expect(delays.slice(28)).toEqual([29_000, 30_000, 30_000, 30_000]);
  });

  it('adds stepMs to baseDelayMs up to capDelayMs when they are given', () => {
    const strategy = linearBackoff({ baseDelayMs: 500, stepMs: 250, capDelayMs: 1_200 });

    expect(schedule(strategy, 6)).toEqual([500, 750, 1_000, 1_200, 1_200, 1_200]);
  });

  it('stays at baseDelayMs when stepMs is 0, however far the attempt', () => {
    const strategy = linearBackoff({ baseDelayMs: 700, stepMs: 0 });

    expect(schedule(strategy, 3)).toEqual([700, 700, 700]);
    expect(strategy.nextDelay(context(Number.POSITIVE_INFINITY))).toBe(700);
  });

  it('gives baseDelayMs when the attempt is below 1', () => {
    expect(linearBackoff().nextDelay(context(0))).toBe(1_000);
    expect(linearBackoff().nextDelay(context(-3))).toBe(1_000);
  });

  it.each([
    ['full', 0, [0, 0, 0, 0]],
    ['full', 0.5, [500, 1_000, 1_500, 1_500]],
    ['full', 0.999_999, [999, 1_999, 2_999, 2_999]],
    ['equal', 0, [500, 1_000, 1_500, 1_500]],
    ['equal', 0.5, [750, 1_500, 2_250, 2_250]],
    ['equal', 0.999_999, [999, 1_999, 2_999, 2_999]],
  ] as const)('spreads each ceiling when jitter is %s and random is %p', (jitter, r, want) => {
    const strategy = linearBackoff({ capDelayMs: 3_000, jitter });

    expect(schedule(strategy, 4, () => r)).toEqual(want);
  });

  it('stays finite and capped when the attempt is 10 000', () => {
    const strategy = linearBackoff({ stepMs: MAX_TIMER_MS, capDelayMs: MAX_TIMER_MS });

    expect(strategy.nextDelay(context(10_000))).toBe(MAX_TIMER_MS);
  });

  it.each([
    ['baseDelayMs', 'it is negative', { baseDelayMs: -1 }, RangeError],
    ['baseDelayMs', 'it is NaN', { baseDelayMs: Number.NaN }, TypeError],
    ['stepMs', 'it is negative', { stepMs: -5 }, RangeError],
    ['stepMs', 'it is Infinity', { stepMs: Number.POSITIVE_INFINITY }, RangeError],
    ['stepMs', 'it passes the largest timer', { stepMs: MAX_TIMER_MS + 1 }, RangeError],
    ['stepMs', 'it is a string', { stepMs: '10' }, TypeError],
    [
      'capDelayMs',
      'it is below baseDelayMs',
      { baseDelayMs: 2_000, capDelayMs: 1_000 },
      RangeError,
    ],
    ['capDelayMs', 'it passes the largest timer', { capDelayMs: MAX_TIMER_MS + 1 }, RangeError],
    ['jitter', 'it is decorrelated', { jitter: 'decorrelated' }, TypeError],
    ['jitter', 'it is unknown', { jitter: 'some' }, TypeError],
    ['step', 'an option name lacks its unit', { step: 10 }, TypeError],
  ])('throws naming `%s` when %s', (name, _, options, Expected) => {
    const build = () => linearBackoff(options as never);

    expect(build).toThrow(Expected);
    expect(build).toThrow(`\`${name}\``);
  });

  it('throws a TypeError naming the options when they are null', () => {
    expect(() => linearBackoff(null as never)).toThrow(
      new TypeError('Expected the linearBackoff options to be an object, got null'),
    );
  });

  it('lists none, full and equal when it refuses decorrelated jitter', () => {
    expect(() => linearBackoff({ jitter: 'decorrelated' as never })).toThrow(
      `to be one of 'none', 'full', 'equal', got "decorrelated"`,
    );
  });
});
