import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { constantBackoff, JobFailedError, Waiter, type JobSource } from '@jobwait/core';

import { tokenAuth } from '../src/auth.js';
import { classifyElbJob } from '../src/classify.js';
import { ElbClient } from '../src/client.js';
import type { ElbJob } from '../src/job.js';
import { elbJobSource } from '../src/job-source.js';
import { watchSubJobs, type SubJobChangeEvent } from '../src/sub-job-events.js';
import { failedSubJobs } from '../src/sub-jobs.js';
import { startSimulator, type Simulator, type TimelineStep } from '../src/testing/index.js';
import { ManualClock, rejectionOf } from './helpers.js';

const TOKEN = 'MIIsub-job-events-token';

/** A createELB job whose createMember sub-job fails, one step per second. */
const FAILING_TIMELINE: TimelineStep[] = [
  { status: 'RUNNING', forMs: 1000, subJobs: [{ jobType: 'createPort', status: 'RUNNING' }] },
  {
    status: 'RUNNING',
    forMs: 1000,
    subJobs: [
      { jobType: 'createPort', status: 'SUCCESS' },
      { jobType: 'createMember', status: 'INIT' },
    ],
  },
  {
    status: 'RUNNING',
    forMs: 2000,
    subJobs: [
      { jobType: 'createPort', status: 'SUCCESS' },
      { jobType: 'createMember', status: 'RUNNING' },
    ],
  },
  {
    status: 'FAIL',
    subJobs: [
      { jobType: 'createPort', status: 'SUCCESS' },
      {
        jobType: 'createMember',
        status: 'FAIL',
        errorCode: 'ELB.2001',
        failReason: 'AddMember-fail',
      },
    ],
  },
];

let sim: Simulator;
let clock: ManualClock;
let client: ElbClient;

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ token: TOKEN, clock });
  client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN) });
});

afterEach(async () => {
  client.close();
  await sim.close();
});

/** A waiter that polls every millisecond and moves the simulator 1 s on after each poll. */
function fastWaiter(): Waiter<ElbJob> {
  const waiter = new Waiter<ElbJob>({
    initialDelayMs: 0,
    minDelayMs: 1,
    backoff: constantBackoff({ delayMs: 1 }),
  });
  waiter.on('poll:end', () => clock.advance(1000));

  return waiter;
}

/** The id the simulator gives the sub-job at `index` of job `jobId`. */
function subJobId(jobId: string, index: number): string {
  return `${jobId.slice(0, -4)}${(index + 1).toString(16).padStart(4, '0')}`;
}

describe('watchSubJobs with a core Waiter', () => {
  it('reports each change of each sub-job once, with the parent job id', async () => {
    const { job_id } = sim.addJob({ timeline: FAILING_TIMELINE });
    const events: SubJobChangeEvent[] = [];
    const source = watchSubJobs(
      elbJobSource({ client, projectId: sim.projectId, jobId: job_id }),
      (event) => events.push(event),
    );

    const error = await rejectionOf(fastWaiter().wait(source));

    expect(error).toBeInstanceOf(JobFailedError);
    expect(sim.requests).toHaveLength(5);
    expect(events.map((e) => [e.jobType, e.from, e.to, e.attempt])).toEqual([
      ['createPort', undefined, 'RUNNING', 1],
      ['createPort', 'RUNNING', 'SUCCESS', 2],
      ['createMember', undefined, 'INIT', 2],
      ['createMember', 'INIT', 'RUNNING', 3],
      ['createMember', 'RUNNING', 'FAIL', 5],
    ]);
    expect(events.every((e) => e.parentJobId === job_id && e.kind === 'elb-classic')).toBe(true);
    expect(events.map((e) => e.jobId)).toEqual([
      subJobId(job_id, 0),
      subJobId(job_id, 0),
      subJobId(job_id, 1),
      subJobId(job_id, 1),
      subJobId(job_id, 1),
    ]);
    expect(events.at(-1)).toMatchObject({
      index: 1,
      errorCode: 'ELB.2001',
      failReason: 'AddMember-fail',
      meaning: 'the limit of backend servers is reached',
      subJob: { status: 'FAIL', job_type: 'createMember' },
    });
  });

  it('fails the parent with its failed sub-jobs in the reason and as data', async () => {
    const { job_id } = sim.addJob({ timeline: FAILING_TIMELINE });
    const source = watchSubJobs(
      elbJobSource({ client, projectId: sim.projectId, jobId: job_id }),
      () => undefined,
    );

    const error = (await rejectionOf(fastWaiter().wait(source))) as JobFailedError<ElbJob>;

    expect(error.providerCode).toBe('ELB.1009');
    expect(error.reason).toBe(
      `CreateIPTask-fail; failed sub-jobs: createMember ${subJobId(job_id, 1)} ELB.2001 ` +
        '(the limit of backend servers is reached): AddMember-fail',
    );
    expect(error.message).toBe(`Job ${job_id} failed: ELB.1009: ${error.reason}`);
    expect(failedSubJobs(error)).toEqual([
      expect.objectContaining({
        job_id: subJobId(job_id, 1),
        job_type: 'createMember',
        error_code: 'ELB.2001',
        fail_reason: 'AddMember-fail',
      }),
    ]);
  });

  it('goes on when the listener throws', async () => {
    const { job_id } = sim.addJob({ timeline: [FAILING_TIMELINE[0]!, { status: 'SUCCESS' }] });
    let calls = 0;
    const source = watchSubJobs(
      elbJobSource({ client, projectId: sim.projectId, jobId: job_id }),
      () => {
        calls += 1;
        throw new Error('listener bug');
      },
    );

    const result = await fastWaiter().wait(source);

    expect(result.state).toBe('SUCCESS');
    expect(calls).toBe(1);
  });
});

