import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { constantBackoff } from '../src/backoff/constant.js';
import { WaitTimeoutError } from '../src/errors.js';
import { Waiter } from '../src/waiter.js';
import type { WaiterOptions } from '../src/options.js';
import {
  after,
  deaf,
  fail,
  hang,
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

function start(steps: Step[], options: WaiterOptions<Job>) {
  const waiter = new Waiter<Job>(options);
  const events = recordEvents(waiter);
  const source = scripted(steps);
  const waited = track(waiter.wait(source));

  return { events, source, waited };
}

const backoffs = (events: ReturnType<typeof recordEvents>) =>
  events
    .filter((event) => event.name === 'backoff')
    .map(({ delayMs, reason }) => ({ delayMs, reason }));

describe('Waiter', () => {
  it('polls once more just before the deadline when the next delay would pass it', async () => {
    const { events, source, waited } = start([ok('RUNNING')], {
      timeoutMs: 10_000,
      backoff: constantBackoff({ delayMs: 4_000 }),
    });

    await jest.advanceTimersByTimeAsync(9_999);
    expect(waited.settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await waited.done;

    expect(source.startedAt).toEqual([0, 4_000, 8_000, 9_999]);
    expect(backoffs(events)).toEqual([
      { delayMs: 4_000, reason: 'strategy' },
      { delayMs: 4_000, reason: 'strategy' },
      { delayMs: 1_999, reason: 'deadline' },
    ]);
    expect(waited.error).toBeInstanceOf(WaitTimeoutError);
    expect(waited.error).toMatchObject({
      code: 'ERR_WAIT_TIMEOUT',
      message: 'Timed out after 10000 ms waiting for job job-1',
      jobId: 'job-1',
      kind: 'test',
      attempts: 4,
      elapsedMs: 10_000,
      timeoutMs: 10_000,
      lastObservation: { status: 'RUNNING' },
      lastError: undefined,
    });
    expect(waited.timersAtSettle).toBe(0);
  });

  it('succeeds when the poll aligned with the deadline sees success', async () => {
    const { waited } = start([ok('RUNNING'), ok('RUNNING'), ok('RUNNING'), ok('DONE')], {
      timeoutMs: 10_000,
      backoff: constantBackoff({ delayMs: 4_000 }),
    });

    await jest.advanceTimersByTimeAsync(10_000);
    await waited.done;

    expect(waited.value).toMatchObject({ state: 'DONE', attempts: 4, elapsedMs: 9_999 });
  });

  it('leaves room for a poll twice as long as the last when it aligns the last poll', async () => {
    const { events, source, waited } = start([after(500, ok('RUNNING'))], {
      timeoutMs: 10_000,
      backoff: constantBackoff({ delayMs: 3_000 }),
    });

    await jest.advanceTimersByTimeAsync(10_000);
    await waited.done;

    // Polls take 500 ms, so the last one must start by 10 000 - 2 × 500 = 9 000.
    expect(source.startedAt).toEqual([0, 3_500, 7_000, 9_000]);
    expect(backoffs(events).at(-1)).toEqual({ delayMs: 1_500, reason: 'deadline' });
    expect(waited.error).toMatchObject({ attempts: 4, elapsedMs: 10_000 });
  });

  it('aborts the poll and keeps the last observation and error when time runs out', async () => {
    const transient = networkError();
    const { events, source, waited } = start([ok('RUNNING'), fail(transient), hang], {
      timeoutMs: 5_000,
      pollTimeoutMs: 60_000,
      pollRetries: 0,
      backoff: constantBackoff({ delayMs: 1_000 }),
    });

    await jest.advanceTimersByTimeAsync(4_999);
    const inFlight = source.calls[2]!.signal;
    expect(inFlight.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await waited.done;

    expect(inFlight.aborted).toBe(true);
    expect(inFlight.reason).toMatchObject({ name: 'TimeoutError' });
    expect(waited.error).toBeInstanceOf(WaitTimeoutError);
    expect(waited.error).toMatchObject({
      attempts: 3,
      elapsedMs: 5_000,
      timeoutMs: 5_000,
      lastObservation: { status: 'RUNNING' },
    });
    expect((waited.error as WaitTimeoutError).lastError).toBe(transient);
    expect((waited.error as WaitTimeoutError).cause).toBe(transient);
    expect(events.at(-1)).toMatchObject({
      name: 'settled',
      outcome: 'timedOut',
      attempt: 3,
      elapsedMs: 5_000,
      state: 'RUNNING',
      observation: { status: 'RUNNING' },
      error: {
        name: 'WaitTimeoutError',
        code: 'ERR_WAIT_TIMEOUT',
        message: 'Timed out after 5000 ms waiting for job job-1',
      },
    });
    expect(waited.timersAtSettle).toBe(0);
  });

  it('rejects at the deadline when the poll in flight ignores its signal', async () => {
    const { waited } = start([deaf], { timeoutMs: 3_000, pollTimeoutMs: 20_000 });

    await jest.advanceTimersByTimeAsync(3_000);
    await waited.done;

    expect(waited.error).toMatchObject({ attempts: 1, elapsedMs: 3_000 });
    expect(waited.timersAtSettle).toBe(0);
  });

  it('rejects at the deadline while idle when no further poll fits', async () => {
    const { events, source, waited } = start([ok('RUNNING')], {
      timeoutMs: 10_000,
      minDelayMs: 3_000,
      backoff: constantBackoff({ delayMs: 4_000 }),
    });

    await jest.advanceTimersByTimeAsync(9_999);
    expect(waited.settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await waited.done;

    // At 8 000 only 1 999 ms are left, less than minDelayMs: no poll fits any more.
    expect(source.startedAt).toEqual([0, 4_000, 8_000]);
    expect(backoffs(events)).toHaveLength(2);
    expect(waited.error).toMatchObject({ attempts: 3, elapsedMs: 10_000 });
    expect(waited.timersAtSettle).toBe(0);
  });

  it('keeps the retried error as lastError when the deadline passes in a retry delay', async () => {
    const errors = [networkError('first'), networkError('second')];
    const { events, source, waited } = start(errors.map(fail), {
      timeoutMs: 1_500,
      pollRetries: 2,
      pollRetryDelayMs: 1_000,
    });

    await jest.advanceTimersByTimeAsync(1_500);
    await waited.done;

    expect(source.startedAt).toEqual([0, 1_000]);
    expect(events.filter((event) => event.name === 'retry')).toHaveLength(2);
    expect(waited.error).toMatchObject({ attempts: 1, elapsedMs: 1_500 });
    expect((waited.error as WaitTimeoutError).lastError).toBe(errors[1]);
    expect(waited.timersAtSettle).toBe(0);
  });

  it('moves the first poll to half the timeout when initialDelayMs reaches past it', async () => {
    const { events, source, waited } = start([ok('DONE')], {
      timeoutMs: 5_000,
      initialDelayMs: 8_000,
    });

    await jest.advanceTimersByTimeAsync(5_000);
    await waited.done;

    expect(backoffs(events)).toEqual([{ delayMs: 2_500, reason: 'deadline' }]);
    expect(source.startedAt).toEqual([2_500]);
    expect(waited.value).toMatchObject({ attempts: 1, elapsedMs: 2_500 });
  });

  it('leaves the first poll pollTimeoutMs before the deadline when that is shorter', async () => {
    const { events, source, waited } = start([ok('DONE')], {
      timeoutMs: 60_000,
      pollTimeoutMs: 10_000,
      initialDelayMs: 55_000,
    });

    await jest.advanceTimersByTimeAsync(60_000);
    await waited.done;

    expect(backoffs(events)).toEqual([{ delayMs: 50_000, reason: 'deadline' }]);
    expect(source.startedAt).toEqual([50_000]);
  });

  it('keeps initialDelayMs when a poll still fits after it', async () => {
    const { events, waited } = start([ok('DONE')], {
      timeoutMs: 60_000,
      pollTimeoutMs: 10_000,
      initialDelayMs: 50_000,
    });

    await jest.advanceTimersByTimeAsync(60_000);
    await waited.done;

    expect(backoffs(events)).toEqual([{ delayMs: 50_000, reason: 'initial' }]);
  });
});
