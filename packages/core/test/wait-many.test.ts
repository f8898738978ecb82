import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { constantBackoff } from '../src/backoff/constant.js';
import { JobFailedError, WaitTimeoutError, type WaitAbortedError } from '../src/errors.js';
import { Waiter } from '../src/waiter.js';
import {
  abortListeners,
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

const options = { timeoutMs: 10_000, backoff: constantBackoff({ delayMs: 1_000 }) };

/** A job that runs for `polls - 1` polls and then ends in `status`. */
function job(id: string, polls: number, status = 'DONE') {
  const steps = [...Array.from({ length: polls - 1 }, () => ok('RUNNING')), ok(status)];

  return scripted(steps, { id });
}

describe('Waiter.waitAll', () => {
  it('reports every job on its own, in order, when one fails and one times out', async () => {
    const waiter = new Waiter<Job>(options);
    const sources = [job('a', 3), job('b', 2, 'FAIL'), scripted([ok('RUNNING')], { id: 'c' })];

    const all = track(waiter.waitAll(sources));
    await jest.advanceTimersByTimeAsync(10_000);
    await all.done;

    expect(all.value?.map((result) => [result.jobId, result.outcome, result.attempts])).toEqual([
      ['a', 'succeeded', 3],
      ['b', 'failed', 2],
      // Ten polls a second apart, and an eleventh aligned with the deadline.
      ['c', 'timedOut', 11],
    ]);
    expect((all.value?.[1] as { error: unknown }).error).toBeInstanceOf(JobFailedError);
    expect((all.value?.[2] as { error: unknown }).error).toBeInstanceOf(WaitTimeoutError);
    expect(all.timersAtSettle).toBe(0);
  });

  it('runs at most `concurrency` waits at once and starts the next as one settles', async () => {
    const waiter = new Waiter<Job>(options);
    const events = recordEvents(waiter);
    const sources = [job('a', 3), job('b', 2), job('c', 1)];

    const all = track(waiter.waitAll(sources, { concurrency: 2 }));
    await jest.advanceTimersByTimeAsync(0);
    const startedFirst = eventsNamed(events, 'wait:start').map((event) => event.jobId);
    await jest.advanceTimersByTimeAsync(2_000);
    await all.done;

    expect(startedFirst).toEqual(['a', 'b']);
    expect(sources[2]!.startedAt).toEqual([1_000]);
    expect(eventsNamed(events, 'settled').map((event) => event.jobId)).toEqual(['b', 'c', 'a']);
  });

  it('ends the queued waits as aborted, without polling, when the signal aborts', async () => {
    const waiter = new Waiter<Job>(options);
    const controller = new AbortController();
    const sources = [scripted([hang], { id: 'a' }), job('b', 1)];

    const all = track(waiter.waitAll(sources, { concurrency: 1, signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(100);
    controller.abort('shutdown');
    await all.done;

    expect(all.value?.map((result) => [result.outcome, result.attempts])).toEqual([
      ['aborted', 1],
      ['aborted', 0],
    ]);
    expect(sources[1]!.calls).toHaveLength(0);
  });

  it('throws a TypeError naming the source, before any poll, when it is invalid', async () => {
    const waiter = new Waiter<Job>(options);
    const good = job('a', 1);

    await expect(waiter.waitAll([good, { id: 'b' } as never])).rejects.toThrow(
      new TypeError('Expected sources[1] to have a string `kind` and a `poll` function'),
    );
    expect(good.calls).toHaveLength(0);
  });

  it.each([
    [{ concurrency: 0 }, new RangeError('Expected option `concurrency` to be an integer from 1')],
    [{ concurrency: 1.5 }, new RangeError('Expected option `concurrency` to be an integer from 1')],
    [{ limit: 2 }, new TypeError('Unknown option `limit`')],
    [{ signal: {} }, new TypeError('Expected option `signal` to be an AbortSignal, got an object')],
  ])('refuses the options %j before any poll', async (given, error) => {
    const good = job('a', 1);

    const all = new Waiter<Job>(options).waitAll([good], given as never);

    await expect(all).rejects.toThrow(error.message);
    await expect(all).rejects.toBeInstanceOf(error.constructor);
    expect(good.calls).toHaveLength(0);
  });

  it('puts one listener on the caller signal, and no leak warning, for many jobs', async () => {
    const waiter = new Waiter<Job>(options);
    const controller = new AbortController();
    const sources = Array.from({ length: 30 }, (_, index) => job(`j${index}`, 2));
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);

    const all = track(waiter.waitAll(sources, { concurrency: 30, signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(0);
    const listening = abortListeners(controller.signal);
    await jest.advanceTimersByTimeAsync(1_000);
    await all.done;
    // Node.js emits its warnings on the next tick, which the fake timers hold.
    jest.runAllTicks();
    process.off('warning', onWarning);

    expect(listening).toBe(1);
    expect(warnings).toEqual([]);
    expect(all.value?.every((result) => result.outcome === 'succeeded')).toBe(true);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('resolves with no results when given no sources', async () => {
    await expect(new Waiter<Job>(options).waitAll([])).resolves.toEqual([]);
  });
});

describe('Waiter.waitAny', () => {
  it('resolves with the first success and aborts the other waits, leaving no timer', async () => {
    const waiter = new Waiter<Job>(options);
    const events = recordEvents(waiter);
    const slow = scripted([ok('RUNNING'), hang], { id: 'slow' });
    const sources = [slow, job('fast', 2), job('queued', 1)];

    const any = track(waiter.waitAny(sources, { concurrency: 2 }));
    await jest.advanceTimersByTimeAsync(1_000);
    await any.done;

    expect(any.value).toMatchObject({ jobId: 'fast', state: 'DONE', attempts: 2 });
    expect(slow.calls[1]!.signal.aborted).toBe(true);
    expect(sources[2]!.calls).toHaveLength(0);
    expect(eventsNamed(events, 'settled').map((event) => [event.jobId, event.outcome])).toEqual([
      ['fast', 'succeeded'],
      ['slow', 'aborted'],
    ]);
    expect(any.timersAtSettle).toBe(0);
  });

  it('rejects with an AggregateError of the job errors, in order, when none succeeds', async () => {
    const waiter = new Waiter<Job>(options);
    const sources = [scripted([ok('RUNNING')], { id: 'a' }), job('b', 1, 'FAIL')];

    const any = track(waiter.waitAny(sources));
    await jest.advanceTimersByTimeAsync(10_000);
    await any.done;

    expect(any.error).toBeInstanceOf(AggregateError);
    expect((any.error as AggregateError).message).toBe('None of the 2 jobs succeeded');
    const errors = (any.error as AggregateError).errors;
    expect(errors[0]).toBeInstanceOf(WaitTimeoutError);
    expect(errors[1]).toBeInstanceOf(JobFailedError);
  });

  it('rejects with the aborted waits when the caller aborts first', async () => {
    const waiter = new Waiter<Job>(options);
    const controller = new AbortController();
    const sources = [scripted([hang], { id: 'a' }), scripted([hang], { id: 'b' })];

    const any = track(waiter.waitAny(sources, { signal: controller.signal }), controller.signal);
    await jest.advanceTimersByTimeAsync(100);
    controller.abort('shutdown');
    await any.done;

    const errors = (any.error as AggregateError).errors as WaitAbortedError[];
    expect(errors.map((error) => [error.name, error.cause])).toEqual([
      ['WaitAbortedError', 'shutdown'],
      ['WaitAbortedError', 'shutdown'],
    ]);
    expect(any.listenersAtSettle).toBe(0);
  });
});
