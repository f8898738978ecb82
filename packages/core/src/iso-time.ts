/** The last time formatted by {@link isoTime}, and its text. */
let lastMs = Number.NaN;
let lastText = '';

/**
 * A time in ms since the epoch as ISO 8601 in UTC, as `Date.prototype.toISOString()` writes
 * it. The last answer is kept and reused: the events of one poll, and those of every wait
 * whose timer fired in the same millisecond, mostly share one time, and formatting it was the
 * largest cost of an event.
 *
 * @throws RangeError, as `toISOString()` does, when `ms` is not a time a `Date` can hold.
 */
export function isoTime(ms: number): string {
  if (ms !== lastMs) {
    lastText = new Date(ms).toISOString();
    lastMs = ms;
  }

  return lastText;
}
