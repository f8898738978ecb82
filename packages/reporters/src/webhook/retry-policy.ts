/** The retry settings of a webhook reporter, defaults filled in. */
export interface RetryPolicy {
  /** Attempts per message, the first included. */
  readonly maxAttempts: number;
  /** The first delay, and the least delay between two attempts, in milliseconds. */
  readonly minDelayMs: number;
  /** The longest delay between two attempts, Retry-After included, in milliseconds. */
  readonly maxDelayMs: number;
  /** A number in [0, 1), for jitter. */
  readonly random: () => number;
}

/**
 * Whether an answer with this status is worth another attempt: 408 (request timeout), 429 (too
 * many requests) and every 5xx. Other statuses mean the receiver has decided: a 2xx took the
 * message, and a 3xx or another 4xx will answer the same bytes the same way.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * The delay before attempt `failedAttempt + 1`: exponential from `minDelayMs`, doubling per
 * attempt, with jitter that puts it anywhere from one step to twice that step (so 500–1000 ms,
 * then 1–2 s, then 2–4 s with the defaults); never shorter than a Retry-After the receiver
 * sent; and always clamped to `[minDelayMs, maxDelayMs]`, so that a huge Retry-After cannot
 * stall the queue.
 *
 * @param failedAttempt - the attempt that just failed, from 1.
 * @param retryAfterMs - the receiver's Retry-After, already read as milliseconds, if any.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  failedAttempt: number,
  retryAfterMs: number | undefined,
): number {
  const { minDelayMs, maxDelayMs, random } = policy;
  const stepMs = minDelayMs * 2 ** Math.min(Math.max(0, failedAttempt - 1), 52);
  const jitteredMs = stepMs * (1 + clampUnit(random()));
  const wantedMs = Math.max(jitteredMs, retryAfterMs ?? 0);

  return Math.round(Math.min(maxDelayMs, Math.max(minDelayMs, wantedMs)));
}

/** A random source that returns junk must not make a delay NaN or negative. */
function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
}
