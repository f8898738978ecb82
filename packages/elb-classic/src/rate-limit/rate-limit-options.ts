import { systemClock, type Clock } from '@jobwait/core';

import {
  assertFunction,
  assertKnownFields,
  assertNumber,
  assertObject,
  describe,
  fieldName,
} from '../validate.js';

/**
 * How an `ElbClient` paces its requests. Every client of one endpoint origin and process that
 * is given a rate limit shares one limiter per project id with the others: the API gateway
 * counts requests per API and per user, not per client object.
 */
export interface RateLimitOptions {
  /**
   * The gateway's limit, in requests per second: for a policy of 20 requests in 10 s, give 2.
   * The limiter stays 3 % under it, so that requests arriving a few milliseconds early or late
   * never put one request too many into a window. From 0.001 to 1 000 000. Default: unknown,
   * which needs `adaptive`: no pacing until the first `429`, then the rate the limiter learns.
   */
  requestsPerSecond?: number;
  /**
   * Requests that may go at once after a quiet spell, an integer from 1 to 10 000. Default 1.
   *
   * @remarks The gateway counts whole windows: with `requestsPerSecond` at its limit, a burst
   * of `b` lets `b − 1` requests more into a window than the gateway allows, and they are
   * answered `429`. Keep the default when `requestsPerSecond` is the gateway's own limit.
   */
  burst?: number;
  /**
   * Whether a `429` halves the rate, which then climbs back to where it was in 10 s and on up
   * to `requestsPerSecond` (or further, while that is unknown). Default `true`. Whatever this
   * says, a `429` with `Retry-After` holds every queued request until then.
   */
  adaptive?: boolean;
  /**
   * The source of time of the limiter, such as a test's virtual clock. Default: the waiter's
   * `clock` when `waitForElbJob` creates the client, else the process clock.
   */
  clock?: Clock;
}

/** {@link RateLimitOptions} checked, with every default filled in. */
export interface RateLimitSettings {
  /** `undefined` when the limit is unknown and learnt from `429` answers. */
  readonly requestsPerSecond: number | undefined;
  readonly burst: number;
  readonly adaptive: boolean;
  readonly clock: Clock;
}

/** The defaults of {@link RateLimitOptions} and the constants of the limiter. */
export const RATE_LIMIT_DEFAULTS = Object.freeze({
  /** Requests sent at once after a quiet spell. */
  burst: 1,
  /** Whether a `429` cuts the rate. */
  adaptive: true,
  /**
   * The share of `requestsPerSecond` left unused. The gateway counts fixed windows that open
   * with the first request to arrive; timer lateness and network jitter move arrivals by
   * milliseconds, and 3 % of a window of 1 s or more absorbs that.
   */
  headroom: 0.03,
  /** What a `429` multiplies the rate by. */
  decrease: 0.5,
  /** How long the rate takes to climb back to where it was before a cut, in ms. */
  recoveryMs: 10_000,
  /** The lowest rate a cut leaves, in requests per second: one a minute. */
  minRequestsPerSecond: 1 / 60,
  /** The longest pause a `Retry-After` imposes on the queue, in ms. */
  maxPauseMs: 60_000,
});

const FIELDS = ['requestsPerSecond', 'burst', 'adaptive', 'clock'];

/**
 * Checks option `name`, a {@link RateLimitOptions}, and fills in its defaults; `clock` stands
 * in for an absent `clock` field.
 *
 * @throws TypeError or RangeError naming the field (`rateLimit.burst`), before any request.
 */
export function checkedRateLimit(
  name: string,
  value: unknown,
  clock: Clock = systemClock,
): RateLimitSettings {
  assertObject(name, value);
  assertKnownFields(name, value, FIELDS);
  const options = value as RateLimitOptions;
  const { requestsPerSecond, burst = RATE_LIMIT_DEFAULTS.burst } = options;
  const { adaptive = RATE_LIMIT_DEFAULTS.adaptive, clock: own = clock } = options;

  if (requestsPerSecond !== undefined) {
    assertNumber(fieldName(name, 'requestsPerSecond'), requestsPerSecond, {
      min: 0.001,
      max: 1_000_000,
    });
  }
  assertNumber(fieldName(name, 'burst'), burst, { min: 1, max: 10_000, integer: true });
  assertAdaptive(name, adaptive, requestsPerSecond);
  for (const method of ['now', 'setTimeout', 'clearTimeout'] as const) {
    assertFunction(`${fieldName(name, 'clock')}.${method}`, (own as Partial<Clock>)?.[method]);
  }

  return Object.freeze({ requestsPerSecond, burst, adaptive, clock: own });
}

/** Whether two settings describe the same limiter. */
export function sameSettings(a: RateLimitSettings, b: RateLimitSettings): boolean {
  return (
    a.requestsPerSecond === b.requestsPerSecond &&
    a.burst === b.burst &&
    a.adaptive === b.adaptive &&
    a.clock === b.clock
  );
}

/** The settings as a message words them; the clock is named only when it is not the default. */
export function settingsText(settings: RateLimitSettings): string {
  const { requestsPerSecond, burst, adaptive, clock } = settings;
  const rate = requestsPerSecond === undefined ? 'unknown' : String(requestsPerSecond);
  const own = clock === systemClock ? '' : ', a clock of its own';

  return `requestsPerSecond ${rate}, burst ${burst}, adaptive ${adaptive}${own}`;
}

function assertAdaptive(name: string, adaptive: unknown, requestsPerSecond: unknown): void {
  if (typeof adaptive !== 'boolean') {
    throw new TypeError(
      `Expected option \`${fieldName(name, 'adaptive')}\` to be a boolean, ` +
        `got ${describe(adaptive)}`,
    );
  }

  if (!adaptive && requestsPerSecond === undefined) {
    throw new TypeError(
      `Expected option \`${fieldName(name, 'requestsPerSecond')}\` when ` +
        `\`${fieldName(name, 'adaptive')}\` is false: a fixed limiter needs a rate`,
    );
  }
}
