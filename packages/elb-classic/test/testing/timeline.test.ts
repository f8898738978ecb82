import { describe, expect, it } from '@jest/globals';

import { createSimulatedJob, observe } from '../../src/testing/timeline.js';

const t0 = Date.parse('2024-05-14T09:00:00.000Z');
const jobId = 'ff8080827a1b2c3d017a1b2c3d4e0002';

const threeSubJobs = {
  status: 'FAIL',
  subJobs: ['createPort', 'createVIP', 'createInternalVM'].map((jobType) => ({
    jobType,
    status: 'FAIL',
  })),
};

function subJobIds(job: ReturnType<typeof createSimulatedJob>): string[] {
  return (observe(job, t0) as { sub_jobs: { job_id: string }[] }).sub_jobs.map((s) => s.job_id);
}

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
    // The job ends in 0002, so its second sub-job gets 0003.
    expect(body.sub_jobs.map((s) => s.job_id)).toEqual([
      'ff8080827a1b2c3d017a1b2c3d4e0001',
      'ff8080827a1b2c3d017a1b2c3d4e0003',
    ]);
    expect(observe(job, t0)).not.toHaveProperty('sub_jobs');
  });

  it('skips the suffix of the job, so no sub-job gets its id', () => {
    const parent = createSimulatedJob({ jobId: 'job-fail-0001', timeline: [threeSubJobs] }, t0);

    expect(subJobIds(parent)).toEqual(['job-fail-0002', 'job-fail-0003', 'job-fail-0004']);
  });

  it.each(['job-fail-0001', 'ff8080827a1b2c3d017a1b2c3d4e0002', '0003', '0001', 'a', '1', 'ab'])(
    'gives each sub-job an id of its own, unlike the job, when the job id is %p',
    (parentId) => {
      const ids = subJobIds(createSimulatedJob({ jobId: parentId, timeline: [threeSubJobs] }, t0));

      expect(new Set([parentId, ...ids]).size).toBe(4);
    },
  );

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

  const circular: Record<string, unknown> = {};
  circular['self'] = circular;
  const step = (fields: object) => ({ timeline: [{ status: 'RUNNING', ...fields }] });
  const sub = (fields: object) =>
    step({ subJobs: [{ jobType: 'createVIP', status: 'FAIL', ...fields }] });

  it.each([
    [
      'a sub-job in snake_case',
      step({ subJobs: [{ status: 'FAIL', job_type: 'createVIP', error_code: 'ELB.1009' }] }),
      /Unknown option `timeline\[0\]\.subJobs\[0\]\.job_type` \(did you mean `jobType`\?\)/,
    ],
    ['sub-jobs that are a number', step({ subJobs: 2 }), /`timeline\[0\]\.subJobs` to be an array/],
    ['a sub-job that is a string', step({ subJobs: ['x'] }), /`timeline\[0\]\.subJobs\[0\]`/],
    [
      'a sub-job without a type',
      step({ subJobs: [{ status: 'FAIL' }] }),
      /`timeline\[0\]\.subJobs\[0\]\.jobType`/,
    ],
    [
      'a sub-job status that is no string',
      sub({ status: 1 }),
      /`timeline\[0\]\.subJobs\[0\]\.status`/,
    ],
    ['a sub-job code that is no string', sub({ errorCode: 1009 }), /subJobs\[0\]\.errorCode`/],
    [
      'sub-job entities with a BigInt',
      sub({ entities: { n: 1n } }),
      /subJobs\[0\]\.entities` to be serialisable/,
    ],
    [
      'a step in snake_case',
      step({ fail_reason: 'x' }),
      /`timeline\[0\]\.fail_reason` \(did you mean `failReason`\?\)/,
    ],
    [
      'a step with sub_jobs',
      step({ sub_jobs: [] }),
      /`timeline\[0\]\.sub_jobs` \(did you mean `subJobs`\?\)/,
    ],
    [
      'a step body with a BigInt',
      step({ body: { n: 1n } }),
      /`timeline\[0\]\.body` to be serialisable/,
    ],
    ['a circular step body', step({ body: circular }), /`timeline\[0\]\.body` to be serialisable/],
    [
      'step entities that are an array',
      step({ entities: [] }),
      /`timeline\[0\]\.entities` to be an object/,
    ],
    ['a step code that is no string', step({ errorCode: 1 }), /`timeline\[0\]\.errorCode`/],
    [
      'a job in snake_case',
      { job_type: 'createELB' },
      /Unknown option `job_type` \(did you mean `jobType`\?\)/,
    ],
  ])('refuses a job with a TypeError naming the field when it has %s', (_, spec, message) => {
    const create = () => createSimulatedJob(spec as never, t0);

    expect(create).toThrow(TypeError);
    expect(create).toThrow(message);
  });

  it('names fields under the prefix when it is given one', () => {
    expect(() => createSimulatedJob(step({ subJobs: 2 }) as never, t0, 'jobs[3]')).toThrow(
      /`jobs\[3\]\.timeline\[0\]\.subJobs`/,
    );
  });

  it('serves copies of JSON values when the caller changes them after adding the job', () => {
    const entities: Record<string, unknown> = { elb_id: 'x' };
    const body: Record<string, unknown> = { status: 'RUNNING' };
    const job = createSimulatedJob(
      {
        timeline: [
          { status: 'SUCCESS', forMs: 10, entities },
          { status: 'X', body },
        ],
      },
      t0,
    );
    entities['n'] = 1n;
    body['self'] = body;

    expect(JSON.stringify(observe(job, t0))).toContain('"entities":{"elb_id":"x"}');
    expect(JSON.stringify(observe(job, t0 + 10))).toBe('{"status":"RUNNING"}');
  });

  it('serves the type, code and reason of a sub-job when the step gives them', () => {
    const job = createSimulatedJob(sub({ errorCode: 'ELB.1009', failReason: 'no VIP left' }), t0);

    expect(observe(job, t0)).toMatchObject({
      sub_jobs: [
        {
          status: 'FAIL',
          job_type: 'createVIP',
          error_code: 'ELB.1009',
          fail_reason: 'no VIP left',
        },
      ],
    });
  });
});
