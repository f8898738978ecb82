import { describe, expect, it } from '@jest/globals';

import {
  assertJitter,
  decorrelatedDelay,
  spreadDelay,
  uniformDelay,
} from '../../src/backoff/jitter.js';
import { noRandom } from './helpers.js';

describe('uniformDelay', () => {
  it.each([
    [0, 1_000],
    [0.25, 1_250],
    [0.999_999, 1_999],
  ])('draws floor(low + random × (high − low)) when random is %p', (r, want) => {
    expect(uniformDelay(1_000, 2_000, () => r)).toBe(want);
  });

  it('never goes below the low end when the low end has a fraction', () => {
    expect(uniformDelay(500.5, 1_001, () => 0)).toBe(500.5);
    expect(uniformDelay(500.5, 1_001, () => 0.5)).toBe(750);
  });

  it('stays within the range when the random source strays outside [0, 1)', () => {
    expect(uniformDelay(100, 200, () => 7)).toBe(200);
    expect(uniformDelay(100, 200, () => -1)).toBe(100);
  });

  it('answers the low end when the random source answers NaN', () => {
    expect(uniformDelay(100, 200, () => Number.NaN)).toBe(100);
  });
});

describe('spreadDelay', () => {
  it('answers the ceiling without drawing when jitter is none', () => {
    expect(spreadDelay('none', 4_000, noRandom)).toBe(4_000);
  });

  it.each([
    ['full', 0, 0],
    ['full', 0.5, 2_000],
    ['full', 0.999_999, 3_999],
    ['equal', 0, 2_000],
    ['equal', 0.5, 3_000],
    ['equal', 0.999_999, 3_999],
  ] as const)('spreads a 4 s ceiling when jitter is %s and random is %p', (jitter, r, want) => {
    expect(spreadDelay(jitter, 4_000, () => r)).toBe(want);
  });
});

describe('decorrelatedDelay', () => {
  const input = { baseDelayMs: 1_000, capDelayMs: 10_000 };

  it('draws from [base, 3 × previous] when that stays below the cap', () => {
    const draw = (r: number) =>
      decorrelatedDelay({ ...input, previousDelayMs: 2_000, random: () => r });

    expect([0, 0.5, 0.999_999].map(draw)).toEqual([1_000, 3_500, 5_999]);
  });

  it('draws from [base, cap] when 3 × previous passes the cap', () => {
    const draw = (r: number) =>
      decorrelatedDelay({ ...input, previousDelayMs: 9_000, random: () => r });

    expect([0, 0.5, 0.999_999].map(draw)).toEqual([1_000, 5_500, 9_999]);
  });

  it('reads the previous delay as the base when it is undefined, NaN or Infinity', () => {
    const previous = [undefined, Number.NaN, Number.POSITIVE_INFINITY];
    const draws = previous.map((previousDelayMs) =>
      decorrelatedDelay({ ...input, previousDelayMs, random: () => 0.5 }),
    );

    expect(draws).toEqual([2_000, 2_000, 2_000]);
  });

  it('answers the base when 3 × previous is below it', () => {
    expect(decorrelatedDelay({ ...input, previousDelayMs: 1, random: () => 0.9 })).toBe(1_000);
  });
});

describe('assertJitter', () => {
  it('accepts a kind when it is one of the allowed', () => {
    expect(() => assertJitter('equal', ['none', 'equal'])).not.toThrow();
  });

  it('throws a TypeError listing the allowed kinds when given another', () => {
    expect(() => assertJitter('decorrelated', ['none', 'full', 'equal'])).toThrow(
      new TypeError(
        `Expected option \`jitter\` to be one of 'none', 'full', 'equal', got "decorrelated"`,
      ),
    );
  });
});
