import { describe, expect, it } from '@jest/globals';

import { formatSdkDate, parseSdkDate } from '../../src/signing/sdk-date.js';

describe('formatSdkDate', () => {
  it('writes the UTC time as yyyyMMddTHHmmssZ, dropping milliseconds', () => {
    expect(formatSdkDate(Date.parse('2019-11-15T03:36:55.999Z'))).toBe('20191115T033655Z');
  });

  it('keeps a year under 1000 on four digits', () => {
    expect(formatSdkDate(Date.parse('0099-01-02T03:04:05Z'))).toBe('00990102T030405Z');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Date.parse('+010000-01-01T00:00:00Z')])(
    'refuses %p with a RangeError',
    (timeMs) => {
      expect(() => formatSdkDate(timeMs)).toThrow(RangeError);
    },
  );
});

describe('parseSdkDate', () => {
  it('reads a value back to its time', () => {
    expect(parseSdkDate('20191115T033655Z')).toBe(Date.parse('2019-11-15T03:36:55Z'));
    expect(parseSdkDate('00990102T030405Z')).toBe(Date.parse('0099-01-02T03:04:05Z'));
  });

  it.each([
    '2019-11-15T03:36:55Z',
    '20191115T033655',
    '20191115T033655z',
    '20190230T000000Z',
    '20191115T240000Z',
    '20191115T033660Z',
    ' 20191115T033655Z',
    '',
  ])('refuses %p', (text) => {
    expect(parseSdkDate(text)).toBeUndefined();
  });
});
