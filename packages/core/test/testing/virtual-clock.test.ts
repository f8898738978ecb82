import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { constantBackoff } from '../../src/backoff/constant.js';
import { MAX_TIMER_MS } from '../../src/backoff/validate.js';
import { sleep } from '../../src/clock.js';
import { isJobwaitError } from '../../src/errors.js';
import type { Classifier } from '../../src/verdict.js';
import { Waiter } from '../../src/waiter.js';
import {
  VirtualClockError,
  scriptedSource,
  virtualClock,
  type VirtualClock,
} from '../../src/testing/index.js';

/** Sleeps `delaysMs` one after the other, a few promise hops apart, noting when each ends. */
async function chain(clock: VirtualClock, delaysMs: readonly number[]): Promise<number[]> {
  const ends: number[] = [];

  for (const delayMs of delaysMs) {
    await sleep(delayMs, { clock });
    await Promise.resolve();
    await Promise.resolve().then(() => undefined);
    ends.push(clock.now());
  }

  return ends;
}

/** Reads a poll that answered `'DONE'` as success, and anything else as pending. */
const isDone: Classifier<string> = (outcome) =>
  outcome.ok && outcome.value === 'DONE' ? { type: 'success' } : { type: 'pending' };

/** A promise that nothing ever settles. */
const forever = () => new Promise<never>(() => {});

describe('virtualClock', () => {
  it('starts at 0 when no startMs is given', () => {
    expect(virtualClock().now()).toBe(0);
    expect(virtualClock({ startMs: 1_700_000_000_000 }).now()).toBe(1_700_000_000_000);
  });

  it('fires timers in time order when they were created out of order', async () => {
    const clock = virtualClock();
    const fired: string[] = [];

    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 300);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
    await clock.advance(1_000);

    expect(fired).toEqual(['a@100', 'b@200', 'c@300']);
    expect(clock.now()).toBe(1_000);
  });

  it('fires timers due at the same time in creation order when their delays tie', async () => {
    const clock = virtualClock({ startMs: 50 });
    const fired: string[] = [];

    clock.setTimeout(() => fired.push('first'), 100);
    await clock.advance(40);
    clock.setTimeout(() => fired.push('second'), 60);
    clock.setTimeout(() => fired.push('third'), 60);
    await clock.advance(60);

    expect(fired).toEqual(['first', 'second', 'third']);
    expect(clock.now()).toBe(150);
  });

  it('skips a cleared timer and ignores handles that are unknown, cleared or fired', async () => {
    const clock = virtualClock();
    const fired: string[] = [];
    const early = clock.setTimeout(() => fired.push('early'), 10);
    const cleared = clock.setTimeout(() => fired.push('cleared'), 20);
    clock.setTimeout(() => fired.push('late'), 30);

    clock.clearTimeout(cleared);
    await clock.advance(15);
    for (const handle of [cleared, early, undefined, 42, {}]) clock.clearTimeout(handle);
    await clock.advance(15);

    expect(fired).toEqual(['early', 'late']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires a timer at the current time when its delay is NaN, negative or missing', async () => {
    const clock = virtualClock({ startMs: 1_000 });
    const fired: number[] = [];

    clock.setTimeout(() => fired.push(clock.now()), Number.NaN);
    clock.setTimeout(() => fired.push(clock.now()), -5);
    (clock.setTimeout as (callback: () => void) => unknown)(() => fired.push(clock.now()));
    await clock.advance(0);

    expect(fired).toEqual([1_000, 1_000, 1_000]);
  });

  it('fires a timer after 1 ms and counts it when its delay is above MAX_TIMER_MS', async () => {
    const clock = virtualClock();
    const fired: number[] = [];

    clock.setTimeout(() => fired.push(clock.now()), MAX_TIMER_MS);
    clock.setTimeout(() => fired.push(clock.now()), MAX_TIMER_MS + 1);
    clock.setTimeout(() => fired.push(clock.now()), Number.POSITIVE_INFINITY);
    await clock.advance(1);

    expect(fired).toEqual([1, 1]);
    expect(clock.overflowedTimers).toBe(2);
    expect(clock.pendingTimers).toBe(1);
  });

  it('keeps a fractional delay as it is when a timer asks for one', async () => {
    const clock = virtualClock();
    const fired: number[] = [];

    clock.setTimeout(() => fired.push(clock.now()), 2.5);
    await clock.advance(3);

    expect(fired).toEqual([2.5]);
  });

  it('keeps its functions bound when they are detached from the clock', async () => {
    const { now, setTimeout, advance } = virtualClock();
    const fired: number[] = [];

    setTimeout(() => fired.push(now()), 5);
    await advance(5);

    expect(fired).toEqual([5]);
  });

  it('refuses invalid options and arguments by name when given them', async () => {
    const clock = virtualClock();

    expect(() => virtualClock({ startMs: -1 })).toThrow(
      new RangeError('Expected option `startMs` to be a number from 0 to 8640000000000000, got -1'),
    );
    expect(() => virtualClock({ startMs: '0' as unknown as number })).toThrow(TypeError);
    expect(() => virtualClock({ maxTimersPerCall: 0 })).toThrow(/`maxTimersPerCall`/);
    expect(() => virtualClock({ start: 0 } as never)).toThrow(
      new TypeError('Unknown option `start`; expected one of `startMs`, `maxTimersPerCall`'),
    );
    expect(() => clock.setTimeout('tick' as never, 1)).toThrow(
      new TypeError('Expected `callback` to be a function, got "tick"'),
    );
    await expect(clock.advance(-1)).rejects.toThrow(RangeError);
    await expect(clock.runUntilSettled(Promise.resolve(), { limitMs: Number.NaN })).rejects.toThrow(
      /`limitMs`/,
    );
    await expect(clock.runUntilSettled((() => 1) as never)).rejects.toThrow(
      new TypeError('Expected `promise` to be a promise, got a function'),
    );
  });
});

