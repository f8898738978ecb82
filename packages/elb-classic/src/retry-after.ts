import { MAX_TIMER_MS } from '@jobwait/core';

/**
 * Reads a `Retry-After` header: a number of seconds, or an HTTP date. A date in the past reads
 * as 0. A delay longer than core's `MAX_TIMER_MS` (2^31 − 1 ms, about 24.8 days), such as
 * `99999999999999999999` seconds, reads as `MAX_TIMER_MS`: the server asks for a very long
 * wait, which the waiter then cuts to its `maxDelayMs`.
 *
 * @param value - the header value, if any.
 * @param now - the current time in milliseconds since the epoch.
 * @returns the delay in milliseconds, at most `MAX_TIMER_MS`, or `undefined` for an absent or
 *   unreadable header.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();

  if (text === undefined || text === '') {
    return undefined;
  }

  if (/^\d+$/.test(text)) {
    // Too many digits read as Infinity, which the clamp turns into the longest delay too.
    return Math.min(Number(text) * 1000, MAX_TIMER_MS);
  }

  // Only the HTTP-date form (which always names a weekday) is a date here; `Date.parse`
  // accepts much more, such as '1.5', which a server never means as a date.
  const at = /^[A-Za-z]{3},/.test(text) ? Date.parse(text) : Number.NaN;

  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - now), MAX_TIMER_MS);
}
