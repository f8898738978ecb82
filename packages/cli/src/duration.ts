const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

// One or more `<number><unit>` parts, such as `90s`, `1m30s` or `1.5h`.
const PARTS = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/**
 * Reads a duration as the command line takes it: a number of milliseconds (`1500`), or parts
 * with units `ms`, `s`, `m`, `h` (`90s`, `10m`, `1m30s`, `1.5h`).
 *
 * @returns the duration in whole milliseconds (rounded), or `undefined` when `text` is not a
 *   duration.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();

  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }

  if (!PARTS.test(trimmed)) {
    return undefined;
  }

  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) {
    total += Number(amount) * (UNIT_MS[unit as string] as number);
  }

  return Math.round(total);
}

/**
 * Writes a duration the way {@link parseDuration} reads it, in the largest unit that divides
 * it exactly: `600000` → `'10m'`, `3000` → `'3s'`, `1500` → `'1500ms'`.
 */
export function formatDurationFlag(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) {
    const size = UNIT_MS[unit] as number;
    if (ms > 0 && ms % size === 0) return `${ms / size}${unit}`;
  }

  return `${ms}ms`;
}
