import { describe, expect, it } from '@jest/globals';

import { parseRetryAfter } from '../src/retry-after.js';

const now = Date.parse('2024-05-14T08:00:00Z');

describe('parseRetryAfter', () => {
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

  it.each([undefined, '', '1.5', '-3', 'soon', '2024-05-14', '9'.repeat(20)])(
    'ignores %p',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );
});
