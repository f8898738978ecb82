import { describe, expect, it } from '@jest/globals';

import { Waiter, constantBackoff, stateSets, type Clock, type JobSource } from '@jobwait/core';

import { consoleReporter } from '../../src/console/console-reporter.js';
import { captureStream } from '../helpers.js';

interface Job {
  status: string;
  done?: number;
  code?: string;
  reason?: string;
}

/** A clock whose time moves only when the scripted job is polled: one second a poll. */
function scriptedJob(id: string, script: Job[]): { source: JobSource<Job>; clock: Clock } {
  let now = 0;
  let index = 0;
  const clock: Clock = {
    now: () => now,
    // With no backoff delay, the only timers are the deadline and the per-poll timeout, which
    // the quick polls beat: they may keep their real length.
    setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const classify = stateSets<Job>({
    state: 'status',
    pending: ['INIT', 'RUNNING'],
    success: ['SUCCESS'],
    failure: ['FAIL'],
    detail: (job) => (job.done === undefined ? undefined : `sub-jobs ${job.done}/2`),
    failureDetails: (job) => ({ code: job.code, reason: job.reason }),
  });
  const source: JobSource<Job> = {
    id,
    kind: 'scripted',
    classify,
    poll: async () => {
      now += 1000;
      const job = script[Math.min(index, script.length - 1)] as Job;
      index += 1;
      return job;
    },
  };

  return { source, clock };
}

function run(script: Job[]) {
  const out = captureStream();
  const { source, clock } = scriptedJob('job-7', script);
  const waiter = new Waiter<Job>({
    clock,
    minDelayMs: 0,
    backoff: constantBackoff({ delayMs: 0 }),
  });
  const detach = consoleReporter({ stream: out.stream, env: {} }).attach(waiter);

  return { out, detach, waiter, done: waiter.wait(source) };
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
