import { describe, expect, it } from '@jest/globals';

import { formatDuration } from '../../src/console/format.js';

describe('formatDuration', () => {
  it.each([
    [0, '0.0s'],
    [49, '0.0s'],
    [50, '0.1s'],
    [1_234, '1.2s'],
    [59_949, '59.9s'],
    [59_950, '1m'],
    [60_000, '1m'],
    [65_400, '1m 5s'],
    [600_000, '10m'],
    [3_599_999, '59m 59s'],
    [3_600_000, '1h'],
    [7_380_000, '2h 3m'],
    [-0, '0.0s'],
  ])('formats %p ms as %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('throws a TypeError when the duration is NaN or not a number', () => {
    expect(() => formatDuration(NaN)).toThrow(
      new TypeError('Expected `ms` to be a number, got NaN'),
    );
    expect(() => formatDuration('5' as never)).toThrow(
      new TypeError('Expected `ms` to be a number, got "5"'),
    );
  });

  it.each([-5, -Infinity, Infinity])('throws a RangeError when the duration is %p', (ms) => {
    expect(() => formatDuration(ms)).toThrow(
      new RangeError(`Expected \`ms\` to be a finite number from 0, got ${ms}`),
    );
  });
});
