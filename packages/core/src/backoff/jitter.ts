import { describeValue } from '../describe-value.js';

/**
 * How randomness spreads the delays of a schedule, after the kinds the AWS Architecture Blog
 * post "Exponential Backoff And Jitter" compares. For a delay whose schedule says `ceiling`:
 *
 * - `'none'`: exactly `ceiling`.
 * - `'full'`: uniform in [0, ceiling]; spreads many waiters the most.
 * - `'equal'`: `ceiling / 2` plus a uniform draw in [0, ceiling / 2]; never below half.
 * - `'decorrelated'`: uniform in [base, min(cap, previous × 3)], where `previous` is the last
 *   delay (`base` at first): it grows from the last delay, not from the attempt number. The
 *   blog post draws first and clips to the cap after, which sticks to the cap; narrowing the
 *   range first keeps the delays random there. Only `exponentialBackoff` offers it.
 *
 * Jittered delays are whole milliseconds, rounded down but never below the low end.
 */
export type Jitter = 'none' | 'full' | 'equal' | 'decorrelated';

/** The jitter kinds that spread a ceiling, all but `'decorrelated'`. */
export type CeilingJitter = Exclude<Jitter, 'decorrelated'>;

/**
 * Checks that option `jitter` is one of `allowed`, or throws a `TypeError` that lists them and
 * says what it got.
 */
export function assertJitter<K extends Jitter>(
  value: unknown,
  allowed: readonly K[],
): asserts value is K {
  if ((allowed as readonly unknown[]).includes(value)) return;

  const names = allowed.map((kind) => `'${kind}'`).join(', ');
  throw new TypeError(
    `Expected option \`jitter\` to be one of ${names}, got ${describeValue(value)}`,
  );
}

/**
 * A uniform draw from [`lowMs`, `highMs`] with `random` (a number in [0, 1)), rounded down to
 * a whole millisecond but never below `lowMs` nor above `highMs`.
 */
export function uniformDelay(lowMs: number, highMs: number, random: () => number): number {
  const drawn = Math.floor(lowMs + random() * (highMs - lowMs));

  // A random source that strays outside [0, 1), or answers NaN, still cannot push a delay out
  // of its range.
  return Number.isNaN(drawn) ? lowMs : Math.min(highMs, Math.max(lowMs, drawn));
}

/**
 * Spreads `ceilingMs` as `jitter` says: as it is (`'none'`), over [0, ceiling] (`'full'`), or
 * over [ceiling / 2, ceiling] (`'equal'`).
 */
export function spreadDelay(
  jitter: CeilingJitter,
  ceilingMs: number,
  random: () => number,
): number {
  switch (jitter) {
    case 'none':
      return ceilingMs;
    case 'full':
      return uniformDelay(0, ceilingMs, random);
    case 'equal':
      return uniformDelay(ceilingMs / 2, ceilingMs, random);
  }
}

/** What {@link decorrelatedDelay} draws from. */
export interface DecorrelatedInput {
  readonly baseDelayMs: number;
  readonly capDelayMs: number;
  /** The last delay drawn; `undefined`, or anything but a finite number, reads as the base. */
  readonly previousDelayMs: number | undefined;
  readonly random: () => number;
}

/**
 * Decorrelated jitter: a uniform draw from [base, min(cap, previous × 3)]. The blog post
 * draws from [base, previous × 3] and then clips to the cap, which answers the cap itself two
 * times in three once the cap is reached; narrowing the range first keeps every delay random.
 */
export function decorrelatedDelay(input: DecorrelatedInput): number {
  const { baseDelayMs, capDelayMs, previousDelayMs, random } = input;
  const previousMs = Number.isFinite(previousDelayMs) ? previousDelayMs! : baseDelayMs;
  const highMs = Math.min(capDelayMs, Math.max(baseDelayMs, previousMs * 3));

  return uniformDelay(baseDelayMs, highMs, random);
}
