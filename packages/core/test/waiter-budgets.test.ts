import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { constantBackoff } from '../src/backoff/constant.js';
import { NotFoundError, UnexpectedStateError } from '../src/errors.js';
import type { WaiterOptions } from '../src/options.js';
import { classifyCommonError, stateSets } from '../src/state-sets.js';
import { Waiter } from '../src/waiter.js';
import {
  fail,
  ok,
  recordEvents,
  scripted,
  track,
  type Job,
  type Recorded,
  type Step,
} from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

/** The jobs' sets, with a 404 read as not-found and a GONE state too. */
const classify = stateSets<Job>({
  state: 'status',
  pending: ['RUNNING'],
  success: ['DONE'],
  failure: ['FAIL'],
  classifyError: (error) =>
    (error as { status?: number }).status === 404
      ? { type: 'not-found' }
      : classifyCommonError(error),
});
const classifyGone = (outcome: Parameters<typeof classify>[0]) =>
  outcome.ok && outcome.value.status === 'GONE'
    ? ({ type: 'not-found' } as const)
    : classify(outcome);

const missing = (): Step => fail(Object.assign(new Error('404 Not Found'), { status: 404 }));

function start(steps: Step[], options: WaiterOptions<Job> = {}) {
  const waiter = new Waiter<Job>({
    backoff: constantBackoff({ delayMs: 1_000 }),
    classify,
    ...options,
  });
  const events = recordEvents(waiter);
  const source = scripted(steps);
  const waited = track(waiter.wait(source));

  return { events, source, waited };
}

const verdicts = (events: Recorded[]) =>
  events.filter((event) => event.name === 'poll:end').map((event) => event.verdict);

describe('Waiter', () => {
  describe('not-found budget', () => {
    it('rejects with NotFoundError when over maxNotFound polls in a row find no job', async () => {
      const steps = [ok('RUNNING'), missing(), missing(), missing()];
      const { events, waited } = start(steps, { maxNotFound: 2 });

      await jest.advanceTimersByTimeAsync(3_000);
      await waited.done;

      expect(verdicts(events)).toEqual(['pending', 'not-found', 'not-found', 'not-found']);
      expect(waited.error).toBeInstanceOf(NotFoundError);
      expect(waited.error).toMatchObject({
        code: 'ERR_JOB_NOT_FOUND',
        message: 'Job job-1 was not found on 3 consecutive polls',
        jobId: 'job-1',
        attempts: 4,
        elapsedMs: 3_000,
        consecutiveNotFound: 3,
        cause: expect.objectContaining({ status: 404 }),
      });
      expect(events.at(-1)).toMatchObject({ name: 'settled', outcome: 'failed' });
      expect(waited.timersAtSettle).toBe(0);
    });

    it('rejects on the 4th miss in a row when maxNotFound is left at 3', async () => {
      const { source, waited } = start([missing()]);

      await jest.advanceTimersByTimeAsync(3_000);
      await waited.done;

      expect(source.calls).toHaveLength(4);
      expect(waited.error).toMatchObject({ consecutiveNotFound: 4 });
    });

    it('restarts the count when the job reappears', async () => {
      const steps = [missing(), missing(), ok('RUNNING'), missing(), missing(), ok('DONE')];
      const { waited } = start(steps, { maxNotFound: 2 });

      await jest.advanceTimersByTimeAsync(5_000);
      await waited.done;

      expect(waited.value).toMatchObject({ state: 'DONE', attempts: 6 });
    });

    it('fails at once with no cause when maxNotFound is 0 and a value is not-found', async () => {
      const { waited } = start([ok('GONE')], { maxNotFound: 0, classify: classifyGone });

      await waited.done;

      expect(waited.error).toBeInstanceOf(NotFoundError);
      expect(waited.error).toMatchObject({ attempts: 1, consecutiveNotFound: 1, cause: undefined });
    });
  });

  describe('unknown states', () => {
    it('rejects with UnexpectedStateError at once when maxUnknown is left at 0', async () => {
      const { events, source, waited } = start([ok('RUNNING'), ok('PAUSED'), ok('DONE')]);

      await jest.advanceTimersByTimeAsync(5_000);
      await waited.done;

      expect(source.calls).toHaveLength(2);
      expect(waited.error).toBeInstanceOf(UnexpectedStateError);
      expect(waited.error).toMatchObject({
        code: 'ERR_UNEXPECTED_STATE',
        message: 'Job job-1 is in an unexpected state: "PAUSED"',
        state: 'PAUSED',
        observation: { status: 'PAUSED' },
        attempts: 2,
        elapsedMs: 1_000,
      });
      expect(events.at(-1)).toMatchObject({ outcome: 'failed', state: 'PAUSED' });
    });

    it('succeeds when no more unknown polls in a row come than maxUnknown allows', async () => {
      const { waited } = start([ok('PAUSED'), ok('PAUSED'), ok('DONE')], { maxUnknown: 2 });

      await jest.advanceTimersByTimeAsync(2_000);
      await waited.done;

      expect(waited.value).toMatchObject({ state: 'DONE', attempts: 3 });
    });

    it('rejects when the unknown polls in a row pass maxUnknown', async () => {
      const steps = [ok('RUNNING'), ok('PAUSED'), ok('HELD')];
      const { waited } = start(steps, { maxUnknown: 1 });

      await jest.advanceTimersByTimeAsync(2_000);
      await waited.done;

      expect(waited.error).toMatchObject({ state: 'HELD', attempts: 3 });
    });

    it('rejects with an undefined state when the observation has none', async () => {
      const { waited } = start([async () => ({}) as Job]);

      await waited.done;

      expect(waited.error).toBeInstanceOf(UnexpectedStateError);
      expect(waited.error).toMatchObject({ state: undefined, observation: {} });
    });
  });

  describe('success confirmations', () => {
    it('needs two successes in a row when successConfirmations is 2', async () => {
      const { events, source, waited } = start([ok('DONE')], { successConfirmations: 2 });

      await jest.advanceTimersByTimeAsync(1_000);
      await waited.done;

      expect(source.startedAt).toEqual([0, 1_000]);
      expect(verdicts(events)).toEqual(['success', 'success']);
      expect(events.filter((event) => event.name === 'state:change')).toHaveLength(1);
      expect(waited.value).toMatchObject({ state: 'DONE', attempts: 2, elapsedMs: 1_000 });
    });

    it('starts counting again when a pending poll comes between two successes', async () => {
      const steps = [ok('DONE'), ok('RUNNING'), ok('DONE'), ok('DONE')];
      const { waited } = start(steps, { successConfirmations: 2 });

      await jest.advanceTimersByTimeAsync(3_000);
      await waited.done;

      expect(waited.value).toMatchObject({ attempts: 4, elapsedMs: 3_000 });
    });

    it('starts counting again when the job goes missing between two successes', async () => {
      const steps = [ok('DONE'), missing(), ok('DONE'), ok('DONE')];
      const { waited } = start(steps, { successConfirmations: 2 });

      await jest.advanceTimersByTimeAsync(3_000);
      await waited.done;

      expect(waited.value).toMatchObject({ attempts: 4 });
    });

    it('fails at once when a failure follows an unconfirmed success', async () => {
      const steps = [ok('DONE'), ok('FAIL')];
      const { waited } = start(steps, { successConfirmations: 3 });

      await jest.advanceTimersByTimeAsync(1_000);
      await waited.done;

      expect(waited.error).toMatchObject({ code: 'ERR_JOB_FAILED', state: 'FAIL', attempts: 2 });
    });
  });
});
