import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { constantBackoff } from '../src/backoff/constant.js';
import { JobFailedError, WaitAbortedError, WaitTimeoutError } from '../src/errors.js';
import type { SettleResult } from '../src/settle-result.js';
import { Waiter } from '../src/waiter.js';
import { fail, hang, ok, scripted, type Job, type Step } from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

const everySecond = { backoff: constantBackoff({ delayMs: 1_000 }) };

/** Settles a wait on `steps`, aborting it at `abortAtMs` if given. */
async function settle(
  steps: Step[],
  { timeoutMs = 600_000, abortAtMs }: { timeoutMs?: number; abortAtMs?: number } = {},
): Promise<SettleResult<Job>> {
  const controller = new AbortController();
  const waiter = new Waiter<Job>({ ...everySecond, timeoutMs });
  const settled = waiter.settle(scripted(steps), { signal: controller.signal });

  if (abortAtMs !== undefined) {
    await jest.advanceTimersByTimeAsync(abortAtMs);
    controller.abort('stop');
  }
  await jest.advanceTimersByTimeAsync(timeoutMs);

  return settled;
}

const atSecond = (seconds: number) => new Date(seconds * 1_000).toISOString();

describe('Waiter.settle', () => {
  it('resolves with outcome succeeded and the wait result when the job succeeds', async () => {
    const result = await settle([ok('RUNNING'), ok('DONE')]);

    expect(result).toEqual({
      outcome: 'succeeded',
      jobId: 'job-1',
      kind: 'test',
      attempts: 2,
      elapsedMs: 1_000,
      state: 'DONE',
      observation: { status: 'DONE' },
      history: [
        { state: 'RUNNING', attempt: 1, elapsedMs: 0, time: atSecond(0) },
        { state: 'DONE', attempt: 2, elapsedMs: 1_000, time: atSecond(1) },
      ],
    });
  });

  it('resolves with outcome failed, the provider fields and the error on failure', async () => {
    const result = await settle([ok('RUNNING'), ok('FAIL', { code: 'E1', reason: 'no quota' })]);

    expect(result).toMatchObject({
      outcome: 'failed',
      attempts: 2,
      state: 'FAIL',
      providerCode: 'E1',
      reason: 'no quota',
      observation: { status: 'FAIL', code: 'E1', reason: 'no quota' },
    });
    expect(result.outcome === 'failed' && result.error).toBeInstanceOf(JobFailedError);
    expect((result as { error: JobFailedError }).error.history.map((entry) => entry.state)).toEqual(
      ['RUNNING', 'FAIL'],
    );
  });

  it('resolves with outcome timedOut and the last observation at the deadline', async () => {
    const result = await settle([ok('RUNNING')], { timeoutMs: 3_500 });

    expect(result).toMatchObject({
      outcome: 'timedOut',
      state: 'RUNNING',
      observation: { status: 'RUNNING' },
      elapsedMs: 3_500,
    });
    expect(result.outcome === 'timedOut' && result.error).toBeInstanceOf(WaitTimeoutError);
  });

  it('resolves with outcome aborted when the caller aborts', async () => {
    const result = await settle([ok('RUNNING'), hang], { abortAtMs: 1_500 });

    expect(result).toMatchObject({ outcome: 'aborted', attempts: 2, state: 'RUNNING' });
    expect(result.outcome === 'aborted' && result.error).toBeInstanceOf(WaitAbortedError);
    expect((result as { error: Error }).error.cause).toBe('stop');
  });

  it('resolves with outcome failed and the poll error when a poll fails fatally', async () => {
    const fatal = new Error('403 Forbidden');
    const result = await settle([fail(fatal)]);

    expect(result).toMatchObject({ outcome: 'failed', attempts: 1, error: fatal });
    expect(result).not.toHaveProperty('providerCode');
  });

  it('resolves, not rejects, with the TypeError when the job source is invalid', async () => {
    const waiter = new Waiter<Job>();

    const result = await waiter.settle({ id: 'job-9' } as never);

    expect(result).toMatchObject({ outcome: 'failed', jobId: 'job-9', attempts: 0 });
    expect((result as { error: Error }).error).toBeInstanceOf(TypeError);
  });

  it('resolves, not rejects, when reading the source throws', async () => {
    const source = {
      kind: 'test',
      poll: () => ({ status: 'DONE' }),
      get id(): string {
        throw new Error('boom');
      },
    };

    const result = await new Waiter<Job>().settle(source);

    expect(result).toMatchObject({ outcome: 'failed', jobId: '', attempts: 0 });
    expect((result as { error: Error }).error).toBeInstanceOf(TypeError);
  });

  it('resolves with the TypeError naming the option when a wait option is unknown', async () => {
    const waiter = new Waiter<Job>();

    const result = await waiter.settle(scripted([ok('DONE')]), { timeoutMs: 5 } as never);

    expect((result as { error: Error }).error).toEqual(new TypeError('Unknown option `timeoutMs`'));
  });
});

describe('WaitHandle.result', () => {
  it('rejects with the same error that settled carries', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const handle = waiter.start(scripted([ok('FAIL', { code: 'E2' })]));

    const settled = await handle.settled;

    await expect(handle.result).rejects.toBe((settled as { error: unknown }).error);
  });
});
