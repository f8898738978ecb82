import { performance } from 'node:perf_hooks';

import { describe, expect, it } from '@jest/globals';

import { constantBackoff } from '../../src/backoff/constant.js';
import { exponentialBackoff } from '../../src/backoff/exponential.js';
import { JobFailedError, WaitTimeoutError } from '../../src/errors.js';
import { stateSets } from '../../src/state-sets.js';
import { Waiter } from '../../src/waiter.js';
import { scriptedSource, virtualClock } from '../../src/testing/index.js';

/*
 * These tests use no fake timers at all: a virtual clock injected into the waiter and the
 * source is enough to run a schedule of minutes in a few real milliseconds.
 */

interface Build {
  state: string;
  code?: string;
  reason?: string;
}

const classify = stateSets<Build>({
  state: 'state',
  pending: ['queued', 'running'],
  success: ['passed'],
  failure: ['failed'],
  failureDetails: ({ code, reason }) => ({ code, reason }),
});

const running: Build = { state: 'running' };
const passed: Build = { state: 'passed' };
const reset = (): Error => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

describe('Waiter on a virtual clock', () => {
  it('succeeds in real milliseconds when the job finishes ten virtual minutes in', async () => {
    const clock = virtualClock();
    const source = scriptedSource<Build>({
      clock,
      classify,
      script: [
        { atMs: 0, value: running, latencyMs: 100 },
        { atMs: 600_000, value: passed, latencyMs: 100 },
      ],
    });
    const waiter = new Waiter<Build>({
      clock,
      timeoutMs: 15 * 60_000,
      backoff: constantBackoff({ delayMs: 30_000 }),
    });

    const realStart = performance.now();
    const result = await clock.runUntilSettled(waiter.wait(source));
    const realMs = performance.now() - realStart;

    // Each round is a poll of 100 ms and a pause of 30 s; round 21 starts at 602 s.
    expect(result).toMatchObject({ observation: passed, state: 'passed', attempts: 21 });
    expect(result.elapsedMs).toBe(602_100);
    expect(source.polls.at(-1)).toEqual({ attempt: 21, atMs: 602_000 });
    expect(clock.pendingTimers).toBe(0);
    expect(realMs).toBeLessThan(2_000);
  });

  it('rejects with a JobFailedError carrying the provider code when the job fails', async () => {
    const clock = virtualClock();
    const failed: Build = { state: 'failed', code: 'QUOTA', reason: 'disk full' };
    const source = scriptedSource<Build>({
      id: 'build-42',
      kind: 'my-ci',
      clock,
      classify,
      script: [
        { atMs: 0, value: running },
        { atMs: 420_000, value: failed },
      ],
    });
    const waiter = new Waiter<Build>({
      clock,
      backoff: exponentialBackoff({ baseDelayMs: 1_000, capDelayMs: 30_000, jitter: 'none' }),
    });

    const error = await clock.runUntilSettled(waiter.wait(source)).catch((e: unknown) => e);

    // Polls at 0, 1, 3, 7, 15 and 31 s, then every 30 s: the failure is seen at 421 s.
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({
      code: 'ERR_JOB_FAILED',
      message: 'Job build-42 failed: QUOTA: disk full',
      jobId: 'build-42',
      kind: 'my-ci',
      attempts: 19,
      elapsedMs: 421_000,
      state: 'failed',
      providerCode: 'QUOTA',
      reason: 'disk full',
      observation: failed,
    });
    expect(clock.pendingTimers).toBe(0);
  });

  // Relies on the in-poll retry delays running on the waiter's clock rather than on p-retry's
  // global timers: on the global timers the retry would wait in real time.
  it('retries inside the poll on the virtual clock when the network drops', async () => {
    const clock = virtualClock();
    const source = scriptedSource<Build>({
      clock,
      classify,
      script: [
        { value: running },
        { error: reset() },
        { error: reset() },
        { value: running },
        { value: passed },
      ],
    });
    const waiter = new Waiter<Build>({
      clock,
      backoff: constantBackoff({ delayMs: 30_000 }),
      pollRetries: 2,
      pollRetryDelayMs: 250,
    });
    const retries: number[] = [];
    waiter.on('retry', ({ retry, elapsedMs }) => retries.push(retry, elapsedMs));

    const result = await clock.runUntilSettled(waiter.wait(source));

    expect(source.polls).toEqual([
      { attempt: 1, atMs: 0 },
      { attempt: 2, atMs: 30_000 },
      { attempt: 2, atMs: 30_250 },
      { attempt: 2, atMs: 30_750 },
      { attempt: 3, atMs: 60_750 },
    ]);
    expect(retries).toEqual([1, 30_000, 2, 30_250]);
    expect(result).toMatchObject({ attempts: 3, elapsedMs: 60_750 });
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with WaitTimeoutError at exactly timeoutMs when the job never finishes', async () => {
    const startMs = Date.parse('2025-01-01T00:00:00.000Z');
    const clock = virtualClock({ startMs });
    const source = scriptedSource<Build>({ clock, classify, script: [{ value: running }] });
    const waiter = new Waiter<Build>({
      clock,
      timeoutMs: 300_000,
      backoff: constantBackoff({ delayMs: 45_000 }),
    });

    const error = await clock.runUntilSettled(waiter.wait(source)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({
      code: 'ERR_WAIT_TIMEOUT',
      timeoutMs: 300_000,
      elapsedMs: 300_000,
      attempts: 8,
      lastObservation: running,
    });
    expect(clock.now() - startMs).toBe(300_000);
    expect(source.polls.map(({ atMs }) => atMs)).toEqual([
      0, 45_000, 90_000, 135_000, 180_000, 225_000, 270_000, 299_999,
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('aborts the poll in flight at the deadline when its latency outlasts the wait', async () => {
    const clock = virtualClock();
    const source = scriptedSource<Build>({
      clock,
      classify,
      script: [{ value: running }, { value: running, latencyMs: 120_000 }],
    });
    const waiter = new Waiter<Build>({
      clock,
      timeoutMs: 100_000,
      pollTimeoutMs: 200_000,
      backoff: constantBackoff({ delayMs: 10_000 }),
    });

    const error = await clock.runUntilSettled(waiter.wait(source)).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'ERR_WAIT_TIMEOUT', elapsedMs: 100_000, attempts: 2 });
    expect(source.polls).toEqual([
      { attempt: 1, atMs: 0 },
      { attempt: 2, atMs: 10_000 },
    ]);
    expect(source.aborted).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });
});