describe('VirtualClock.advance', () => {
  it('fires timers that async continuations schedule when it moves past them', async () => {
    const clock = virtualClock();

    const ends = chain(clock, [1_000, 500, 1_500]);
    await clock.advance(3_000);

    await expect(ends).resolves.toEqual([1_000, 1_500, 3_000]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('leaves a timer pending when it is due after the target time', async () => {
    const clock = virtualClock();
    const ends = chain(clock, [1_000, 500]);

    await clock.advance(1_499);

    expect(clock.now()).toBe(1_499);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(1);
    await expect(ends).resolves.toEqual([1_000, 1_500]);
  });

  it('rejects with the exception and stops at that timer when a callback throws', async () => {
    const clock = virtualClock();
    const boom = new Error('boom');
    clock.setTimeout(() => {
      throw boom;
    }, 200);
    clock.setTimeout(() => {}, 300);

    await expect(clock.advance(1_000)).rejects.toBe(boom);
    expect(clock.now()).toBe(200);
    expect(clock.pendingTimers).toBe(1);
  });

  it('rejects with ERR_VIRTUAL_CLOCK_BUSY when it starts while another call runs', async () => {
    const clock = virtualClock();
    clock.setTimeout(() => {}, 10);

    const first = clock.advance(100);
    const second = clock.advance(100);

    await expect(second).rejects.toMatchObject({ code: 'ERR_VIRTUAL_CLOCK_BUSY' });
    await first;
    expect(clock.now()).toBe(100);
  });

  it('rejects with ERR_VIRTUAL_CLOCK_LOOP when a zero-delay timer keeps coming back', async () => {
    const clock = virtualClock({ maxTimersPerCall: 50 });
    let fired = 0;
    const again = (): void => {
      fired += 1;
      clock.setTimeout(again, 0);
    };
    clock.setTimeout(again, 10);

    const error = await clock.advance(1_000).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(VirtualClockError);
    expect(error).toMatchObject({ code: 'ERR_VIRTUAL_CLOCK_LOOP', nowMs: 10, pendingTimers: 1 });
    expect(fired).toBe(50);
  });
});

describe('VirtualClock.runUntilSettled', () => {
  it('resolves with the value when the promise settles after a chain of timers', async () => {
    const clock = virtualClock({ startMs: 10_000 });
    clock.setTimeout(() => {}, 60_000);

    const ends = await clock.runUntilSettled(chain(clock, [1_000, 2_000]));

    expect(ends).toEqual([11_000, 13_000]);
    expect(clock.now()).toBe(13_000);
    expect(clock.pendingTimers).toBe(1);
  });

  it('rethrows the rejection when the promise rejects', async () => {
    const clock = virtualClock();
    const failure = new Error('job failed');
    const failing = sleep(5_000, { clock }).then(() => Promise.reject(failure));

    await expect(clock.runUntilSettled(failing)).rejects.toBe(failure);
    expect(clock.now()).toBe(5_000);
  });

  it('returns without moving time when the promise is already settled', async () => {
    const clock = virtualClock();
    clock.setTimeout(() => {}, 1_000);

    await expect(clock.runUntilSettled(Promise.resolve('done'))).resolves.toBe('done');
    expect(clock.now()).toBe(0);
  });

  it('throws ERR_VIRTUAL_CLOCK_DEADLOCK when the promise is pending and no timer is', async () => {
    const clock = virtualClock();
    const stuck = sleep(1_000, { clock }).then(forever);

    const error = await clock.runUntilSettled(stuck).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(VirtualClockError);
    expect(isJobwaitError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'VirtualClockError',
      code: 'ERR_VIRTUAL_CLOCK_DEADLOCK',
      message:
        'The promise is still pending at 1000 ms and no timer is pending on the virtual clock: ' +
        'it waits on something the clock does not drive, such as a real timer, I/O or a ' +
        'promise that nothing settles',
      nowMs: 1_000,
      pendingTimers: 0,
    });
  });

  it('throws ERR_VIRTUAL_CLOCK_LIMIT when the next timer is due past limitMs', async () => {
    const clock = virtualClock();
    const late = sleep(5_001, { clock });

    const error = await clock
      .runUntilSettled(late, { limitMs: 5_000 })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      code: 'ERR_VIRTUAL_CLOCK_LIMIT',
      message:
        'The promise is still pending after 5000 ms of virtual time (option `limitMs`); ' +
        'the next timer is due 5001 ms after the run began',
      nowMs: 0,
      pendingTimers: 1,
    });
    await expect(clock.runUntilSettled(late, { limitMs: 5_001 })).resolves.toBeUndefined();
  });

  it('gives up after 24 hours of virtual time when no limitMs is given', async () => {
    const clock = virtualClock();
    const endless = chain(
      clock,
      Array.from({ length: 30 }, () => 3_600_000),
    );

    await expect(clock.runUntilSettled(endless)).rejects.toMatchObject({
      code: 'ERR_VIRTUAL_CLOCK_LIMIT',
      nowMs: 86_400_000,
    });
  });
});

