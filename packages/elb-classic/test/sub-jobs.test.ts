import { describe, expect, it } from '@jest/globals';

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

  it.each([
    ['null', { status: 'RUNNING', sub_jobs: null }],
    ['an empty string', { status: 'RUNNING', sub_jobs: '' }],
    ['absent', { status: 'RUNNING' }],
    ['an object', { status: 'RUNNING', sub_jobs: { a: 1 } as unknown as [] }],
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

  it('names the failed sub-jobs', () => {
    const job: ElbJob = {
      status: 'FAIL',
      sub_jobs: [...two, { status: 'FAIL', job_type: 'createIP', error_code: 'ELB.2002' }],
    };

    expect(subJobsDetail(job)).toBe('sub-jobs 1/3, failed: createIP (ELB.2002)');
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
