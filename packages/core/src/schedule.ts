import type { BackoffReason } from './events.js';

/** Everything {@link planNextPoll} weighs to place the next poll. */
export interface ScheduleInput {
  /** Current time, ms since the epoch. */
  readonly now: number;
  /** When the wait gives up, ms since the epoch. */
  readonly deadline: number;
  /**
   * The delay the backoff strategy asked for. A strategy is user code, so this is whatever it
   * returned: anything that is not a number, and NaN, count as no delay at all.
   */
  readonly strategyDelayMs: unknown;
  /** The server's hint (Retry-After), if the last poll carried one; NaN counts as none. */
  readonly retryAfterMs?: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** How long the next poll is expected to take; the last poll must fit before the deadline. */
  readonly pollAllowanceMs: number;
}

/** Where the next poll goes, or `undefined` when no poll fits before the deadline any more. */
export interface PlannedPoll {
  readonly delayMs: number;
  readonly reason: BackoffReason;
}

/**
 * Places the next poll. The strategy's delay (`minDelayMs` when it is not a number or is NaN)
 * is raised to the server's hint when the hint is longer (the server knows its load), then
 * clamped to [`minDelayMs`, `maxDelayMs`]. When that would start the poll too late to finish
 * before the deadline, the poll moves earlier, to the last moment at which it still fits, so
 * a wait never times out while a poll could have answered. When even that is closer than
 * `minDelayMs`, nothing fits.
 */
export function planNextPoll(input: ScheduleInput): PlannedPoll | undefined {
  const { now, deadline, minDelayMs, maxDelayMs, pollAllowanceMs } = input;
  const wanted = preferredDelay(input);
  const delayMs = clamp(wanted.delayMs, minDelayMs, maxDelayMs);
  const latestStart = deadline - pollAllowanceMs;

  if (now + delayMs <= latestStart) {
    return { delayMs, reason: wanted.reason };
  }

  const alignedMs = Math.floor(latestStart - now);

  return alignedMs >= minDelayMs ? { delayMs: alignedMs, reason: 'deadline' } : undefined;
}

function preferredDelay({ strategyDelayMs, retryAfterMs }: ScheduleInput): PlannedPoll {
  // A strategy is user code: an answer that is not a number, NaN or a negative one falls to
  // the minimum, Infinity to the maximum, so none becomes a tight loop, an overflowing timer
  // or a NaN that would push the poll to the deadline.
  const strategy = isNumber(strategyDelayMs) ? Math.max(0, strategyDelayMs) : 0;

  // A hint that is not a number above that delay is ignored; Infinity is held to the maximum.
  if (isNumber(retryAfterMs) && retryAfterMs > strategy) {
    return { delayMs: retryAfterMs, reason: 'retry-after' };
  }

  return { delayMs: strategy, reason: 'strategy' };
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