describe.each([
  ['without fake timers', () => {}],
  ['with Jest fake timers on every global', () => void jest.useFakeTimers()],
  ['with Jest fake timers and a fixed Date', () => void jest.useFakeTimers({ now: 42 })],
])('VirtualClock %s', (_, install) => {
  beforeEach(install);
  afterEach(() => {
    jest.useRealTimers();
  });

  it('fires chained async timers when it advances', async () => {
    const clock = virtualClock();

    const ends = chain(clock, [100, 200, 300]);
    await clock.advance(600);

    await expect(ends).resolves.toEqual([100, 300, 600]);
  });

  it('settles the promise when it runs until settled', async () => {
    const clock = virtualClock();

    await expect(clock.runUntilSettled(chain(clock, [60_000, 60_000]))).resolves.toEqual([
      60_000, 120_000,
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("runs a wait to its end when it is the waiter's clock", async () => {
    const clock = virtualClock();
    const source = scriptedSource({
      clock,
      classify: isDone,
      script: [
        { atMs: 0, value: 'RUNNING' },
        { atMs: 90_000, value: 'DONE' },
      ],
    });
    const waiter = new Waiter<string>({ clock, backoff: constantBackoff({ delayMs: 60_000 }) });

    const result = await clock.runUntilSettled(waiter.wait(source));

    expect(result).toMatchObject({ attempts: 3, elapsedMs: 120_000 });
    expect(clock.pendingTimers).toBe(0);
  });
});
