import { describe, expect, it } from '@jest/globals';

import { isoTime } from '../src/iso-time.js';

describe('isoTime', () => {
  it('writes each time as toISOString does, when times repeat and change', () => {
    const times = [0, 0, 1_700_000_000_123, 1_700_000_000_123, -1, 8.64e15, 0];

    expect(times.map(isoTime)).toEqual(times.map((ms) => new Date(ms).toISOString()));
  });

  it('throws a RangeError, and then still formats, when a time is out of range', () => {
    isoTime(5);

    expect(() => isoTime(8.64e15 + 1)).toThrow(RangeError);
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
    expect(isoTime(5)).toBe('1970-01-01T00:00:00.005Z');
  });
});
