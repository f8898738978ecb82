import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { constantBackoff, JobFailedError, type StateChangeEvent } from '@jobwait/core';

import type { ElbJob } from '../src/job.js';
import type { SubJobChangeEvent } from '../src/sub-job-events.js';
import { failedSubJobs } from '../src/sub-jobs.js';
import { startSimulator, type Simulator } from '../src/testing/index.js';
import { waitForElbJob, type WaitForElbJobOptions } from '../src/wait-for-elb-job.js';
import { ManualClock, rejectionOf } from './helpers.js';

const TOKEN = 'MIIwait-sub-jobs-token';

let sim: Simulator;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ token: TOKEN, clock });
});

afterEach(async () => {
  await sim.close();
});

function fast(jobId: string, on: WaitForElbJobOptions['on'] = {}): WaitForElbJobOptions {
  return {
    endpoint: sim.url,
    token: TOKEN,
    projectId: sim.projectId,
    jobId,
    initialDelayMs: 0,
    minDelayMs: 1,
    backoff: constantBackoff({ delayMs: 1 }),
    on: { 'poll:end': () => clock.advance(1000), ...on },
  };
}

const MEMBERS_TIMELINE = [
  {
    status: 'RUNNING',
    forMs: 1000,
    subJobs: [
      { jobType: 'createMember', status: 'RUNNING' },
      { jobType: 'createMember', status: 'INIT' },
    ],
  },
  {
    status: 'RUNNING',
    forMs: 1000,
    subJobs: [
      { jobType: 'createMember', status: 'SUCCESS' },
      { jobType: 'createMember', status: 'RUNNING' },
    ],
  },
  {
    status: 'FAIL',
    errorCode: 'ELB.2001',
    failReason: 'AddMember-fail',
    subJobs: [
      { jobType: 'createMember', status: 'SUCCESS' },
      { jobType: 'createMember', status: 'FAIL', errorCode: 'ELB.2012' },
    ],
  },
];

describe('waitForElbJob sub-job events', () => {
  it('reports each sub-job change once, before the state:change of its poll', async () => {
    const { job_id } = sim.addJob({ jobType: 'createMember', timeline: MEMBERS_TIMELINE });
    const seen: string[] = [];
    const subJobEvents: SubJobChangeEvent[] = [];

    const error = await rejectionOf(
      waitForElbJob(
        fast(job_id, {
          'sub-job:change': (e) => {
            subJobEvents.push(e);
            seen.push(`sub ${e.index} ${e.from ?? '-'}>${e.to}`);
          },
          'state:change': (e: StateChangeEvent<ElbJob>) =>
            seen.push(`job ${e.from ?? '-'}>${e.to}`),
        }),
      ),
    );

    expect(error).toBeInstanceOf(JobFailedError);
    expect(seen).toEqual([
      'sub 0 ->RUNNING',
      'sub 1 ->INIT',
      'job ->RUNNING',
      'sub 0 RUNNING>SUCCESS',
      'sub 1 INIT>RUNNING',
      'sub 1 RUNNING>FAIL',
      'job RUNNING>FAIL',
    ]);
    expect(new Set(subJobEvents.map((e) => e.parentJobId))).toEqual(new Set([job_id]));
    expect(subJobEvents.at(-1)).toMatchObject({
      jobType: 'createMember',
      errorCode: 'ELB.2012',
      meaning: 'the backend server does not exist',
    });
  });

  it('rejects with the meaning of the code and the failed sub-jobs in the reason', async () => {
    const { job_id } = sim.addJob({ jobType: 'createMember', timeline: MEMBERS_TIMELINE });

    const error = (await rejectionOf(waitForElbJob(fast(job_id)))) as JobFailedError<ElbJob>;
    const failedId = failedSubJobs(error)[0]?.job_id;

    expect(error).toMatchObject({ providerCode: 'ELB.2001', state: 'FAIL' });
    expect(error.message).toBe(
      `Job ${job_id} failed: ELB.2001: AddMember-fail (the limit of backend servers is ` +
        `reached); failed sub-jobs: createMember ${failedId} ELB.2012 (the backend server ` +
        'does not exist)',
    );
    expect(failedSubJobs(error)).toEqual([
      expect.objectContaining({ status: 'FAIL', error_code: 'ELB.2012' }),
    ]);
    expect(error.observation.fail_reason).toBe('AddMember-fail');
  });

  it('emits no sub-job event for a job without sub-jobs', async () => {
    const { job_id } = sim.addJob({
      timeline: [{ status: 'RUNNING', forMs: 1000 }, { status: 'SUCCESS' }],
    });
    const events: SubJobChangeEvent[] = [];

    const result = await waitForElbJob(fast(job_id, { 'sub-job:change': (e) => events.push(e) }));

    expect(result.attempts).toBe(2);
    expect(events).toEqual([]);
  });

  it('refuses a sub-job listener that is not a function, before any request', async () => {
    const { job_id } = sim.addJob();

    await expect(waitForElbJob(fast(job_id, { 'sub-job:change': 'log' as never }))).rejects.toThrow(
      /`on.sub-job:change` to be a function/,
    );
    expect(sim.requests).toHaveLength(0);
  });

  it('still refuses an unknown event name next to the sub-job listener', async () => {
    const { job_id } = sim.addJob();
    const on = { 'sub-job:change': () => undefined, 'sub-job': () => undefined } as never;

    await expect(waitForElbJob(fast(job_id, on))).rejects.toThrow(/Unknown event `on.sub-job`/);
    expect(sim.requests).toHaveLength(0);
  });
});
