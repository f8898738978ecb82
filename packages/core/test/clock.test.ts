import { afterEach, describe, expect, it, jest } from '@jest/globals';

import { sleep, systemClock, systemRandom } from '../src/clock.js';
import { abortListeners, manualClock, track } from './helpers.js';

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('systemClock', () => {
  it('reads Date.now and global timers at call time when fake timers replace them', async () => {
    jest.useFakeTimers({ now: 5_000 });
    const fired: number[] = [];

    systemClock.setTimeout(() => fired.push(Date.now()), 300);
    const cancelled = systemClock.setTimeout(() => fired.push(-1), 200);
    systemClock.clearTimeout(cancelled);
    await jest.advanceTimersByTimeAsync(1_000);

    expect(fired).toEqual([5_300]);
    expect(systemClock.now()).toBe(6_000);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ignores a handle it does not know when asked to clear it', () => {
    expect(() => systemClock.clearTimeout(undefined)).not.toThrow();
    expect(() => systemClock.clearTimeout({})).not.toThrow();
  });
});

describe('systemRandom', () => {
  it('returns what Math.random returns when called', () => {
    jest.spyOn(Math, 'random').mockReturnValueOnce(0.25).mockReturnValueOnce(0.75);

    expect([systemRandom(), systemRandom()]).toEqual([0.25, 0.75]);
  });
});

describe('sleep', () => {
  it('resolves when the delay has passed on an injected clock', async () => {
    const clock = manualClock(1_000);
    const slept = track(sleep(500, { clock }));

    clock.advance(499);
    await Promise.resolve();
    expect(slept.settled).toBe(false);

    clock.advance(1);
    await slept.done;
    expect(slept.settled).toBe(true);
    expect(slept.error).toBeUndefined();
    expect(clock.now()).toBe(1_500);
    expect(clock.pending).toBe(0);
  });

  it('rejects with the signal reason and clears its timer when aborted mid-sleep', async () => {
    const clock = manualClock();
    const controller = new AbortController();
    const reason = new Error('stop');
    const slept = track(sleep(10_000, { clock, signal: controller.signal }));

    clock.advance(4_000);
    expect(clock.pending).toBe(1);
    controller.abort(reason);
    await slept.done;

    expect(slept.error).toBe(reason);
    expect(clock.pending).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('rejects at once without a timer when the signal is already aborted', async () => {
    const clock = manualClock();
    const reason = { why: 'already' };

    await expect(sleep(1_000, { clock, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(clock.pending).toBe(0);
  });

  it('removes its abort listener when the delay passes', async () => {
    const clock = manualClock();
    const controller = new AbortController();
    const slept = track(sleep(100, { clock, signal: controller.signal }));

    expect(abortListeners(controller.signal)).toBe(1);
    clock.advance(100);
    await slept.done;

    expect(slept.error).toBeUndefined();
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('uses the global timers when no clock is given', async () => {
    jest.useFakeTimers({ now: 0 });
    const slept = track(sleep(250));

    await jest.advanceTimersByTimeAsync(249);
    expect(slept.settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);

    expect(slept.settled).toBe(true);
    expect(slept.timersAtSettle).toBe(0);
  });
});
