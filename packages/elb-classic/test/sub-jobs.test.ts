import { describe, expect, it } from '@jest/globals';
import { JobFailedError, WaitTimeoutError } from '@jobwait/core';

import type { ElbJob } from '../src/job.js';
import { failedSubJobs, subJobs, subJobsDetail } from '../src/sub-jobs.js';
import { jobFixture } from './helpers.js';

const two = [
  { status: 'SUCCESS', job_type: 'createPort' },
  { status: 'RUNNING', job_type: 'createInternalVM' },
];

describe('subJobs', () => {
  it('reads sub_jobs as an array', () => {
    expect(subJobs(jobFixture('create-elb-running-sub-jobs')).map((s) => s.job_type)).toEqual([
      'createPort',
      'createInternalVM',
    ]);
  });

  it('reads sub_jobs under entities', () => {
    expect(subJobs({ status: 'RUNNING', entities: { sub_jobs: two } })).toHaveLength(2);
  });

  it('reads sub_jobs under entities when the top-level list is empty', () => {
    const job: ElbJob = { status: 'RUNNING', sub_jobs: [], entities: { sub_jobs: two } };

    expect(subJobs(job).map((s) => s.job_type)).toEqual(['createPort', 'createInternalVM']);
  });

  it('prefers a non-empty top-level list to the one under entities', () => {
    const job: ElbJob = {
      status: 'RUNNING',
      sub_jobs: [{ status: 'INIT', job_type: 'top' }],
      entities: { sub_jobs: two },
    };

    expect(subJobs(job).map((s) => s.job_type)).toEqual(['top']);
  });

  it.each([
    ['null', { status: 'RUNNING', sub_jobs: null }],
    ['an empty string', { status: 'RUNNING', sub_jobs: '' }],
    ['absent', { status: 'RUNNING' }],
    ['an object', { status: 'RUNNING', sub_jobs: { a: 1 } as unknown as [] }],
    ['null under entities', { status: 'RUNNING', entities: { sub_jobs: null } }],
    ['an empty string under entities', { status: 'RUNNING', entities: { sub_jobs: '' } }],
    ['absent with entities absent', { status: 'RUNNING', entities: undefined }],
    ['absent with entities that are an array', { status: 'RUNNING', entities: [] as never }],
  ] as [string, ElbJob][])('reads sub_jobs that are %s as none', (_, job) => {
    expect(subJobs(job)).toEqual([]);
    expect(subJobsDetail(job)).toBeUndefined();
  });

  it('skips entries without a status', () => {
    const job = { status: 'RUNNING', sub_jobs: [null, 'x', { job_type: 'a' }, ...two] } as ElbJob;

    expect(subJobs(job)).toHaveLength(2);
  });
});

describe('subJobsDetail', () => {
  it('counts sub-jobs at SUCCESS', () => {
    expect(subJobsDetail({ status: 'RUNNING', sub_jobs: two })).toBe('sub-jobs 1/2');
  });

  it('counts out of entities.sub_jobs_total when it is larger than the list', () => {
    const job: ElbJob = { status: 'RUNNING', entities: { sub_jobs: two, sub_jobs_total: 4 } };

    expect(subJobsDetail(job)).toBe('sub-jobs 1/4');
  });

  it('counts out of sub_jobs_total before any sub-job is listed', () => {
    const job: ElbJob = { status: 'RUNNING', entities: { sub_jobs: [], sub_jobs_total: 3 } };

    expect(subJobs(job)).toEqual([]);
    expect(subJobsDetail(job)).toBe('sub-jobs 0/3');
  });

  it.each([1, -2, 2.5, '9', null, Number.MAX_VALUE])(
    'counts out of the list when sub_jobs_total is %p',
    (total) => {
      const job: ElbJob = { status: 'RUNNING', entities: { sub_jobs: two, sub_jobs_total: total } };

      expect(subJobsDetail(job)).toBe('sub-jobs 1/2');
    },
  );

  it('names the failed sub-jobs', () => {
    const job: ElbJob = {
      status: 'FAIL',
      sub_jobs: [...two, { status: 'FAIL', job_type: 'createIP', error_code: 'ELB.2002' }],
    };

    expect(subJobsDetail(job)).toBe('sub-jobs 1/3, failed: createIP (ELB.2002)');
    expect(subJobsDetail(job, { names: false })).toBe('sub-jobs 1/3');
    expect(failedSubJobs(job).map((s) => s.job_type)).toEqual(['createIP']);
  });

  it.each([
    ['a type that is an object', '{"status":"FAIL","job_type":{"toString":1}}', 'sub-job'],
    ['a type that is a number', '{"status":"FAIL","job_type":7,"job_id":"j-1"}', 'j-1'],
    ['an empty type', '{"status":"FAIL","job_type":"","job_id":[]}', 'sub-job'],
    ['a code that is an object', '{"status":"FAIL","job_type":"t","error_code":{}}', 't'],
  ])('names a failed sub-job by its string fields only when it has %s', (_, sub, name) => {
    const job = JSON.parse(`{"status":"FAIL","sub_jobs":[${sub}]}`) as ElbJob;

    expect(subJobsDetail(job)).toBe(`sub-jobs 0/1, failed: ${name}`);
  });
});

describe('failedSubJobs', () => {
  const failed: ElbJob = {
    status: 'FAIL',
    entities: {
      sub_jobs_total: 2,
      sub_jobs: [
        { status: 'SUCCESS', job_type: 'createPort' },
        { status: 'FAIL', job_type: 'createMember', job_id: 'j-2', error_code: 'ELB.2001' },
      ],
    },
  };
  const context = { jobId: 'j', kind: 'elb-classic', attempts: 2, elapsedMs: 10 };

  it('lists the failed sub-jobs of a job', () => {
    expect(failedSubJobs(failed)).toEqual([
      { status: 'FAIL', job_type: 'createMember', job_id: 'j-2', error_code: 'ELB.2001' },
    ]);
  });

  it('lists the failed sub-jobs of the observation of a JobFailedError', () => {
    const error = new JobFailedError({ ...context, observation: failed });

    expect(failedSubJobs(error).map((s) => [s.job_id, s.error_code])).toEqual([
      ['j-2', 'ELB.2001'],
    ]);
  });

  it.each([undefined, null, 'FAIL', ['x']])(
    'lists none when the error observation is %p',
    (observation) => {
      expect(failedSubJobs(new JobFailedError({ ...context, observation }))).toEqual([]);
    },
  );

  it('reads another error as a job, finding no sub-jobs in it', () => {
    const error = new WaitTimeoutError({ ...context, timeoutMs: 1, lastObservation: failed });

    expect(failedSubJobs(error as unknown as ElbJob)).toEqual([]);
  });
});
