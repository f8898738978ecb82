import type { BackoffReason } from './events.js';

/** Everything {@link planNextPoll} weighs to place the next poll. */
export interface ScheduleInput {
  /** Current time, ms since the epoch. */
  readonly now: number;
  /** When the wait gives up, ms since the epoch. */
  readonly deadline: number;
  /** The delay the backoff strategy asked for. */
  readonly strategyDelayMs: number;
  /** The server's hint (Retry-After), if the last poll carried one. */
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
 * Places the next poll. The strategy's delay is raised to the server's hint when the hint is
 * longer (the server knows its load), then clamped to [`minDelayMs`, `maxDelayMs`]. When that
 * would start the poll too late to finish before the deadline, the poll moves earlier, to the
 * last moment at which it still fits, so a wait never times out while a poll could have
 * answered. When even that is closer than `minDelayMs`, nothing fits.
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
  // A strategy is user code: NaN or a negative answer falls to the minimum, Infinity to the
  // maximum, so neither becomes a tight loop or an overflowing timer.
  const strategy = Number.isNaN(strategyDelayMs) ? 0 : Math.max(0, strategyDelayMs);

  if (retryAfterMs !== undefined && !Number.isNaN(retryAfterMs) && retryAfterMs > strategy) {
    return { delayMs: retryAfterMs, reason: 'retry-after' };
  }

  return { delayMs: strategy, reason: 'strategy' };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
