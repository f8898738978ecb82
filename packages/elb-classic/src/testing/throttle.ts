import { assertKnownFields, assertNumber, assertObject, describe, fieldName } from '../validate.js';
import type { ErrorText } from './error-responses.js';

/**
 * Throttling as the API gateway does it: at most `limit` requests in each window of
 * `windowMs` milliseconds of the simulator's clock; a request beyond that gets a 429 with the
 * gateway's `APIGW.0308` body and a `Retry-After` of the whole seconds until the window ends.
 */
export interface SimulatorThrottle {
  /** The requests let through in one window, an integer from 0. Required. */
  limit: number;
  /** How long a window lasts, in milliseconds, from 1. Required. */
  windowMs: number;
  /**
   * Whose requests share a window: `'global'` (default), every request; `'project'`, those
   * naming one project id in their path (requests naming none share one window).
   */
  per?: 'global' | 'project';
}

const THROTTLE_FIELDS = ['limit', 'windowMs', 'per'];

/**
 * A checked copy of option `name`, a throttle.
 *
 * @throws TypeError or RangeError naming the field.
 */
export function checkedThrottle(name: string, value: unknown): Required<SimulatorThrottle> {
  assertObject(name, value);
  assertKnownFields(name, value, THROTTLE_FIELDS);
  const { limit, windowMs, per = 'global' } = value as Partial<SimulatorThrottle>;

  assertNumber(fieldName(name, 'limit'), limit, { max: 1e9, integer: true });
  assertNumber(fieldName(name, 'windowMs'), windowMs, { min: 1, max: Number.MAX_SAFE_INTEGER });
  if (per !== 'global' && per !== 'project') {
    throw new TypeError(
      `Expected option \`${fieldName(name, 'per')}\` to be 'global' or 'project', ` +
        `got ${describe(per)}`,
    );
  }

  return { limit, windowMs, per };
}

interface Window {
  readonly startedAt: number;
  count: number;
}

/**
 * The windows of one throttle. A window opens with the first request after the previous one
 * closed, so a test that starts its clock anywhere sees whole windows.
 */
export class ThrottleWindows {
  readonly #windows = new Map<string, Window>();

  constructor(readonly throttle: Required<SimulatorThrottle>) {}

  /**
   * Counts a request made at `now` (ms by the simulator's clock) naming project `projectId`
   * (`undefined` for none). Returns `undefined` when it is let through, otherwise how many
   * milliseconds remain until its window ends. A throttled request does not count.
   */
  take(projectId: string | undefined, now: number): number | undefined {
    const key = this.throttle.per === 'project' ? (projectId ?? '') : '';
    const current = this.#current(key, now);

    if (current.count >= this.throttle.limit) {
      return this.#endOf(current) - now;
    }

    current.count += 1;

    return undefined;
  }

  /** The gateway's code and message for a throttled request. */
  errorText(): ErrorText {
    const { limit, windowMs, per } = this.throttle;
    // The gateway names its policies so; `user` is the closest to a budget per project.
    const policy = per === 'project' ? 'user' : 'api';

    return {
      code: 'APIGW.0308',
      message:
        'The throttling threshold has been reached: ' +
        `policy ${policy} over ratelimit,limit:${limit},time:${windowText(windowMs)}`,
    };
  }

  #current(key: string, now: number): Window {
    const known = this.#windows.get(key);
    // A clock moved back (a test's) opens a new window too, rather than one that never ends.
    if (known !== undefined && now >= known.startedAt && now < this.#endOf(known)) {
      return known;
    }

    const fresh = { startedAt: now, count: 0 };
    this.#windows.set(key, fresh);

    return fresh;
  }

  #endOf(window: Window): number {
    return window.startedAt + this.throttle.windowMs;
  }
}

/** A window as the gateway's message words it: `5 minute`, `1 second`, `250 millisecond`. */
function windowText(windowMs: number): string {
  const units: [number, string][] = [
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  const [size, unit] = units.find(([ms]) => windowMs % ms === 0) ?? [1, 'millisecond'];

  return `${windowMs / size} ${unit}`;
}
