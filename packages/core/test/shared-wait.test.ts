import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { constantBackoff } from '../src/backoff/constant.js';
import { WaitAbortedError } from '../src/errors.js';
import { Waiter } from '../src/waiter.js';
import {
  abortListeners,
  after,
  eventsNamed,
  hang,
  ok,
  recordEvents,
  scripted,
  track,
  type Job,
} from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

const everySecond = { backoff: constantBackoff({ delayMs: 1_000 }) };

describe('Waiter, with several callers on one job', () => {
  it('makes one poll for both callers and resolves both with the same result', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const events = recordEvents(waiter);
    const source = scripted([ok('RUNNING'), ok('RUNNING'), ok('DONE')]);
    const twin = scripted([ok('DONE')]);

    const first = track(waiter.wait(source));
    await jest.advanceTimersByTimeAsync(500);
    const second = track(waiter.wait(twin));
    await jest.advanceTimersByTimeAsync(2_000);
    await Promise.all([first.done, second.done]);

    expect(source.calls).toHaveLength(3);
    expect(twin.calls).toHaveLength(0);
    expect(second.value).toEqual(first.value);
    expect(first.value).toMatchObject({ state: 'DONE', attempts: 3 });
    expect(eventsNamed(events, 'wait:start')).toHaveLength(1);
    expect(eventsNamed(events, 'settled')).toHaveLength(1);
  });

  it('lets one caller leave with its own abort while the other goes on', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const source = scripted([ok('RUNNING'), after(400, ok('RUNNING')), ok('DONE')]);
    const leaving = new AbortController();

    const staying = track(waiter.wait(source));
    const left = track(waiter.wait(source, { signal: leaving.signal }), leaving.signal);
    await jest.advanceTimersByTimeAsync(1_200);
    leaving.abort('not needed');
    await left.done;
    await jest.advanceTimersByTimeAsync(2_000);
    await staying.done;

    expect(left.error).toBeInstanceOf(WaitAbortedError);
    expect(left.error).toMatchObject({ cause: 'not needed', attempts: 2 });
    expect(left.listenersAtSettle).toBe(0);
    expect(source.calls[1]!.signal.aborted).toBe(false);
    expect(staying.value).toMatchObject({ state: 'DONE', attempts: 3 });
  });

  it('aborts the poll in flight when the last caller leaves', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const events = recordEvents(waiter);
    const source = scripted([ok('RUNNING'), hang]);
    const one = new AbortController();
    const two = new AbortController();

    const first = track(waiter.wait(source, { signal: one.signal }), one.signal);
    const second = track(waiter.wait(source, { signal: two.signal }), two.signal);
    await jest.advanceTimersByTimeAsync(1_500);
    one.abort('first');
    await first.done;
    expect(source.calls[1]!.signal.aborted).toBe(false);
    two.abort('second');
    await second.done;

    expect(source.calls[1]!.signal.aborted).toBe(true);
    expect(second.error).toMatchObject({ name: 'WaitAbortedError', cause: 'second' });
    expect(eventsNamed(events, 'settled')).toEqual([
      expect.objectContaining({ outcome: 'aborted' }),
    ]);
    expect([abortListeners(one.signal), abortListeners(two.signal)]).toEqual([0, 0]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('starts a new wait for a caller that comes after the shared one settled', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const source = scripted([ok('DONE')]);

    await waiter.wait(source);
    await waiter.wait(source);

    expect(source.calls).toHaveLength(2);
  });

  it('does not share between jobs of the same id but another kind', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const source = scripted([ok('DONE')]);
    const other = { ...scripted([ok('DONE')]), kind: 'other' };

    await Promise.all([waiter.wait(source), waiter.wait(other)]);

    expect([source.calls.length, other.calls.length]).toEqual([1, 1]);
  });

  it('does not let a resumed wait join, nor be joined', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const source = scripted([ok('RUNNING'), ok('DONE')]);
    const handle = waiter.start(source);
    const checkpoint = handle.checkpoint();

    const resumed = waiter.wait(source, { resumeFrom: checkpoint });
    await jest.advanceTimersByTimeAsync(1_000);
    await Promise.all([handle.result, resumed]);

    expect(source.calls.map((call) => call.attempt)).toEqual([1, 1, 2]);
  });

  it('starts a new wait for a caller that comes once the only caller has left', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const source = scripted([ok('RUNNING'), ok('DONE')]);
    const leaving = new AbortController();

    const left = waiter.settle(source, { signal: leaving.signal });
    await jest.advanceTimersByTimeAsync(500);
    leaving.abort('gone');
    const next = waiter.settle(source);
    await jest.advanceTimersByTimeAsync(1_000);

    await expect(left).resolves.toMatchObject({ outcome: 'aborted' });
    await expect(next).resolves.toMatchObject({ outcome: 'succeeded', attempts: 1 });
    expect(source.calls).toHaveLength(2);
  });

  it('starts a new wait for a caller that comes from a settled listener', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const source = scripted([ok('FAIL'), ok('DONE')]);
    const controller = new AbortController();
    let again: Promise<unknown> | undefined;
    waiter.once('settled', () => {
      again = waiter.settle(source, { signal: controller.signal });
    });

    await waiter.settle(source);
    await jest.advanceTimersByTimeAsync(0);

    await expect(again).resolves.toMatchObject({ outcome: 'succeeded', attempts: 1 });
    expect(source.calls).toHaveLength(2);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('keeps apart jobs whose kind and id would run together', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const first = { ...scripted([ok('DONE')], { id: 'b\u0000c' }), kind: 'a' };
    const second = { ...scripted([ok('DONE')], { id: 'c' }), kind: 'a\u0000b' };

    const results = await Promise.all([waiter.wait(first), waiter.wait(second)]);

    expect(results.map((result) => result.jobId)).toEqual(['b\u0000c', 'c']);
  });
});
