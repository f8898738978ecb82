import { describe, expect, it } from '@jest/globals';

import { failureReason } from '../src/failure-reason.js';
import type { ElbJob } from '../src/job.js';
import { jobFixture } from './helpers.js';

const ID = 'ff8080827a1b2c3d017a1b2c3d4e0003';

describe('failureReason', () => {
  it('is the fail_reason alone when the code has no known meaning', () => {
    expect(failureReason(jobFixture('create-elb-fail'))).toBe('CreateIPTask-fail');
  });

  it('adds what a known error_code means', () => {
    const job: ElbJob = { status: 'FAIL', error_code: 'ELB.1091', fail_reason: 'CreateLB-fail' };

    expect(failureReason(job)).toBe('CreateLB-fail (the load balancer quota is exceeded)');
  });

  it('is the meaning alone when there is no fail_reason', () => {
    const job: ElbJob = { status: 'FAIL', error_code: 'ELB.1091', fail_reason: null };

    expect(failureReason(job)).toBe('the load balancer quota is exceeded');
  });

  it('lists each failed sub-job with its type, id, code, meaning and reason', () => {
    const job: ElbJob = {
      status: 'FAIL',
      error_code: 'ELB.1009',
      fail_reason: 'CreateIPTask-fail',
      sub_jobs: [
        { status: 'SUCCESS', job_type: 'createPort', job_id: 'ok-1' },
        {
          status: 'FAIL',
          job_type: 'createMember',
          job_id: ID,
          error_code: 'ELB.2001',
          fail_reason: 'AddMember-fail',
        },
        { status: 'FAIL', job_type: 'createIP', error_code: 'ELB.1009' },
      ],
    };

    expect(failureReason(job)).toBe(
      'CreateIPTask-fail; failed sub-jobs: ' +
        `createMember ${ID} ELB.2001 (the limit of backend servers is reached): AddMember-fail, ` +
        'createIP ELB.1009',
    );
  });

  it('reads failed sub-jobs under entities', () => {
    const job: ElbJob = {
      status: 'FAIL',
      entities: { sub_jobs_total: 1, sub_jobs: [{ status: 'FAIL', job_id: 'j-9' }] },
    };

    expect(failureReason(job)).toBe('failed sub-jobs: sub-job j-9');
  });

  it('leaves out fields that are not non-empty strings', () => {
    const job = JSON.parse(
      '{"status":"FAIL","fail_reason":{"x":1},"error_code":7,' +
        '"sub_jobs":[{"status":"FAIL","job_type":"","job_id":[],"error_code":{},"fail_reason":3}]}',
    ) as ElbJob;

    expect(failureReason(job)).toBe('failed sub-jobs: sub-job');
  });

  it('is undefined when the job says nothing about the failure', () => {
    expect(failureReason({ status: 'FAIL', error_code: null, fail_reason: '' })).toBeUndefined();
  });
});
