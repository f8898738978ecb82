import { MAX_TIMER_MS } from '@jobwait/core';

/**
 * The defaults of `waitForElbJob` and `ElbClient`, tuned to the classic ELB jobs API, where a
 * job takes from a few seconds to a few minutes. Every time is in milliseconds. Exported so a
 * command line or another tool can show and reuse them.
 */
export const ELB_WAIT_DEFAULTS = Object.freeze({
  /**
   * Delay before the first poll: a new job is never done at once. Not applied when the backoff
   * places the first poll itself (has `initialDelay`, as `elbDurationAwareBackoff()` does).
   */
  initialDelayMs: 3000,
  /** No two polls closer than this. */
  minDelayMs: 2000,
  /** No delay longer than this: the backoff's cap. */
  maxDelayMs: 15_000,
  /** The backoff's first delay; it doubles after each poll up to `maxDelayMs`, no jitter. */
  baseDelayMs: 2000,
  /** The growth of the delay per poll. */
  backoffFactor: 2,
  /** The hard deadline of a wait: 10 minutes. */
  timeoutMs: 600_000,
  /** The longest one HTTP request may take. */
  requestTimeoutMs: 10_000,
  /** The largest response body accepted, in bytes (1 MiB). */
  maxResponseBytes: 1_048_576,
  /** The most sockets the client's agent opens to the endpoint at once. */
  maxSockets: 8,
});

/**
 * The per-poll timeout that goes with a per-request timeout: a poll may send two requests (a
 * 401, a credential refresh, and the retry), plus time to refresh. At most core's
 * `MAX_TIMER_MS` (2^31 − 1), the longest delay a timer holds, so that a very long request
 * timeout does not make the derived option invalid.
 */
export function pollTimeoutFor(requestTimeoutMs: number): number {
  return Math.min(2 * requestTimeoutMs + 5000, MAX_TIMER_MS);
}
