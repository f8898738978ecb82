import { describe, expect, it } from '@jest/globals';

import { Waiter, constantBackoff, type WaiterOptions } from '@jobwait/core';
import { scriptedSource, virtualClock, type ScriptStep } from '@jobwait/core/testing';

import { consoleReporter } from '../../src/console/console-reporter.js';
import { logReporter } from '../../src/log/log-reporter.js';
import { captureStream, classifyTestJob as classify, type TestJob as Job } from '../helpers.js';
import { LEVEL, captureRecords, type ParsedRecord } from './capture-records.js';

const reset = (): Error => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

/**
 * Runs a wait on virtual time with the log reporter on the default pino logger, writing to a
 * captured stream. Each scripted answer takes one second; polls follow each other after 1 ms
 * unless the options say otherwise.
 */
function run(
  script: ScriptStep<Job>[],
  { level = 'info', ...options }: WaiterOptions<Job> & { level?: 'debug' | 'info' } = {},
) {
  const out = captureRecords();
  const clock = virtualClock({ startMs: Date.parse('2025-06-01T12:00:00.000Z') });
  const source = scriptedSource<Job>({ id: 'job-7', clock, classify, script });
  const waiter = new Waiter<Job>({
    clock,
    minDelayMs: 1,
    backoff: constantBackoff({ delayMs: 0 }),
    ...options,
  });
  const detach = logReporter({ level, stream: out.stream }).attach(waiter);
  const done = clock.runUntilSettled(waiter.wait(source)).finally(detach);

  return { records: out.records, done, waiter };
}

const slow = (value: Job): ScriptStep<Job> => ({ value, latencyMs: 1_000 });

/** The level, message and event of each record, in order. */
function outline(records: ParsedRecord[]): [number, string, unknown][] {
  return records.map((r) => [r.level, r.msg, r['event']]);
}