describe('watchSubJobs', () => {
  const job: ElbJob = { status: 'RUNNING', sub_jobs: [{ status: 'RUNNING', job_id: 's-1' }] };
  const base: JobSource<ElbJob> = {
    id: 'parent-1',
    kind: 'elb-classic',
    poll: () => job,
    classify: classifyElbJob,
    reference: () => ({ projectId: 'p' }),
  };

  it('keeps the id, kind, classifier and reference of the source', () => {
    const wrapped = watchSubJobs(base, () => undefined);

    expect(wrapped).toMatchObject({ id: 'parent-1', kind: 'elb-classic' });
    expect(wrapped.classify).toBe(classifyElbJob);
    expect(wrapped.reference?.()).toEqual({ projectId: 'p' });
  });

  it('stamps events with the time of the given clock', async () => {
    const events: SubJobChangeEvent[] = [];
    const now = Date.parse('2024-05-14T09:00:00.000Z');
    const wrapped = watchSubJobs(base, (e) => events.push(e), { clock: { now: () => now } });

    await wrapped.poll({ signal: new AbortController().signal, attempt: 7 });

    expect(events).toEqual([
      {
        kind: 'elb-classic',
        parentJobId: 'parent-1',
        jobId: 's-1',
        jobType: undefined,
        index: 0,
        to: 'RUNNING',
        attempt: 7,
        time: '2024-05-14T09:00:00.000Z',
        subJob: { status: 'RUNNING', job_id: 's-1' },
      },
    ]);
  });

  it('compares no observation whose poll was abandoned', async () => {
    const events: SubJobChangeEvent[] = [];
    const wrapped = watchSubJobs(base, (e) => events.push(e));
    const abandoned = new AbortController();
    abandoned.abort();

    await wrapped.poll({ signal: abandoned.signal, attempt: 1 });
    expect(events).toEqual([]);

    await wrapped.poll({ signal: new AbortController().signal, attempt: 2 });
    expect(events.map((e) => [e.from, e.to, e.attempt])).toEqual([[undefined, 'RUNNING', 2]]);
  });

  it.each([
    ['a source without poll', { id: 'x', kind: 'k' }, () => undefined, /`source`/],
    ['a listener that is not a function', base, 'nope', /`onChange`/],
  ])('refuses %s', (_, source, listener, message) => {
    expect(() => watchSubJobs(source as never, listener as never)).toThrow(message);
  });

  it('refuses a clock without now', () => {
    expect(() => watchSubJobs(base, () => undefined, { clock: {} as never })).toThrow(
      /`clock.now`/,
    );
  });
});
