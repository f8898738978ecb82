import { describe, expect, it } from '@jest/globals';

import { formatDurationFlag, parseDuration, readDuration } from '../src/duration.js';

describe('parseDuration', () => {
  it.each([
    ['1500', 1500],
    ['0', 0],
    ['250ms', 250],
    ['90s', 90_000],
    ['1.5s', 1500],
    ['10m', 600_000],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['1h2m3s4ms', 3_723_004],
    [' 5s ', 5000],
    ['0.001s', 1],
    ['1.1s', 1100],
    ['0.3s', 300],
    ['1.5h', 5_400_000],
  ])('reads %p as %p ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 's', '-1', '1.5', '5 s', '5sec', '1d', '1e3', 'Infinity', '1m 30s', '0.5ms'])(
    'rejects %p',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('readDuration', () => {
  it('tells a bare number of milliseconds from one with a unit when reading both', () => {
    expect(readDuration('1500')).toEqual({ ms: 1500, unitless: true });
    expect(readDuration('1500ms')).toEqual({ ms: 1500, unitless: false });
  });

  it.each(['0.5ms', '1.0005s', '0.0005s', '1s0.1ms', '0.00000000000000000001h'])(
    'reports a fraction of a millisecond when given %p',
    (text) => {
      expect(readDuration(text)).toEqual({ problem: 'fraction' });
    },
  );

  it('reports a syntax problem when the text is not a duration', () => {
    expect(readDuration('10 minutes')).toEqual({ problem: 'syntax' });
  });
});

describe('formatDurationFlag', () => {
  it.each([
    [600_000, '10m'],
    [3000, '3s'],
    [7_200_000, '2h'],
    [1500, '1500ms'],
    [0, '0ms'],
  ])('writes %p ms as %p', (ms, text) => {
    expect(formatDurationFlag(ms)).toBe(text);
  });
});
