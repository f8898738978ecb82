import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { constantBackoff } from '../src/backoff/constant.js';
import { WaitAbortedError } from '../src/errors.js';
import type { WaiterOptions } from '../src/options.js';
import { Waiter } from '../src/waiter.js';
import {
  abortListeners,
  fail,
  hang,
  names,
  networkError,
  ok,
  recordEvents,
  scripted,
  track,
  type Job,
  type Step,
} from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

function start(steps: Step[], options: WaiterOptions<Job> = {}, signal?: AbortSignal) {
  const controller = new AbortController();
  const waiter = new Waiter<Job>({ backoff: constantBackoff({ delayMs: 1_000 }), ...options });
  const events = recordEvents(waiter);
  const source = scripted(steps);
  const used = signal ?? controller.signal;
  const waited = track(waiter.wait(source, { signal: used }), used);

  return { controller, events, source, waited };
}

describe('Waiter', () => {
  it('never polls when the signal is already aborted, and keeps its reason as cause', async () => {
    const reason = new Error('shutting down');
    const signal = AbortSignal.abort(reason);
    const { events, source, waited } = start([ok('DONE')], {}, signal);

    await waited.done;

    expect(source.calls).toHaveLength(0);
    expect(waited.error).toBeInstanceOf(WaitAbortedError);
    expect(waited.error).toMatchObject({
      code: 'ERR_WAIT_ABORTED',
      message: 'Wait for job job-1 was aborted',
      jobId: 'job-1',
      kind: 'test',
      attempts: 0,
      elapsedMs: 0,
      lastObservation: undefined,
    });
    expect((waited.error as WaitAbortedError).cause).toBe(reason);
    expect(names(events)).toEqual(['wait:start', 'settled']);
    expect(waited.timersAtSettle).toBe(0);
    expect(waited.listenersAtSettle).toBe(0);
  });

  it('never polls when the signal aborts during the initial delay', async () => {
    const { controller, source, waited } = start([ok('DONE')], { initialDelayMs: 1_000 });

    await jest.advanceTimersByTimeAsync(400);
    controller.abort('user pressed ^C');
    await waited.done;

    expect(source.calls).toHaveLength(0);
    expect(waited.error).toMatchObject({ attempts: 0, elapsedMs: 400, cause: 'user pressed ^C' });
    expect(waited.timersAtSettle).toBe(0);
    expect(waited.listenersAtSettle).toBe(0);
  });

  it('aborts the poll in flight with the same reason when the signal aborts mid-poll', async () => {
    const reason = new Error('cancelled');
    const { controller, events, source, waited } = start([ok('RUNNING'), hang]);

    await jest.advanceTimersByTimeAsync(1_300);
    const inFlight = source.calls[1]!.signal;
    controller.abort(reason);
    await waited.done;

    expect(inFlight.aborted).toBe(true);
    expect(inFlight.reason).toBe(reason);
    expect(waited.error).toBeInstanceOf(WaitAbortedError);
    expect(waited.error).toMatchObject({
      attempts: 2,
      elapsedMs: 1_300,
      lastObservation: { status: 'RUNNING' },
    });
    expect((waited.error as WaitAbortedError).cause).toBe(reason);
    expect(names(events).slice(-2)).toEqual(['poll:start', 'settled']);
    expect(events.at(-1)).toMatchObject({ outcome: 'aborted', attempt: 2, state: 'RUNNING' });
    expect(waited.timersAtSettle).toBe(0);
    expect(waited.listenersAtSettle).toBe(0);
  });

  it('ends the sleep between polls when the signal aborts mid-sleep', async () => {
    const { controller, source, waited } = start([ok('RUNNING')]);

    await jest.advanceTimersByTimeAsync(1_500);
    controller.abort();
    await waited.done;
    await jest.advanceTimersByTimeAsync(10_000);

    expect(source.startedAt).toEqual([0, 1_000]);
    expect(waited.error).toMatchObject({ attempts: 2, elapsedMs: 1_500 });
    expect((waited.error as WaitAbortedError).cause).toMatchObject({ name: 'AbortError' });
    expect(waited.timersAtSettle).toBe(0);
    expect(waited.listenersAtSettle).toBe(0);
  });

  it('ends an in-poll retry delay when the signal aborts during it', async () => {
    const { controller, source, waited } = start([fail(networkError()), ok('DONE')], {
      pollRetryDelayMs: 1_000,
    });

    await jest.advanceTimersByTimeAsync(500);
    controller.abort('stop');
    await waited.done;

    expect(source.calls).toHaveLength(1);
    expect(waited.error).toMatchObject({ attempts: 1, elapsedMs: 500, cause: 'stop' });
    expect(waited.timersAtSettle).toBe(0);
  });

  it('ends the idle wait for the deadline when the signal aborts during it', async () => {
    const { controller, waited } = start([ok('RUNNING')], {
      timeoutMs: 2_500,
      minDelayMs: 1_000,
    });

    // Polls at 0, 1 000 and 2 000; after that no poll fits and the wait idles.
    await jest.advanceTimersByTimeAsync(2_200);
    controller.abort('stop');
    await waited.done;

    expect(waited.error).toBeInstanceOf(WaitAbortedError);
    expect(waited.error).toMatchObject({ attempts: 3, elapsedMs: 2_200 });
  });

  it('ignores the signal when it aborts after the wait settled', async () => {
    const { controller, events, waited } = start([ok('DONE')]);

    await waited.done;
    const count = events.length;
    controller.abort();
    await jest.advanceTimersByTimeAsync(1_000);

    expect(waited.value).toMatchObject({ state: 'DONE' });
    expect(events).toHaveLength(count);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('yields to the abort between polls when the strategy asks for no delay', async () => {
    const controller = new AbortController();
    let polls = 0;
    const source = {
      ...scripted([ok('RUNNING')]),
      poll: async () => {
        // A guard, so a loop that never yields ends instead of hanging the test.
        if (++polls === 50) controller.abort('runaway');
        return { status: 'RUNNING' };
      },
    };
    const waiter = new Waiter<Job>({ minDelayMs: 1, backoff: constantBackoff({ delayMs: 0 }) });
    const waited = track(waiter.wait(source, { signal: controller.signal }));

    // Plenty of microtask turns for a loop that never yields to run its polls.
    for (let i = 0; i < 1_000; i += 1) await Promise.resolve();
    expect(polls).toBe(1);
    expect(jest.getTimerCount()).toBe(2);
    controller.abort('stop');
    await waited.done;

    expect(waited.error).toMatchObject({ attempts: 1, cause: 'stop' });
    expect(waited.timersAtSettle).toBe(0);
  });

  it('ends the wait at once when a backoff listener aborts it', async () => {
    const controller = new AbortController();
    const waiter = new Waiter<Job>({ backoff: constantBackoff({ delayMs: 60_000 }) });
    waiter.on('backoff', () => controller.abort('stopped at the backoff'));
    const source = scripted([ok('RUNNING')]);
    const waited = track(waiter.wait(source, { signal: controller.signal }), controller.signal);

    await jest.advanceTimersByTimeAsync(0);

    expect(waited.settled).toBe(true);
    expect(waited.error).toBeInstanceOf(WaitAbortedError);
    expect(waited.error).toMatchObject({
      attempts: 1,
      elapsedMs: 0,
      cause: 'stopped at the backoff',
    });
    expect(source.calls).toHaveLength(1);
    expect(waited.timersAtSettle).toBe(0);
    expect(waited.listenersAtSettle).toBe(0);
  });
});
