/**
 * An ISO 8601 date and time, `T` or a space between them, seconds and fractions optional,
 * with its zone (`Z`, `+08:00`, `+0800`) in the second group when there is one.
 */
const TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * How long a finished classic ELB job took, by the provider's clock: its `end_time` minus its
 * `begin_time`, in milliseconds. Answers `undefined` when either is missing or empty (as
 * `end_time` is while the job runs), is not an ISO 8601 time, when one names a zone and the
 * other does not, or when the end comes before the beginning. It is the `durationOf` of
 * `elbDurationAwareBackoff`, which learns from it a better duration than the two polls around
 * the job's end tell.
 *
 * @remarks Both times come from the provider, so the reading does not depend on the local
 * clock; it does not count the moments between the create call and the job's `begin_time`,
 * which a wait started with the create call does see.
 */
export function elbJobDurationMs(job: unknown): number | undefined {
  if (typeof job !== 'object' || job === null) return undefined;

  const { begin_time: begin, end_time: end } = job as Record<string, unknown>;
  const beginMs = parseTime(begin);
  const endMs = parseTime(end);
  if (beginMs === undefined || endMs === undefined || beginMs.zoned !== endMs.zoned) {
    return undefined;
  }

  const durationMs = endMs.ms - beginMs.ms;

  return durationMs >= 0 ? durationMs : undefined;
}

/** A time of the body in ms since the epoch, and whether it named its zone. */
function parseTime(value: unknown): { ms: number; zoned: boolean } | undefined {
  if (typeof value !== 'string') return undefined;

  const match = TIMESTAMP.exec(value);
  if (match === null) return undefined;

  // Date.parse reads ISO 8601 with a `T` only, and fractions beyond milliseconds vary by engine.
  const text = value.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(text);

  return Number.isFinite(ms) ? { ms, zoned: match[1] !== undefined } : undefined;
}
