import { MAX_TIMER_MS } from './backoff/validate.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = MONTHS.join('|');
const DAY_NAME = 'mon|tue|wed|thu|fri|sat|sun';
const LONG_DAY_NAME = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

/** `Sun, 06 Nov 1994 08:49:37 GMT`, the form servers send. */
const IMF_FIXDATE = new RegExp(`^(?:${DAY_NAME}), (\\d{2}) (${MONTH}) (\\d{4}) ${TIME} GMT$`, 'i');

/** `Sunday, 06-Nov-94 08:49:37 GMT`, obsolete but to be accepted. */
const RFC_850_DATE = new RegExp(
  `^(?:${LONG_DAY_NAME}), (\\d{2})-(${MONTH})-(\\d{2}) ${TIME} GMT$`,
  'i',
);

/** `Sun Nov  6 08:49:37 1994` (C's asctime, in UTC), obsolete but to be accepted. */
const ASCTIME_DATE = new RegExp(`^(?:${DAY_NAME}) (${MONTH}) ( \\d|\\d{2}) ${TIME} (\\d{4})$`, 'i');

/** The fields of a date as written, before they are checked. */
interface DateFields {
  readonly year: number;
  readonly month: string;
  readonly day: string;
  readonly time: readonly string[];
}

/**
 * Reads a `Retry-After` value (RFC 9110, section 10.2.3) as a delay in milliseconds.
 *
 * Two forms are read: delay-seconds, one or more ASCII digits (`120`); and an HTTP-date in
 * the IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`) or either obsolete form that a
 * recipient must accept, RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`, its two-digit year read
 * as the nearest year not more than 50 years ahead) and asctime (`Sun Nov  6 08:49:37 1994`).
 * Spaces and tabs around the value are ignored, and so is the case of names; the day name is
 * not checked against the date. A number is taken as delay-seconds already parsed.
 *
 * @param value - the header value, or a number of seconds; `undefined` or `null` when absent.
 * @param now - the current time in milliseconds since the epoch, to measure a date from.
 * @returns the delay in milliseconds: 0 for a date in the past, at most `MAX_TIMER_MS` (so a
 *   huge value such as `99999999999999999999` never overflows a timer); `undefined` for an
 *   absent or unreadable value: a sign, a fraction, an empty value, another date format or an
 *   impossible date (`31 Feb`), or a number that is not a non-negative integer.
 */
export function parseRetryAfter(
  value: string | number | undefined | null,
  now: number,
): number | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 ? secondsToMs(value) : undefined;
  }

  if (typeof value !== 'string') return undefined;

  const text = trimSpaces(value);

  if (/^\d+$/.test(text)) return secondsToMs(Number(text));

  // A `now` that is not a number leaves no time to measure a date from.
  const delayMs = (parseHttpDate(text, now) ?? Number.NaN) - now;

  return Number.isNaN(delayMs) ? undefined : clampDelay(delayMs);
}

function secondsToMs(seconds: number): number {
  // Too many digits read as Infinity, which the clamp holds to the longest timer too.
  return clampDelay(seconds * 1000);
}

function clampDelay(delayMs: number): number {
  // Math.max also turns -0 into +0.
  return Math.min(Math.max(delayMs, 0), MAX_TIMER_MS);
}

function parseHttpDate(text: string, now: number): number | undefined {
  const imf = IMF_FIXDATE.exec(text);
  if (imf !== null) {
    const [, day = '', month = '', year = '', ...time] = imf;

    return toEpochMs({ year: Number(year), month, day, time });
  }

  const rfc850 = RFC_850_DATE.exec(text);
  if (rfc850 !== null) {
    const [, day = '', month = '', year = '', ...time] = rfc850;

    return toEpochMs({ year: expandTwoDigitYear(Number(year), now), month, day, time });
  }

  const asctime = ASCTIME_DATE.exec(text);
  if (asctime !== null) {
    const [, month = '', day = '', hour = '', minute = '', second = '', year = ''] = asctime;

    return toEpochMs({ year: Number(year), month, day, time: [hour, minute, second] });
  }

  return undefined;
}

/**
 * RFC 9110 asks that a two-digit year more than 50 years ahead be read as the latest past
 * year with the same last two digits; one as far back is read as the century after.
 */
function expandTwoDigitYear(twoDigits: number, now: number): number {
  const currentYear = new Date(now).getUTCFullYear();
  const year = currentYear - (currentYear % 100) + twoDigits;

  if (year > currentYear + 50) return year - 100;

  return year <= currentYear - 50 ? year + 100 : year;
}

function toEpochMs({ year, month, day, time }: DateFields): number | undefined {
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  const [hour, minute, second] = time.map(Number) as [number, number, number];

  // 60 seconds is a leap second, which the date grammar allows.
  if (hour > 23 || minute > 59 || second > 60) return undefined;

  // setUTCFullYear, unlike Date.UTC, reads a year below 100 as that year, not as 19xx.
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, Number(day));

  // A day past the end of its month (31 Feb) rolls over into the next; such a date is refused.
  // The check comes before the time, which a leap second may roll into the next day.
  if (date.getUTCDate() !== Number(day)) return undefined;

  return date.setUTCHours(hour, minute, second);
}

/**
 * `value` without the spaces and tabs around it. A loop rather than a regular expression, whose
 * backtracking would take quadratic time on a long run of inner spaces.
 */
function trimSpaces(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isSpace(value.charCodeAt(start))) start += 1;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end -= 1;

  return value.slice(start, end);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}
