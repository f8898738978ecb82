import { describe, expect, it } from '@jest/globals';

import { createSimulatedJob, observe } from '../../src/testing/timeline.js';

const t0 = Date.parse('2024-05-14T09:00:00.000Z');
const jobId = 'ff8080827a1b2c3d017a1b2c3d4e0002';

describe('observe', () => {
  const job = createSimulatedJob(
    {
      jobId,
      timeline: [
        { status: 'INIT', forMs: 1000 },
        {
          status: 'RUNNING',
          forMs: 20_000,
          subJobs: [
            { jobType: 'createPort', status: 'SUCCESS' },
            { jobType: 'createInternalVM', status: 'RUNNING' },
          ],
        },
        { status: 'SUCCESS' },
      ],
    },
    t0,
  );

  it('follows the timeline from the job creation', () => {
    expect(observe(job, t0)).toMatchObject({ status: 'INIT', end_time: '' });
    expect(observe(job, t0 + 999)).toMatchObject({ status: 'INIT' });
    expect(observe(job, t0 + 1000)).toMatchObject({ status: 'RUNNING' });
    expect(observe(job, t0 + 21_000)).toMatchObject({
      status: 'SUCCESS',
      begin_time: '2024-05-14T09:00:00.000Z',
      end_time: '2024-05-14T09:00:21.000Z',
    });
    expect(observe(job, t0 + 10 ** 9)).toMatchObject({ status: 'SUCCESS' });
  });

  it('serves sub-jobs with ids in the style of the job', () => {
    const body = observe(job, t0 + 5000) as { sub_jobs: { job_id: string; status: string }[] };

    expect(body.sub_jobs.map((s) => s.status)).toEqual(['SUCCESS', 'RUNNING']);
    expect(body.sub_jobs[0]?.job_id).toBe('ff8080827a1b2c3d017a1b2c3d4e0001');
    expect(observe(job, t0)).not.toHaveProperty('sub_jobs');
  });

  it('serves the model entities of the job type at SUCCESS', () => {
    const member = createSimulatedJob(
      { jobType: 'createMember', timeline: [{ status: 'SUCCESS' }] },
      t0,
    );

    expect(observe(job, t0 + 21_000)).toMatchObject({
      entities: { elb: { id: '5d2c8e0a9b7f4e61a3c2d1e0f9a8b7c6' } },
    });
    expect(observe(member, t0)).toMatchObject({ entities: { members: [{ status: 'ACTIVE' }] } });
  });

  it('serves the model failure of a FAIL step, or the one it names', () => {
    const failing = (step: object) =>
      observe(createSimulatedJob({ timeline: [{ status: 'FAIL', ...step }] }, t0), t0);

    expect(failing({})).toMatchObject({ error_code: 'ELB.1009', fail_reason: 'CreateIPTask-fail' });
    expect(failing({ errorCode: 'ELB.2000', failReason: 'quota' })).toMatchObject({
      error_code: 'ELB.2000',
      fail_reason: 'quota',
    });
  });
});

describe('createSimulatedJob', () => {
  it('gives a new job a random id of 32 hexadecimal characters', () => {
    const a = createSimulatedJob({}, t0);
    const b = createSimulatedJob({}, t0);

    expect(a.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.jobId).not.toBe(b.jobId);
  });

  it.each([
    [{ timeline: [] }, /`timeline`/],
    [{ timeline: [{ status: 'INIT' }, { status: 'SUCCESS' }] }, /`timeline\[0\]\.forMs`/],
    [{ timeline: [{ status: '' }] }, /`timeline\[0\]\.status`/],
    [{ timeline: [{ status: 'INIT', forMs: -1 }] }, /`timeline\[0\]\.forMs`/],
    [{ jobId: 'a/b' }, /`jobId`/],
    [{ jobType: 7 }, /`jobType`/],
  ])('refuses %p', (spec, message) => {
    expect(() => createSimulatedJob(spec as never, t0)).toThrow(message);
  });
});
