import { describe, expect, it } from '@jest/globals';

import type { VerdictType } from '../../src/verdict.js';
import { constantBackoff } from '../../src/backoff/constant.js';
import { MAX_TIMER_MS } from '../../src/backoff/validate.js';

const random = (): number => 0.5;

describe('constantBackoff', () => {
  it('names delayMs when asked after any attempt and verdict', () => {
    const strategy = constantBackoff({ delayMs: 2_500 });
    const verdicts: VerdictType[] = ['pending', 'transient', 'throttled', 'not-found'];
    const delays = [1, 2, 10_000].flatMap((attempt) =>
      verdicts.map((verdict) =>
        strategy.nextDelay({ attempt, verdict, previousDelayMs: 2_500, random }),
      ),
    );

    expect(new Set(delays)).toEqual(new Set([2_500]));
    expect(delays).toHaveLength(12);
  });

  it('names delayMs in a TypeError when it is called without options', () => {
    expect(() => constantBackoff(undefined as never)).toThrow(TypeError);
    expect(() => constantBackoff(undefined as never)).toThrow(/`delayMs`/);
  });

  it('accepts delayMs when it is 0 or the largest timer', () => {
    const context = { attempt: 1, verdict: 'pending' as const, previousDelayMs: undefined, random };

    expect(constantBackoff({ delayMs: 0 }).nextDelay(context)).toBe(0);
    expect(constantBackoff({ delayMs: MAX_TIMER_MS }).nextDelay(context)).toBe(MAX_TIMER_MS);
  });

  it.each([
    [-1, RangeError],
    [MAX_TIMER_MS + 1, RangeError],
    [Number.POSITIVE_INFINITY, RangeError],
    [Number.NaN, TypeError],
    ['1000', TypeError],
    [undefined, TypeError],
  ])('throws naming `delayMs` when it is %p', (delayMs, Expected) => {
    const build = () => constantBackoff({ delayMs: delayMs as number });

    expect(build).toThrow(Expected);
    expect(build).toThrow('`delayMs`');
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['an array', [1_000], 'an array'],
    ['a number', 1_000, '1000'],
  ])('throws a TypeError naming the options when they are %s', (_, options, got) => {
    expect(() => constantBackoff(options as never)).toThrow(
      new TypeError(`Expected the constantBackoff options to be an object, got ${got}`),
    );
  });

  it('throws a TypeError suggesting delayMs when it is given delay', () => {
    expect(() => constantBackoff({ delay: 5 } as never)).toThrow(
      new TypeError('Unknown option `delay` of constantBackoff (did you mean `delayMs`?)'),
    );
  });
});
