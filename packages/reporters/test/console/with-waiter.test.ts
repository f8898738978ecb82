import { describe, expect, it } from '@jest/globals';

import { Waiter, constantBackoff, stateSets } from '@jobwait/core';
import { scriptedSource, virtualClock } from '@jobwait/core/testing';

import { consoleReporter } from '../../src/console/console-reporter.js';
import { captureStream } from '../helpers.js';

interface Job {
  status: string;
  done?: number;
  code?: string;
  reason?: string;
}

const classify = stateSets<Job>({
  state: 'status',
  pending: ['INIT', 'RUNNING'],
  success: ['SUCCESS'],
  failure: ['FAIL'],
  detail: (job) => (job.done === undefined ? undefined : `sub-jobs ${job.done}/2`),
  failureDetails: (job) => ({ code: job.code, reason: job.reason }),
});

/**
 * Runs a wait on virtual time: each poll of the scripted job takes one second to answer, and
 * the next one follows a millisecond later.
 */
function run(script: Job[]) {
  const out = captureStream();
  const clock = virtualClock();
  const source = scriptedSource<Job>({
    id: 'job-7',
    clock,
    classify,
    script: script.map((job) => ({ value: job, latencyMs: 1_000 })),
  });
  const waiter = new Waiter<Job>({
    clock,
    minDelayMs: 1,
    backoff: constantBackoff({ delayMs: 0 }),
  });
  const detach = consoleReporter({ stream: out.stream, env: {} }).attach(waiter);

  return { out, detach, waiter, done: clock.runUntilSettled(waiter.wait(source)) };
}

describe('consoleReporter with a core Waiter', () => {
  it('prints the progress and the success of a real wait', async () => {
    const { out, detach, done } = run([
      { status: 'INIT' },
      { status: 'RUNNING', done: 0 },
      { status: 'RUNNING', done: 0 },
      { status: 'RUNNING', done: 1 },
      { status: 'SUCCESS', done: 2 },
    ]);

    await expect(done).resolves.toMatchObject({ attempts: 5 });
    detach();

    expect(out.lines()).toEqual([
      'job-7  waiting for scripted job, timeout 10m',
      'job-7  INIT at 1.0s',
      'job-7  RUNNING at 2.0s (sub-jobs 0/2)',
      'job-7  RUNNING at 4.0s (sub-jobs 1/2)',
      'job-7  succeeded after 5.0s (SUCCESS, sub-jobs 2/2, 5 polls)',
    ]);
  });

  it('prints the failure of a real wait and leaves no listener after detach', async () => {
    const { out, detach, waiter, done } = run([
      { status: 'RUNNING', done: 1 },
      { status: 'FAIL', done: 1, code: 'ELB.1009', reason: 'Insufficient quota' },
    ]);

    await expect(done).rejects.toMatchObject({ code: 'ERR_JOB_FAILED', providerCode: 'ELB.1009' });
    detach();

    expect(out.lines().slice(0, -1)).toEqual([
      'job-7  waiting for scripted job, timeout 10m',
      'job-7  RUNNING at 1.0s (sub-jobs 1/2)',
    ]);
    expect(out.lines().at(-1)).toMatch(
      new RegExp(
        '^job-7 {2}failed after 2\\.0s: .*ELB\\.1009: Insufficient quota.* ' +
          '\\(FAIL, sub-jobs 1/2, 2 polls\\)$',
      ),
    );
    expect(waiter.eventNames()).toEqual([]);
  });
});
