import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { constantBackoff } from '../src/backoff/constant.js';
import {
  JobFailedError,
  NotFoundError,
  PollFailedError,
  UnexpectedStateError,
  WaitAbortedError,
  WaitTimeoutError,
} from '../src/errors.js';
import type { WaitOutcome } from '../src/events.js';
import type { WaiterOptions } from '../src/options.js';
import type { Classifier } from '../src/verdict.js';
import { Waiter } from '../src/waiter.js';
import {
  abortListeners,
  classifyJob,
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

const fatal = new Error('400 Bad Request');
const classifyMissing: Classifier<Job> = (outcome) =>
  outcome.ok ? classifyJob(outcome) : { type: 'not-found' };

interface Route {
  readonly steps: Step[];
  readonly options?: WaiterOptions<Job>;
  /** When the caller aborts, if it does. */
  readonly abortAtMs?: number;
  readonly outcome: WaitOutcome;
  /** The class of the rejection; none on success. */
  readonly error?: abstract new (...args: never[]) => unknown;
  /** The code in the settled event's error summary. */
  readonly code?: string;
}

const routes: Record<string, Route> = {
  'a success': { steps: [ok('RUNNING'), ok('DONE')], outcome: 'succeeded' },
  'a job failure': {
    steps: [ok('RUNNING'), ok('FAIL')],
    outcome: 'failed',
    error: JobFailedError,
    code: 'ERR_JOB_FAILED',
  },
  'a timeout while idle before the deadline': {
    steps: [ok('RUNNING')],
    options: { timeoutMs: 2_500 },
    outcome: 'timedOut',
    error: WaitTimeoutError,
    code: 'ERR_WAIT_TIMEOUT',
  },
  'a timeout mid-poll': {
    steps: [ok('RUNNING'), hang],
    options: { timeoutMs: 2_500 },
    outcome: 'timedOut',
    error: WaitTimeoutError,
    code: 'ERR_WAIT_TIMEOUT',
  },
  'a timeout during an in-poll retry delay': {
    steps: [fail(networkError())],
    options: { timeoutMs: 400, pollRetryDelayMs: 1_000 },
    outcome: 'timedOut',
    error: WaitTimeoutError,
    code: 'ERR_WAIT_TIMEOUT',
  },
  'an abort during the initial delay': {
    steps: [ok('DONE')],
    options: { initialDelayMs: 1_000 },
    abortAtMs: 500,
    outcome: 'aborted',
    error: WaitAbortedError,
    code: 'ERR_WAIT_ABORTED',
  },
  'an abort while sleeping': {
    steps: [ok('RUNNING')],
    abortAtMs: 1_500,
    outcome: 'aborted',
    error: WaitAbortedError,
    code: 'ERR_WAIT_ABORTED',
  },
  'an abort mid-poll': {
    steps: [ok('RUNNING'), hang],
    abortAtMs: 1_500,
    outcome: 'aborted',
    error: WaitAbortedError,
    code: 'ERR_WAIT_ABORTED',
  },
  'a fatal error': { steps: [ok('RUNNING'), fail(fatal)], outcome: 'failed', error: Error },
  'an unknown state': {
    steps: [ok('PAUSED')],
    outcome: 'failed',
    error: UnexpectedStateError,
    code: 'ERR_UNEXPECTED_STATE',
  },
  'the not-found budget running out': {
    steps: [fail(new Error('404'))],
    options: { classify: classifyMissing, maxNotFound: 1 },
    outcome: 'failed',
    error: NotFoundError,
    code: 'ERR_JOB_NOT_FOUND',
  },
  'the transient budget running out': {
    steps: [fail(networkError())],
    options: { maxTransientPolls: 1, pollRetries: 1 },
    outcome: 'failed',
    error: PollFailedError,
    code: 'ERR_POLL_FAILED',
  },
};

describe('Waiter', () => {
  it.each(Object.entries(routes))(
    'emits one settled event and leaves no timer or listener when the wait ends with %s',
    async (_, route) => {
      const controller = new AbortController();
      const waiter = new Waiter<Job>({
        backoff: constantBackoff({ delayMs: 1_000 }),
        ...route.options,
      });
      const events = recordEvents(waiter);
      const atSettledEvent: number[] = [];
      waiter.on('settled', () => {
        atSettledEvent.push(jest.getTimerCount(), abortListeners(controller.signal));
      });
      const source = scripted(route.steps);
      const waited = track(waiter.wait(source, { signal: controller.signal }), controller.signal);

      if (route.abortAtMs !== undefined) {
        await jest.advanceTimersByTimeAsync(route.abortAtMs);
        controller.abort();
      }
      await jest.advanceTimersByTimeAsync(5_000);
      await waited.done;
      const polls = source.calls.length;
      const count = events.length;
      await jest.advanceTimersByTimeAsync(600_000);

      const settled = events.filter((event) => event.name === 'settled');
      expect(settled).toHaveLength(1);
      expect(events.at(-1)).toBe(settled[0]);
      const attempts = events.filter((event) => event.name === 'poll:start').length;
      expect(settled[0]).toMatchObject({ outcome: route.outcome, attempt: attempts });
      if (route.error === undefined) {
        expect(waited.error).toBeUndefined();
        expect(settled[0]).not.toHaveProperty('error');
      } else {
        expect(waited.error).toBeInstanceOf(route.error);
        const { name, message } = waited.error as Error;
        const code = route.code === undefined ? {} : { code: route.code };
        expect(settled[0]!.error).toEqual({ name, message, ...code });
      }
      expect(atSettledEvent).toEqual([0, 0]);
      expect(waited.timersAtSettle).toBe(0);
      expect(waited.listenersAtSettle).toBe(0);
      expect(source.calls.every((call) => abortListeners(call.signal) === 0)).toBe(true);
      expect(source.calls).toHaveLength(polls);
      expect(events).toHaveLength(count);
    },
  );

  it('rejects with the error object itself when a poll error is fatal', async () => {
    const waited = track(new Waiter<Job>().wait(scripted([fail(fatal)])));

    await waited.done;

    expect(waited.error).toBe(fatal);
  });
});
