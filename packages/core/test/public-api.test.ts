import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import * as core from '@jobwait/core';
import {
  JobFailedError,
  JobwaitError,
  NotFoundError,
  PollFailedError,
  PollTimeoutError,
  UnexpectedStateError,
  WaitAbortedError,
  WaitTimeoutError,
  Waiter,
  constantBackoff,
  isJobwaitError,
  stateSets,
  waitFor,
  type JobSource,
  type WaitResult,
} from '@jobwait/core';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('@jobwait/core', () => {
  it('exports exactly the documented runtime values when imported as a namespace', () => {
    expect(Object.keys(core).sort()).toEqual([
      'DurationModel',
      'JobFailedError',
      'JobwaitError',
      'MAX_TIMER_MS',
      'NotFoundError',
      'PollFailedError',
      'PollTimeoutError',
      'UnexpectedStateError',
      'WAITER_EVENT_NAMES',
      'WaitAbortedError',
      'WaitHandle',
      'WaitTimeoutError',
      'Waiter',
      'acceptors',
      'awsBackoff',
      'classifyCommonError',
      'constantBackoff',
      'durationAwareBackoff',
      'empiricalDistribution',
      'exponentialBackoff',
      'isJobwaitError',
      'lagAtPolls',
      'linearBackoff',
      'listBackoff',
      'loadDurationModel',
      'lognormalDistribution',
      'optimalSchedule',
      'parseRetryAfter',
      'pollFrontier',
      'resolveWaiterOptions',
      'saveDurationModel',
      'scheduleStats',
      'sleep',
      'stateSets',
      'summarizeError',
      'systemClock',
      'systemRandom',
      'terraformBackoff',
      'waitFor',
    ]);
  });

  it('exposes error classes that extend JobwaitError when imported from the entry point', () => {
    const classes = [
      JobFailedError,
      NotFoundError,
      PollFailedError,
      PollTimeoutError,
      UnexpectedStateError,
      WaitAbortedError,
      WaitTimeoutError,
    ];

    expect(classes.every((cls) => cls.prototype instanceof JobwaitError)).toBe(true);
  });

  it('resolves a wait when only the entry point is imported', async () => {
    const statuses = ['RUNNING', 'DONE'];
    const source: JobSource<{ status: string }> = {
      id: 'job-1',
      kind: 'example',
      poll: async ({ attempt }) => ({ status: statuses[attempt - 1]! }),
      classify: stateSets({ state: 'status', pending: ['RUNNING'], success: ['DONE'] }),
    };
    const waiter = new Waiter<{ status: string }>({ backoff: constantBackoff({ delayMs: 500 }) });

    const waiting = waiter.wait(source);
    await jest.advanceTimersByTimeAsync(500);
    const result: WaitResult<{ status: string }> = await waiting;

    expect(result).toEqual({
      jobId: 'job-1',
      kind: 'example',
      observation: { status: 'DONE' },
      state: 'DONE',
      attempts: 2,
      elapsedMs: 500,
      history: [
        { state: 'RUNNING', attempt: 1, elapsedMs: 0, time: '1970-01-01T00:00:00.000Z' },
        { state: 'DONE', attempt: 2, elapsedMs: 500, time: '1970-01-01T00:00:00.500Z' },
      ],
    });
  });

  it('rejects with an error isJobwaitError recognises when a state is unknown', async () => {
    const source: JobSource<{ status: string }> = {
      id: 'job-2',
      kind: 'example',
      poll: async () => ({ status: 'BROKEN' }),
      classify: stateSets({ state: 'status', pending: [], success: ['DONE'] }),
    };

    const error: unknown = await waitFor(source).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(UnexpectedStateError);
    expect(isJobwaitError(error)).toBe(true);
  });
});
