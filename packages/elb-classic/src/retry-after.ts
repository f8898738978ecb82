/**
 * Reads a `Retry-After` header: a number of seconds, or an HTTP date. A date in the past reads
 * as 0.
 *
 * @param value - the header value, if any.
 * @param now - the current time in milliseconds since the epoch.
 * @returns the delay in milliseconds, or `undefined` for an absent or unreadable header.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();

  if (text === undefined || text === '') {
    return undefined;
  }

  if (/^\d+$/.test(text)) {
    const ms = Number(text) * 1000;

    return Number.isSafeInteger(ms) ? ms : undefined;
  }

  // Only the HTTP-date form (which always names a weekday) is a date here; `Date.parse`
  // accepts much more, such as '1.5', which a server never means as a date.
  const at = /^[A-Za-z]{3},/.test(text) ? Date.parse(text) : Number.NaN;

  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
