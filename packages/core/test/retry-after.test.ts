import { describe, expect, it } from '@jest/globals';

import { MAX_TIMER_MS } from '../src/backoff/validate.js';
import { parseRetryAfter } from '../src/retry-after.js';

/** A Tuesday. */
const now = Date.parse('2024-05-14T08:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['5', 5_000],
    ['0', 0],
    ['007', 7_000],
    [' 5\t', 5_000],
    ['2147483', 2_147_483_000],
  ])('reads delay-seconds %p as %p ms', (value, want) => {
    expect(parseRetryAfter(value, now)).toBe(want);
  });

  it.each([
    ['an IMF-fixdate 10 s ahead', 'Tue, 14 May 2024 08:00:10 GMT', 10_000],
    ['an RFC 850 date 10 s ahead', 'Tuesday, 14-May-24 08:00:10 GMT', 10_000],
    ['an asctime date 10 s ahead', 'Tue May 14 08:00:10 2024', 10_000],
    ['an asctime date with a one-digit day', 'Tue Jun  4 08:00:00 2024', 21 * 86_400_000],
    ['a date in lower case', 'tue, 14 may 2024 08:00:10 gmt', 10_000],
    ['a date whose day name is wrong', 'Mon, 14 May 2024 08:00:10 GMT', 10_000],
    ['a leap second', 'Tue, 14 May 2024 08:00:60 GMT', 60_000],
    ['the current time', 'Tue, 14 May 2024 08:00:00 GMT', 0],
    ['a past IMF-fixdate', 'Tue, 14 May 2024 07:59:59 GMT', 0],
    ['a past RFC 850 date', 'Sunday, 06-Nov-94 08:49:37 GMT', 0],
    ['a past asctime date', 'Sun Nov  6 08:49:37 1994', 0],
    ['a date a year away', 'Wed, 14 May 2025 08:00:00 GMT', MAX_TIMER_MS],
    ['a date decades away', 'Fri, 01 Jan 2100 00:00:00 GMT', MAX_TIMER_MS],
  ])('reads %s as the time left until it', (_, value, want) => {
    expect(parseRetryAfter(value, now)).toBe(want);
  });

  it.each([
    ['99999999999999999999', 'beyond a safe integer'],
    ['9'.repeat(400), 'beyond what a double holds'],
    ['2147484', 'just beyond the longest timer'],
  ])('reads %p as the longest timer when it is %s', (value) => {
    expect(parseRetryAfter(value, now)).toBe(MAX_TIMER_MS);
  });

  it.each([
    ['-3', 'a negative number'],
    ['+5', 'a number with a plus sign'],
    ['1.5', 'a fraction'],
    ['1e3', 'an exponent'],
    ['5s', 'a unit'],
    ['abc', 'a word'],
    ['', 'empty'],
    [' \t ', 'only whitespace'],
    ['2024-05-14T08:00:10Z', 'an ISO 8601 date'],
    ['Tue, 14 May 2024 08:00:10 +0000', 'a date with a numeric zone'],
    ['Tue, 14 May 2024 08:00:10', 'a date without its zone'],
    ['Tue, 14 May 24 08:00:10 GMT', 'an IMF-fixdate with a two-digit year'],
    ['Fri, 31 Feb 2024 08:00:00 GMT', 'the 31st of February'],
    ['Tue, 00 May 2024 08:00:00 GMT', 'day 0 of a month'],
    ['Tue, 14 May 2024 24:00:00 GMT', 'hour 24'],
    ['Tue, 14 May 2024 08:60:00 GMT', 'minute 60'],
    ['Tue, 14 Mai 2024 08:00:10 GMT', 'a month name in German'],
    ['Tue,  14 May 2024 08:00:10 GMT', 'a date with a doubled space'],
    ['5\n', 'a number with a line break'],
  ])('reads %p as undefined when it is %s', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it.each([undefined, null])('reads %p as undefined', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it.each([
    [5, 5_000],
    [0, 0],
    [-0, 0],
    [1e20, MAX_TIMER_MS],
  ])('reads the number %p as seconds', (value, want) => {
    expect(parseRetryAfter(value, now)).toBe(want);
  });

  it.each([-3, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'reads the number %p as undefined',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );

  it('reads an RFC 850 year in the next century when the last one is over 50 years back', () => {
    const newYearsEve = Date.parse('2099-12-31T23:59:50Z');

    expect(parseRetryAfter('Friday, 01-Jan-00 00:00:00 GMT', newYearsEve)).toBe(10_000);
  });

  it('reads an RFC 850 year in the last century when this one is over 50 years ahead', () => {
    expect(parseRetryAfter('Monday, 14-May-74 08:00:00 GMT', now)).toBe(MAX_TIMER_MS);
    expect(parseRetryAfter('Tuesday, 14-May-75 08:00:00 GMT', now)).toBe(0);
  });

  it('reads a date as undefined and seconds as usual when now is not a number', () => {
    expect(parseRetryAfter('Tue, 14 May 2024 08:00:10 GMT', Number.NaN)).toBeUndefined();
    expect(parseRetryAfter('5', Number.NaN)).toBe(5_000);
  });

  it('reads a value of another type as undefined', () => {
    expect(parseRetryAfter(['5'] as never, now)).toBeUndefined();
  });

  it('reads a value with a long run of inner spaces as unreadable, trimming its ends', () => {
    const padded = ' '.repeat(50_000);

    expect(parseRetryAfter(`x${padded}x`, now)).toBeUndefined();
    expect(parseRetryAfter(`${padded}5${padded}`, now)).toBe(5_000);
  });
});