describe('logReporter with a core Waiter', () => {
  it('logs every event of a successful wait at debug, with the envelope of each', async () => {
    const { records, done, waiter } = run(
      [
        slow({ status: 'INIT' }),
        slow({ status: 'RUNNING', done: 1 }),
        slow({ status: 'SUCCESS', done: 2 }),
      ],
      { level: 'debug' },
    );

    await expect(done).resolves.toMatchObject({ attempts: 3 });

    expect(outline(records())).toEqual([
      [LEVEL.info, 'wait started', 'wait:start'],
      ...[1, 2, 3].flatMap((attempt) => [
        ...(attempt === 1 ? [] : [[LEVEL.debug, 'next poll scheduled', 'backoff']]),
        [LEVEL.debug, 'poll started', 'poll:start'],
        [LEVEL.debug, 'poll ended', 'poll:end'],
        [LEVEL.info, 'job state changed', 'state:change'],
      ]),
      [LEVEL.info, 'wait succeeded', 'settled'],
    ]);
    expect(records().map((r) => r['seq'])).toEqual(records().map((_r, i) => i + 1));
    expect(records().every((r) => r['jobId'] === 'job-7' && r['kind'] === 'scripted')).toBe(true);
    expect(records()[0]).toMatchObject({
      name: 'jobwait',
      attempt: 0,
      elapsedMs: 0,
      eventTime: '2025-06-01T12:00:00.000Z',
      timeoutMs: 600_000,
      deadline: '2025-06-01T12:10:00.000Z',
    });
    expect(records().filter((r) => r['event'] === 'poll:end')[1]).toMatchObject({
      attempt: 2,
      durationMs: 1_000,
      verdict: 'pending',
      state: 'RUNNING',
      detail: 'sub-jobs 1/2',
    });
    expect(records().at(-1)).toMatchObject({
      attempt: 3,
      elapsedMs: 3_002,
      eventTime: '2025-06-01T12:00:03.002Z',
      outcome: 'succeeded',
      state: 'SUCCESS',
    });
    expect(records().at(-1)).not.toHaveProperty('error');
    expect(waiter.eventNames()).toEqual([]);
  });

  it('logs a failed job at error with the provider code as the error code', async () => {
    const { records, done } = run([
      slow({ status: 'RUNNING', done: 1 }),
      slow({ status: 'FAIL', code: 'ELB.1009', reason: 'Insufficient quota' }),
    ]);

    await expect(done).rejects.toMatchObject({ code: 'ERR_JOB_FAILED' });

    expect(outline(records())).toEqual([
      [LEVEL.info, 'wait started', 'wait:start'],
      [LEVEL.info, 'job state changed', 'state:change'],
      [LEVEL.info, 'job state changed', 'state:change'],
      [LEVEL.error, 'wait failed', 'settled'],
    ]);
    expect(records()[2]).toMatchObject({ state: 'FAIL', previousState: 'RUNNING', attempt: 2 });
    expect(records()[3]).toMatchObject({
      attempt: 2,
      elapsedMs: 2_001,
      outcome: 'failed',
      state: 'FAIL',
      providerCode: 'ELB.1009',
      failureReason: 'Insufficient quota',
      errorCode: 'ELB.1009',
      error: { name: 'JobFailedError', code: 'ERR_JOB_FAILED' },
    });
    expect(Object.keys(records()[3]!['error'] as object).sort()).toEqual([
      'code',
      'message',
      'name',
    ]);
  });

  it('logs in-poll retries and a failed poll at warn', async () => {
    const { records, done } = run(
      [
        { error: reset() },
        { error: reset() },
        { error: reset() },
        slow({ status: 'RUNNING' }),
        slow({ status: 'SUCCESS' }),
      ],
      { pollRetryDelayMs: 100 },
    );

    await expect(done).resolves.toMatchObject({ attempts: 3 });

    const error = { name: 'Error', code: 'ECONNRESET', message: 'socket hang up' };
    expect(records().filter((r) => r.level === LEVEL.warn)).toEqual([
      expect.objectContaining({
        msg: 'poll retried',
        attempt: 1,
        retry: 1,
        retriesLeft: 1,
        elapsedMs: 0,
        errorCode: 'ECONNRESET',
        error,
      }),
      expect.objectContaining({
        msg: 'poll retried',
        attempt: 1,
        retry: 2,
        retriesLeft: 0,
        elapsedMs: 100,
        errorCode: 'ECONNRESET',
        error,
      }),
      expect.objectContaining({
        msg: 'poll failed',
        event: 'poll:end',
        attempt: 1,
        elapsedMs: 300,
        durationMs: 300,
        verdict: 'transient',
        errorCode: 'ECONNRESET',
        error,
      }),
    ]);
    expect(outline(records()).at(-1)).toEqual([LEVEL.info, 'wait succeeded', 'settled']);
  });

  it('logs a wait that timed out at error, with the last state seen', async () => {
    const { records, done } = run([{ value: { status: 'RUNNING' } }], {
      timeoutMs: 5_000,
      backoff: constantBackoff({ delayMs: 1_000 }),
    });

    await expect(done).rejects.toMatchObject({ code: 'ERR_WAIT_TIMEOUT' });

    expect(outline(records())).toEqual([
      [LEVEL.info, 'wait started', 'wait:start'],
      [LEVEL.info, 'job state changed', 'state:change'],
      [LEVEL.error, 'wait timed out', 'settled'],
    ]);
    expect(records()[2]).toMatchObject({
      elapsedMs: 5_000,
      outcome: 'timedOut',
      state: 'RUNNING',
      errorCode: 'ERR_WAIT_TIMEOUT',
      error: { name: 'WaitTimeoutError', code: 'ERR_WAIT_TIMEOUT' },
    });
    expect(records()[2]).not.toHaveProperty('providerCode');
  });

  it('lets the wait and a console reporter after it go on when the logger throws', async () => {
    const clock = virtualClock();
    const source = scriptedSource<Job>({
      id: 'job-8',
      clock,
      classify,
      script: [slow({ status: 'RUNNING' }), slow({ status: 'SUCCESS' })],
    });
    const waiter = new Waiter<Job>({
      clock,
      minDelayMs: 1,
      backoff: constantBackoff({ delayMs: 0 }),
    });
    let calls = 0;
    const throwing = (): never => {
      calls += 1;
      throw new Error('log shipper is down');
    };
    const logger = { debug: throwing, info: throwing, warn: throwing, error: throwing };
    const printed = captureStream();
    logReporter({ logger }).attach(waiter);
    consoleReporter({ stream: printed.stream, env: {} }).attach(waiter);

    await expect(clock.runUntilSettled(waiter.wait(source))).resolves.toMatchObject({
      state: 'SUCCESS',
      attempts: 2,
    });

    expect(calls).toBe(9);
    expect(printed.lines()).toEqual([
      'job-8  waiting for scripted job, timeout 10m',
      'job-8  RUNNING at 1.0s',
      'job-8  succeeded after 2.0s (SUCCESS, 2 polls)',
    ]);
  });
});
