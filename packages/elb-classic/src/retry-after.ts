/**
 * Reads a `Retry-After` header: core's `parseRetryAfter`, kept under this name so that the
 * adapter and its users have one reader of the header. Seconds or an HTTP date (IMF-fixdate,
 * RFC 850 or asctime) give a delay in milliseconds; a date in the past reads as 0, and a delay
 * longer than `MAX_TIMER_MS` (2^31 − 1 ms, about 24.8 days), such as `99999999999999999999`
 * seconds, reads as `MAX_TIMER_MS`, which the waiter then cuts to its `maxDelayMs`. An absent
 * or unreadable header reads as `undefined`.
 */
export { parseRetryAfter } from '@jobwait/core';
