const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

// One or more `<number><unit>` parts, such as `90s`, `1m30s` or `1.5h`.
const PARTS = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+)(?:\.(\d+))?(ms|s|m|h)/g;

/** What {@link readDuration} makes of a duration flag's text. */
export type DurationReading =
  { readonly ms: number; readonly unitless: boolean } | { readonly problem: 'syntax' | 'fraction' };

/**
 * Reads a duration as the command line takes it: a number of milliseconds without a unit
 * (`1500`), or parts with units `ms`, `s`, `m`, `h` (`90s`, `10m`, `1m30s`, `1.5h`). The
 * arithmetic is exact, and each part must come to whole milliseconds (`1.5s` does, `0.5ms`
 * and `1.0005s` do not).
 *
 * @returns the milliseconds and whether the text had no unit; or the problem: `syntax` when
 *   the text is not a duration, `fraction` when it has a fraction of a millisecond.
 */
export function readDuration(text: string): DurationReading {
  const trimmed = text.trim();

  if (/^\d+$/.test(trimmed)) {
    return { ms: Number(trimmed), unitless: true };
  }

  if (!PARTS.test(trimmed)) {
    return { problem: 'syntax' };
  }

  let total = 0n;
  for (const [, whole, fraction = '', unit] of trimmed.matchAll(PART)) {
    const scale = 10n ** BigInt(fraction.length);
    const scaledMs = BigInt(`${whole}${fraction}`) * BigInt(UNIT_MS[unit as string] as number);

    if (scaledMs % scale !== 0n) return { problem: 'fraction' };
    total += scaledMs / scale;
  }

  return { ms: Number(total), unitless: false };
}

/**
 * Reads a duration as {@link readDuration} does.
 *
 * @returns the duration in whole milliseconds, or `undefined` when `text` is not a duration
 *   or has a fraction of a millisecond.
 */
export function parseDuration(text: string): number | undefined {
  const reading = readDuration(text);

  return 'ms' in reading ? reading.ms : undefined;
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
