import type { BackoffStrategy } from './backoff-strategy.js';
import { assertKnownOptions, assertNumberInRange, assertOptionsObject } from './validate.js';

/** Options of {@link terraformBackoff}, named after Terraform's `StateChangeConf` fields. */
export interface TerraformBackoffOptions {
  /**
   * Terraform's `MinTimeout`: the shortest delay, in milliseconds. A doubled delay below it is
   * raised to it. Default 0.
   */
  minTimeoutMs?: number;
  /**
   * Terraform's `PollInterval`: when above 0 (and below 180 000, the most Terraform honours),
   * every delay is this many milliseconds and the doubling is off. Default 0, no interval.
   */
  pollIntervalMs?: number;
}

const OPTION_NAMES = ['minTimeoutMs', 'pollIntervalMs'];

/** The wait Terraform doubles before its first sleep, in milliseconds. */
const FIRST_WAIT_MS = 100;

/** Terraform's ceiling on a doubled wait, in milliseconds. */
const LONGEST_WAIT_MS = 10_000;

/** Terraform ignores a `PollInterval` this long or longer, in milliseconds. */
const POLL_INTERVAL_LIMIT_MS = 180_000;

/**
 * The delays of Terraform's state-change waiter (`helper/retry` `StateChangeConf`, in
 * terraform-plugin-sdk): 200, 400, 800, 1600, 3200 and 6400 ms after polls 1 to 6, then 10 s
 * after every later poll. A delay below `minTimeoutMs` is raised to it; while a success is being
 * re-confirmed (the last verdict was `success` and the wait goes on, `successConfirmations` >
 * 1) the delay does not double; a `pollIntervalMs` replaces all of that with a constant.
 *
 * Terraform's other fields map to waiter options: `Delay` to `initialDelayMs`, `Timeout` to
 * `timeoutMs`, `NotFoundChecks` to `maxNotFound` (Terraform's default is 20, jobwait's 3), and
 * `ContinuousTargetOccurence` to `successConfirmations`.
 *
 * @remarks
 * Each delay is derived from the previous one (`previousDelayMs`), so the strategy keeps no
 * state. Two of Terraform's quirks are kept: a `minTimeoutMs` above 10 s holds only for a
 * delay that doubled from below it (the next doubling is cut to 10 s), and the doubling stops
 * during a re-confirmation even at 100 ms. One is not: Terraform also holds the delay after a
 * not-found poll that follows a success, which a stateless strategy cannot tell from any other
 * not-found; here that delay doubles.
 *
 * @throws TypeError when `options` is given but is not a plain object (`null` included), names
 *   an unknown option, or an option has the wrong type; RangeError for an option out of range,
 *   such as a `pollIntervalMs` of 180 000 or more, which Terraform would silently ignore.
 */
export function terraformBackoff(options: TerraformBackoffOptions = {}): BackoffStrategy {
  assertOptionsObject('terraformBackoff', options);
  assertKnownOptions('terraformBackoff', options, OPTION_NAMES);
  const { minTimeoutMs = 0, pollIntervalMs = 0 } = options;

  assertNumberInRange('minTimeoutMs', minTimeoutMs);
  assertNumberInRange('pollIntervalMs', pollIntervalMs, { max: POLL_INTERVAL_LIMIT_MS });
  if (pollIntervalMs === POLL_INTERVAL_LIMIT_MS) {
    const limit = POLL_INTERVAL_LIMIT_MS;
    throw new RangeError(`Expected option \`pollIntervalMs\` to be below ${limit}, got ${limit}`);
  }

  if (pollIntervalMs > 0) return { nextDelay: () => pollIntervalMs };

  return {
    nextDelay({ verdict, previousDelayMs }) {
      const waitMs = isUsableWait(previousDelayMs) ? previousDelayMs : FIRST_WAIT_MS;
      const grownMs = verdict === 'success' ? waitMs : waitMs * 2;

      return grownMs < minTimeoutMs ? minTimeoutMs : Math.min(grownMs, LONGEST_WAIT_MS);
    },
  };
}

/** A previous delay to double: Terraform restarts from 100 ms when its wait is 0. */
function isUsableWait(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value > 0;
}
