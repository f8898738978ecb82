import { ELB_WAIT_DEFAULTS } from '@jobwait/elb-classic';

/**
 * How long the simulated jobs take, in uncompressed time: lognormal around a median, as the
 * classic ELB's jobs do, and a share of them fail at the end instead of succeeding.
 */
export const DURATIONS = Object.freeze({ medianMs: 25_000, sigma: 0.5, failureRate: 0.05 });

/**
 * The jobs of a run are created evenly over this window (uncompressed), not at one instant: a
 * fleet's jobs start a little apart, and a schedule without jitter would otherwise send all its
 * polls in one burst, whose queueing the time compression would magnify.
 */
export const CREATION_WINDOW_MS = 5000;

/**
 * The schedule every contender is given, in uncompressed milliseconds: the defaults of
 * `waitForElbJob`, so that jobwait runs with its default settings and the others with the same
 * minimum delay, maximum delay and timeout. Only jobwait and the hand-written loops, which copy
 * its schedule, use the initial delay, base delay and factor.
 */
export const SCHEDULE = Object.freeze({
  initialDelayMs: ELB_WAIT_DEFAULTS.initialDelayMs,
  minDelayMs: ELB_WAIT_DEFAULTS.minDelayMs,
  maxDelayMs: ELB_WAIT_DEFAULTS.maxDelayMs,
  baseDelayMs: ELB_WAIT_DEFAULTS.baseDelayMs,
  backoffFactor: ELB_WAIT_DEFAULTS.backoffFactor,
  timeoutMs: ELB_WAIT_DEFAULTS.timeoutMs,
  // The constants of Terraform's StateChangeConf (helper/retry/state.go): the wait after the
  // first refresh starts at 100 ms, doubles, and is held between MinTimeout and 10 s.
  terraformFirstWaitMs: 100,
  terraformCapMs: 10_000,
});

/** What the HTTP clients are given: real time, never compressed, as a fleet would set them. */
export const HTTP = Object.freeze({
  requestTimeoutMs: ELB_WAIT_DEFAULTS.requestTimeoutMs,
  maxSockets: ELB_WAIT_DEFAULTS.maxSockets,
});

/** The token the simulator checks and every contender sends. */
export const BENCH_TOKEN = 'jobwait-bench-token-not-a-secret';

/**
 * The product of concurrent waits and compression that keeps the busiest contender (a poll every
 * minimum delay) at about half the requests per second that got sustains on a 2-core machine
 * with the simulator beside it: with more, HTTP queueing, which compression multiplies, would
 * show as lag.
 */
const WAITS_TIMES_COMPRESSION = 2500;

/**
 * The time compression for `waits` concurrent waits: 25 for 100 waits, 2 for 1,000 and 1 (real
 * time, never slower) for 10,000; at most 50.
 *
 * @param {number} waits
 * @returns {number}
 */
export function compressionFor(waits) {
  return Math.min(50, Math.max(1, Math.floor(WAITS_TIMES_COMPRESSION / waits)));
}

/**
 * The schedule with every time divided by the compression: simulated time runs `compression`
 * times faster than real time.
 *
 * @param {number} compression
 * @returns {typeof SCHEDULE}
 */
export function compressedSchedule(compression) {
  const entries = Object.entries(SCHEDULE).map(([key, value]) => [
    key,
    key.endsWith('Ms') ? value / compression : value,
  ]);

  return /** @type {typeof SCHEDULE} */ (Object.fromEntries(entries));
}
