import { describe, expect, it } from '@jest/globals';
import type { Clock } from '@jobwait/core';
import { virtualClock, type VirtualClock } from '@jobwait/core/testing';

import {
  checkedRateLimit,
  type RateLimitOptions,
} from '../../src/rate-limit/rate-limit-options.js';
import { RateLimiter } from '../../src/rate-limit/rate-limiter.js';
import { ThrottleWindows } from '../../src/testing/throttle.js';
import { rejectionOf } from '../helpers.js';

const OWNER = {};

/** The interval between grants at `requestsPerSecond`, 3 % under it. */
function intervalAt(requestsPerSecond: number): number {
  return 1000 / (requestsPerSecond * 0.97);
}

function limiterOn(clock: Clock, options: RateLimitOptions): RateLimiter {
  return new RateLimiter(checkedRateLimit('rateLimit', options, clock));
}

/** A pseudo-random source in [0, 1) that gives the same numbers on every run. */
function seeded(seed: number): () => number {
  let state = seed;

  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * Keeps `workers` requests queued at all times until `untilMs` of virtual time, as a fleet of
 * waits polling as fast as they may; resolves to the virtual times of the grants.
 */
async function saturate(
  clock: VirtualClock,
  limiter: RateLimiter,
  { workers = 8, untilMs }: { workers?: number; untilMs: number },
): Promise<number[]> {
  const grants: number[] = [];
  const worker = async (): Promise<void> => {
    while (clock.now() < untilMs) {
      await limiter.acquire(undefined, OWNER);
      grants.push(clock.now());
    }
  };

  await clock.runUntilSettled(Promise.all(Array.from({ length: workers }, worker)));

  return grants;
}

/** How many of `arrivals` (ms, in order) a gateway window of `limit` per `windowMs` refuses. */
function refusedBy(limit: number, windowMs: number, arrivals: readonly number[]): number {
  const gateway = new ThrottleWindows({ limit, windowMs, per: 'global' });

  return arrivals.filter((time) => gateway.take(undefined, time) !== undefined).length;
}

describe('RateLimiter', () => {
  it.each([
    { limit: 50, windowMs: 1000 },
    { limit: 20, windowMs: 10_000 },
    { limit: 10, windowMs: 1000 },
    { limit: 1, windowMs: 1000 },
    { limit: 300, windowMs: 60_000 },
  ])(
    'sends at least 95 % of $limit per $windowMs ms with no request refused, jitter included',
    async ({ limit, windowMs }) => {
      const clock = virtualClock();
      const requestsPerSecond = (limit * 1000) / windowMs;
      const limiter = limiterOn(clock, { requestsPerSecond });
      const durationMs = 20 * windowMs;

      const grants = await saturate(clock, limiter, { untilMs: durationMs });
      // Each request reaches the gateway 0 to 20 ms after its grant, in any order.
      const jitter = seeded(limit);
      const arrivals = grants.map((time) => time + 20 * jitter()).sort((a, b) => a - b);
      const sent = grants.filter((time) => time < durationMs).length;

      expect(refusedBy(limit, windowMs, arrivals)).toBe(0);
      expect(sent / ((requestsPerSecond * durationMs) / 1000)).toBeGreaterThanOrEqual(0.95);
      expect(sent).toBeLessThanOrEqual(limit * 20);
    },
  );

  it('lets `burst` requests go at once after a quiet spell, then one per interval', async () => {
    const clock = virtualClock();
    const limiter = limiterOn(clock, { requestsPerSecond: 100, burst: 3 });
    const intervalMs = intervalAt(100);
    await clock.advance(5000);

    const grants = await saturate(clock, limiter, { workers: 5, untilMs: 5030 });

    const expected = [0, 0, 0, intervalMs, 2 * intervalMs, 3 * intervalMs];
    grants.slice(0, 6).forEach((time, i) => expect(time - 5000).toBeCloseTo(expected[i] ?? 0, 9));
  });

  it('grants in the order requests were queued', async () => {
    const clock = virtualClock();
    const limiter = limiterOn(clock, { requestsPerSecond: 10 });
    const intervalMs = intervalAt(10);
    const order: string[] = [];
    const queued = ['a', 'b', 'c', 'd'].map(async (name) => {
      await limiter.acquire(undefined, OWNER);
      order.push(name);
    });

    await clock.runUntilSettled(Promise.all(queued));

    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(clock.now()).toBeCloseTo(3 * intervalMs, 9);
    expect(limiter.state()).toMatchObject({ granted: 4, queued: 0 });
    expect(limiter.state().waitedMs).toBeCloseTo(6 * intervalMs, 9);
  });

  /** A limiter of one request a second whose turn was just taken, and a request queued. */
  async function oneQueued() {
    const clock = virtualClock();
    const limiter = limiterOn(clock, { requestsPerSecond: 1 });
    await limiter.acquire(undefined, OWNER);
    const controller = new AbortController();
    const queued = limiter.acquire(controller.signal, OWNER);

    return { clock, limiter, controller, queued };
  }

  it('takes an aborted request out of the queue at once and leaves no timer', async () => {
    const { clock, limiter, controller, queued } = await oneQueued();

    expect(limiter.state().queued).toBe(1);
    expect(clock.pendingTimers).toBe(1);

    controller.abort(new Error('stop'));

    expect(await rejectionOf(queued)).toEqual(new Error('stop'));
    expect(limiter.state().queued).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses a request whose signal is already aborted without queueing it', async () => {
    const clock = virtualClock();
    const limiter = limiterOn(clock, { requestsPerSecond: 1 });

    const error = await rejectionOf(limiter.acquire(AbortSignal.abort('gone'), OWNER));

    expect(error).toBe('gone');
    expect(limiter.state()).toMatchObject({ queued: 0, granted: 0 });
  });

  it('lets the next request take the turn of one aborted ahead of it', async () => {
    const { clock, limiter, controller, queued: first } = await oneQueued();
    const second = limiter.acquire(undefined, OWNER);
    controller.abort();
    await rejectionOf(first);

    await clock.runUntilSettled(second);

    expect(clock.now()).toBeCloseTo(intervalAt(1), 9);
  });

  it("takes out one owner's requests on cancel, and no other's", async () => {
    const clock = virtualClock();
    const limiter = limiterOn(clock, { requestsPerSecond: 1 });
    const closing = {};
    await limiter.acquire(undefined, OWNER);
    const mine = limiter.acquire(undefined, closing);
    const theirs = limiter.acquire(undefined, OWNER);

    limiter.cancel(closing, new Error('closed'));

    expect(await rejectionOf(mine)).toEqual(new Error('closed'));
    expect(limiter.state().queued).toBe(1);
    await clock.runUntilSettled(theirs);
  });

  it('unrefs its timer, so that a queue alone does not keep the process alive', async () => {
    const timers: NodeJS.Timeout[] = [];
    const clock: Clock = {
      now: () => 0,
      setTimeout: (callback, delayMs) => {
        const timer = setTimeout(callback, delayMs);
        timers.push(timer);
        return timer;
      },
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    };
    const limiter = limiterOn(clock, { requestsPerSecond: 0.001 });
    await limiter.acquire(undefined, OWNER);
    const controller = new AbortController();
    const queued = limiter.acquire(controller.signal, OWNER);

    expect(timers.map((timer) => timer.hasRef())).toEqual([false]);

    controller.abort();
    await rejectionOf(queued);
  });
});

describe('RateLimiter adapting to 429', () => {
  it('halves the rate once for the requests sent before the cut, then climbs back', async () => {
    const clock = virtualClock();
    const limiter = limiterOn(clock, { requestsPerSecond: 100 });
    const queued = [1, 2, 3].map(() => limiter.acquire(undefined, OWNER));
    const permits = await clock.runUntilSettled(Promise.all(queued));

    for (const permit of permits) limiter.throttled(permit, undefined);

    expect(limiter.state()).toMatchObject({ requestsPerSecond: 48.5, throttled: 3, decreases: 1 });
    await clock.advance(5000);
    expect(limiter.state().requestsPerSecond).toBeCloseTo(72.75, 6);
    await clock.advance(5000);
    expect(limiter.state().requestsPerSecond).toBeCloseTo(97, 6);
    await clock.advance(1);
    expect(limiter.state().requestsPerSecond).toBe(97);
    await clock.advance(60_000);
    expect(limiter.state().requestsPerSecond).toBe(97);
  });

  it('cuts again for a 429 to a request sent after the last cut', async () => {
    const clock = virtualClock();
    const limiter = limiterOn(clock, { requestsPerSecond: 100 });
    limiter.throttled(await limiter.acquire(undefined, OWNER), undefined);
    await clock.advance(100);

    limiter.throttled(await clock.runUntilSettled(limiter.acquire(undefined, OWNER)), undefined);

    expect(limiter.state().decreases).toBe(2);
    expect(limiter.state().requestsPerSecond).toBeCloseTo((48.5 + 0.485) / 2, 6);
  });

  it('holds the queue until Retry-After ends', async () => {
    const clock = virtualClock();
    const limiter = limiterOn(clock, { requestsPerSecond: 100, adaptive: false });
    const permit = await limiter.acquire(undefined, OWNER);
    limiter.throttled(permit, 3000);

    await clock.runUntilSettled(limiter.acquire(undefined, OWNER));

    expect(clock.now()).toBe(3000);
    expect(limiter.state()).toMatchObject({ requestsPerSecond: 97, decreases: 0 });
  });

  it('pauses for at most a minute, whatever Retry-After says', async () => {
    const clock = virtualClock();
    const limiter = limiterOn(clock, { requestsPerSecond: 100 });
    limiter.throttled(await limiter.acquire(undefined, OWNER), 2 ** 31 - 1);

    await clock.runUntilSettled(limiter.acquire(undefined, OWNER));

    expect(clock.now()).toBe(60_000);
  });

  it('sends freely while the limit is unknown, then halves the rate it saw', async () => {
    const clock = virtualClock({ startMs: 1000 });
    const limiter = limiterOn(clock, { adaptive: true });
    let last = 0;
    for (let i = 0; i < 40; i += 1) last = await limiter.acquire(undefined, OWNER);

    expect(limiter.state()).toMatchObject({ requestsPerSecond: Infinity, granted: 40 });

    limiter.throttled(last, undefined);

    expect(limiter.state().requestsPerSecond).toBe(20);
    const grants = await saturate(clock, limiter, { workers: 2, untilMs: 1100 });
    // The rate climbs back 20 requests per second in 10 s: by 0.002 a millisecond.
    const expected = [1000, 1050, 1050 + 1000 / (20 + 0.002 * 50)];
    grants.slice(0, 3).forEach((time, i) => expect(time).toBeCloseTo(expected[i] ?? 0, 9));
  });

  it('never cuts below one request a minute', async () => {
    const clock = virtualClock();
    const limiter = limiterOn(clock, { requestsPerSecond: 1 });

    for (let i = 0; i < 20; i += 1) {
      limiter.throttled(await clock.runUntilSettled(limiter.acquire(undefined, OWNER)), undefined);
    }

    expect(limiter.state().requestsPerSecond).toBeGreaterThanOrEqual(1 / 60);
    expect(limiter.state().decreases).toBe(20);
  });
});
