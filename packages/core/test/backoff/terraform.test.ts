import { describe, expect, it } from '@jest/globals';

import type { VerdictType } from '../../src/verdict.js';
import { terraformBackoff } from '../../src/backoff/terraform.js';
import { MAX_TIMER_MS } from '../../src/backoff/validate.js';
import { context, schedule } from './helpers.js';

describe('terraformBackoff', () => {
  it('doubles from 200 ms to 6.4 s and then holds 10 s when the options are default', () => {
    expect(schedule(terraformBackoff(), 10)).toEqual([
      200, 400, 800, 1_600, 3_200, 6_400, 10_000, 10_000, 10_000, 10_000,
    ]);
  });

  it('holds 10 s when the attempt is 10 000', () => {
    expect(schedule(terraformBackoff(), 10_000).at(-1)).toBe(10_000);
  });

  it('raises a delay to minTimeoutMs and doubles on from there when minTimeoutMs is 1 s', () => {
    expect(schedule(terraformBackoff({ minTimeoutMs: 1_000 }), 6)).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
  });

  it('keeps a minTimeoutMs above 10 s for the first delay only, as Terraform does', () => {
    expect(schedule(terraformBackoff({ minTimeoutMs: 15_000 }), 4)).toEqual([
      15_000, 10_000, 10_000, 10_000,
    ]);
  });

  it('answers pollIntervalMs for every poll and verdict when it is set', () => {
    const strategy = terraformBackoff({ minTimeoutMs: 5_000, pollIntervalMs: 2_500 });
    const verdicts: VerdictType[] = ['pending', 'success', 'not-found', 'pending'];

    expect(schedule(strategy, 4, undefined, verdicts)).toEqual([2_500, 2_500, 2_500, 2_500]);
  });

  it('doubles as usual when pollIntervalMs is 0, which Terraform reads as unset', () => {
    expect(schedule(terraformBackoff({ pollIntervalMs: 0 }), 3)).toEqual([200, 400, 800]);
  });

  it('holds the delay while a success is re-confirmed and doubles after a pending poll', () => {
    const verdicts: VerdictType[] = ['pending', 'pending', 'success', 'success', 'pending'];

    expect(schedule(terraformBackoff(), 6, undefined, verdicts)).toEqual([
      200, 400, 400, 400, 800, 1_600,
    ]);
  });

  it('waits 100 ms when the very first poll is a success still to be confirmed', () => {
    const verdicts: VerdictType[] = ['success', 'success', 'pending'];

    expect(schedule(terraformBackoff(), 3, undefined, verdicts)).toEqual([100, 100, 200]);
  });

  it('raises a held delay to minTimeoutMs when it re-confirms a success', () => {
    const strategy = terraformBackoff({ minTimeoutMs: 15_000 });
    const verdicts: VerdictType[] = ['pending', 'pending', 'success'];

    expect(schedule(strategy, 3, undefined, verdicts)).toEqual([15_000, 10_000, 15_000]);
  });

  it('restarts from 100 ms when the previous delay is 0, NaN or missing', () => {
    const strategy = terraformBackoff();
    const previous = [0, Number.NaN, undefined, -4];

    expect(previous.map((p) => strategy.nextDelay(context(5, { previousDelayMs: p })))).toEqual([
      200, 200, 200, 200,
    ]);
  });

  it.each([
    ['minTimeoutMs', 'it is negative', { minTimeoutMs: -1 }, RangeError],
    ['minTimeoutMs', 'it is NaN', { minTimeoutMs: Number.NaN }, TypeError],
    ['minTimeoutMs', 'it passes the largest timer', { minTimeoutMs: MAX_TIMER_MS + 1 }, RangeError],
    [
      'pollIntervalMs',
      'it is 180 s, which Terraform ignores',
      { pollIntervalMs: 180_000 },
      RangeError,
    ],
    ['pollIntervalMs', 'it is Infinity', { pollIntervalMs: Number.POSITIVE_INFINITY }, RangeError],
    ['pollIntervalMs', 'it is negative', { pollIntervalMs: -1 }, RangeError],
    ['pollIntervalMs', 'it is a string', { pollIntervalMs: '5s' }, TypeError],
    ['minTimeout', 'an option name lacks its unit', { minTimeout: 1_000 }, TypeError],
  ])('throws naming `%s` when %s', (name, _, options, Expected) => {
    const build = () => terraformBackoff(options as never);

    expect(build).toThrow(Expected);
    expect(build).toThrow(`\`${name}\``);
  });

  it('accepts pollIntervalMs when it is just below 180 s', () => {
    expect(terraformBackoff({ pollIntervalMs: 179_999 }).nextDelay(context(1))).toBe(179_999);
  });

  it('throws a TypeError naming the options when they are an array', () => {
    expect(() => terraformBackoff([] as never)).toThrow(
      new TypeError('Expected the terraformBackoff options to be an object, got an array'),
    );
  });
});
