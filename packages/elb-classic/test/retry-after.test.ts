import { describe, expect, it } from '@jest/globals';
import { MAX_TIMER_MS, parseRetryAfter as coreParseRetryAfter } from '@jobwait/core';

import { parseRetryAfter } from '../src/retry-after.js';

const now = Date.parse('2024-05-14T08:00:00Z');

describe('parseRetryAfter', () => {
  it('is the parser of @jobwait/core when imported from the adapter', () => {
    expect(parseRetryAfter).toBe(coreParseRetryAfter);
  });

  it('reads seconds as milliseconds', () => {
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Tue, 14 May 2024 08:00:30 GMT', now)).toBe(30_000);
  });

  it('reads an HTTP date in the past as 0', () => {
    expect(parseRetryAfter('Tue, 14 May 2024 07:00:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', '1.5', '-3', 'soon', '2024-05-14'])('ignores %p', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it.each([
    ['99999999999999999999', 'beyond a safe integer'],
    ['9'.repeat(400), 'beyond what a number holds'],
    ['2147484', 'just beyond the longest timer'],
    ['Fri, 01 Jan 2100 00:00:00 GMT', 'a date decades away'],
  ])('reads %p as the longest timer when it is %s', (value) => {
    expect(parseRetryAfter(value, now)).toBe(MAX_TIMER_MS);
  });

  it('reads seconds as they are when they fit in a timer', () => {
    expect(parseRetryAfter('2147483', now)).toBe(2_147_483_000);
  });

  it('reads the obsolete RFC 850 and asctime dates as the time left until them', () => {
    expect(parseRetryAfter('Tuesday, 14-May-24 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue May 14 08:00:30 2024', now)).toBe(30_000);
  });
});
