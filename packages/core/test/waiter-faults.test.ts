import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { PollFailedError, PollTimeoutError } from '../src/errors.js';
import type { Classifier } from '../src/verdict.js';
import {
  classifyJob,
  fail,
  hang,
  names,
  networkError,
  ok,
  type Job,
  startWait,
  eventsNamed,
} from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

/** Reads errors carrying a `retryAfterMs` as throttled, anything else as the jobs do. */
const classifyThrottle: Classifier<Job> = (outcome) => {
  const retryAfterMs = outcome.ok
    ? undefined
    : (outcome.error as { retryAfterMs?: number }).retryAfterMs;
  if (outcome.ok || retryAfterMs === undefined) return classifyJob(outcome);

  return Number.isNaN(retryAfterMs) ? { type: 'throttled' } : { type: 'throttled', retryAfterMs };
};

const throttle = (retryAfterMs: number) =>
  fail(Object.assign(new Error('429 Too Many Requests'), { retryAfterMs }));

describe('Waiter', () => {
  describe('per-poll timeout', () => {
    it('cuts the poll, aborts its signal and still succeeds when it never answers', async () => {
      const { events, source, waited } = startWait([hang, ok('DONE')], {
        pollTimeoutMs: 2_000,
        pollRetries: 0,
      });

      await jest.advanceTimersByTimeAsync(3_000);
      await waited.done;

      expect(source.startedAt).toEqual([0, 3_000]);
      expect(source.calls[0]!.signal.aborted).toBe(true);
      expect(source.calls[0]!.signal.reason).toBeInstanceOf(PollTimeoutError);
      expect(waited.value).toMatchObject({ state: 'DONE', attempts: 2, elapsedMs: 3_000 });
      expect(eventsNamed(events, 'poll:end')[0]).toMatchObject({
        attempt: 1,
        durationMs: 2_000,
        verdict: 'transient',
        error: {
          name: 'PollTimeoutError',
          code: 'ERR_POLL_TIMEOUT',
          message: 'Poll took longer than 2000 ms and was aborted',
        },
      });
      expect(waited.timersAtSettle).toBe(0);
    });

    it('retries in-poll with a PollTimeoutError retry event when a request times out', async () => {
      const { events, source, waited } = startWait([hang, ok('DONE')], {
        pollTimeoutMs: 2_000,
        pollRetries: 1,
        pollRetryDelayMs: 100,
      });

      await jest.advanceTimersByTimeAsync(2_100);
      await waited.done;

      expect(source.startedAt).toEqual([0, 2_100]);
      expect(eventsNamed(events, 'retry')).toEqual([
        expect.objectContaining({
          attempt: 1,
          retry: 1,
          retriesLeft: 0,
          error: expect.objectContaining({ code: 'ERR_POLL_TIMEOUT' }),
        }),
      ]);
      expect(waited.value).toMatchObject({ attempts: 1, elapsedMs: 2_100 });
    });
  });

  describe('transient errors', () => {
    it('retries in-poll at doubling delays and emits retry when errors are transient', async () => {
      const errors = [networkError('first'), networkError('second')];
      const { events, source, waited } = startWait([...errors.map(fail), ok('DONE')], {
        pollRetries: 2,
        pollRetryDelayMs: 100,
      });

      await jest.advanceTimersByTimeAsync(300);
      await waited.done;

      expect(source.startedAt).toEqual([0, 100, 300]);
      expect(source.calls.map((call) => call.attempt)).toEqual([1, 1, 1]);
      expect(eventsNamed(events, 'retry')).toEqual([
        expect.objectContaining({
          attempt: 1,
          elapsedMs: 0,
          retry: 1,
          retriesLeft: 1,
          error: { name: 'Error', code: 'ECONNRESET', message: 'first' },
        }),
        expect.objectContaining({
          attempt: 1,
          elapsedMs: 100,
          retry: 2,
          retriesLeft: 0,
          error: { name: 'Error', code: 'ECONNRESET', message: 'second' },
        }),
      ]);
      expect(names(events)).toEqual([
        'wait:start',
        'poll:start',
        'retry',
        'retry',
        'poll:end',
        'state:change',
        'settled',
      ]);
      expect(waited.value).toMatchObject({ attempts: 1, elapsedMs: 300 });
    });

    it('counts the poll as transient and polls again when its retries run out', async () => {
      const last = networkError('last');
      const { events, source, waited } = startWait(
        [fail(networkError()), fail(last), ok('RUNNING'), ok('DONE')],
        { pollRetries: 1, pollRetryDelayMs: 250 },
      );

      await jest.advanceTimersByTimeAsync(3_000);
      await waited.done;

      expect(source.startedAt).toEqual([0, 250, 1_250, 2_250]);
      expect(
        eventsNamed(events, 'poll:end').map(({ verdict, error }) => ({ verdict, error })),
      ).toEqual([
        { verdict: 'transient', error: { name: 'Error', code: 'ECONNRESET', message: 'last' } },
        { verdict: 'pending', error: undefined },
        { verdict: 'success', error: undefined },
      ]);
      expect(eventsNamed(events, 'backoff')[0]).toMatchObject({
        delayMs: 1_000,
        verdict: 'transient',
      });
      expect(waited.value).toMatchObject({ attempts: 3, elapsedMs: 2_250 });
    });

    it('rejects with PollFailedError of the last error when over maxTransientPolls', async () => {
      const errors = [networkError('1'), networkError('2'), networkError('3')];
      const { events, source, waited } = startWait(errors.map(fail), {
        pollRetries: 0,
        maxTransientPolls: 2,
      });

      await jest.advanceTimersByTimeAsync(2_000);
      await waited.done;

      expect(source.startedAt).toEqual([0, 1_000, 2_000]);
      expect(waited.error).toBeInstanceOf(PollFailedError);
      expect(waited.error).toMatchObject({
        code: 'ERR_POLL_FAILED',
        message: 'Polling job job-1 failed 3 times in a row; last error: 3',
        attempts: 3,
        elapsedMs: 2_000,
        consecutiveFailures: 3,
      });
      expect((waited.error as PollFailedError).cause).toBe(errors[2]);
      expect(events.at(-1)).toMatchObject({ name: 'settled', outcome: 'failed' });
      expect(waited.timersAtSettle).toBe(0);
    });

    it('restarts the transient count when a poll sees the job', async () => {
      const e = fail(networkError());
      const { waited } = startWait([e, e, ok('RUNNING'), e, e, ok('DONE')], {
        pollRetries: 0,
        maxTransientPolls: 2,
      });

      await jest.advanceTimersByTimeAsync(5_000);
      await waited.done;

      expect(waited.value).toMatchObject({ state: 'DONE', attempts: 6 });
    });

    it('rejects with the error itself after one poll call when the error is fatal', async () => {
      const fatal = Object.assign(new Error('403 Forbidden'), { status: 403 });
      const { events, source, waited } = startWait([fail(fatal), ok('DONE')], { pollRetries: 2 });

      await jest.advanceTimersByTimeAsync(5_000);
      await waited.done;

      expect(source.calls).toHaveLength(1);
      expect(waited.error).toBe(fatal);
      expect(eventsNamed(events, 'retry')).toEqual([]);
      expect(events.at(-1)).toMatchObject({
        name: 'settled',
        outcome: 'failed',
        attempt: 1,
        error: { name: 'Error', message: '403 Forbidden' },
      });
      expect(waited.timersAtSettle).toBe(0);
    });
  });

  describe('throttling', () => {
    it('stretches the next delay with reason retry-after when the hint is longer', async () => {
      const { events, source, waited } = startWait([throttle(7_000), ok('DONE')], {
        classify: classifyThrottle,
      });

      await jest.advanceTimersByTimeAsync(7_000);
      await waited.done;

      expect(source.startedAt).toEqual([0, 7_000]);
      expect(eventsNamed(events, 'backoff')).toEqual([
        expect.objectContaining({
          attempt: 1,
          delayMs: 7_000,
          reason: 'retry-after',
          verdict: 'throttled',
        }),
      ]);
      expect(waited.value).toMatchObject({ attempts: 2, elapsedMs: 7_000 });
    });

    it('keeps the strategy delay when the hint is shorter or absent', async () => {
      const { events, waited } = startWait([throttle(200), throttle(Number.NaN), ok('DONE')], {
        classify: classifyThrottle,
      });

      await jest.advanceTimersByTimeAsync(2_000);
      await waited.done;

      expect(
        eventsNamed(events, 'backoff').map(({ delayMs, reason }) => [delayMs, reason]),
      ).toEqual([
        [1_000, 'strategy'],
        [1_000, 'strategy'],
      ]);
    });

    it('holds the hint to maxDelayMs when it is longer', async () => {
      const { events, waited } = startWait([throttle(600_000), ok('DONE')], {
        classify: classifyThrottle,
        maxDelayMs: 20_000,
      });

      await jest.advanceTimersByTimeAsync(20_000);
      await waited.done;

      expect(eventsNamed(events, 'backoff')[0]).toMatchObject({
        delayMs: 20_000,
        reason: 'retry-after',
      });
    });

    it('neither retries in-poll nor counts against maxTransientPolls when throttled', async () => {
      const { source, waited } = startWait([throttle(0), throttle(0), throttle(0), ok('DONE')], {
        classify: classifyThrottle,
        maxTransientPolls: 0,
        pollRetries: 2,
      });

      await jest.advanceTimersByTimeAsync(3_000);
      await waited.done;

      expect(source.startedAt).toEqual([0, 1_000, 2_000, 3_000]);
      expect(waited.value).toMatchObject({ attempts: 4 });
    });
  });
});
