const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * `timeMs` (ms since the epoch) as an `X-Sdk-Date` value, `yyyyMMddTHHmmssZ` in UTC, such as
 * `20191115T033655Z`. Milliseconds are dropped.
 *
 * @throws RangeError when the time is not a finite number of a year from 0 to 9999.
 */
export function formatSdkDate(timeMs: number): string {
  const date = new Date(Number.isFinite(timeMs) ? Math.floor(timeMs) : Number.NaN);
  const iso = Number.isNaN(date.getTime()) ? '' : date.toISOString();
  const text = iso.replace(
    /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.\d{3}Z$/,
    '$1$2$3T$4$5$6Z',
  );

  if (!SDK_DATE.test(text)) {
    throw new RangeError(
      'Expected a time from year 0 to 9999 for `X-Sdk-Date`, in ms since the epoch',
    );
  }

  return text;
}

/**
 * The time an `X-Sdk-Date` value names, in ms since the epoch; `undefined` when the value is
 * not `yyyyMMddTHHmmssZ` or names no real time (a 30 February, an hour 24).
 */
export function parseSdkDate(text: string): number | undefined {
  const parts = SDK_DATE.exec(text)?.slice(1).map(Number);

  if (parts === undefined) {
    return undefined;
  }

  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps the years 0 to 99 as they are.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const timeMs = date.getTime();

  return formatSdkDate(timeMs) === text ? timeMs : undefined;
}
