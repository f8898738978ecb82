import { describe, expect, it } from '@jest/globals';

import { formatDurationFlag, parseDuration } from '../src/duration.js';

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
    ['0.0005s', 1],
  ])('reads %p as %p ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 's', '-1', '1.5', '5 s', '5sec', '1d', '1e3', 'Infinity', '1m 30s'])(
    'rejects %p',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
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
