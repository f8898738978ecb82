import { describe, expect, it } from '@jest/globals';
import { PollTimeoutError } from '@jobwait/core';

import { classifyElbError, classifyElbJob } from '../src/classify.js';
import {
  ElbHttpError,
  ElbNetworkError,
  ElbProtocolError,
  ElbClientClosedError,
} from '../src/errors.js';
import type { ElbJob } from '../src/job.js';
import { fixtureNames, jobFixture } from './helpers.js';

const url = 'https://elb.eu-de.otc.t-systems.com/v1.0/p/jobs/j';

function httpError(statusCode: number, extra: { errorCode?: string; retryAfterMs?: number } = {}) {
  return new ElbHttpError({ statusCode, url, ...extra });
}

const expectedVerdicts: Record<string, string> = {
  'create-elb-fail': 'failure',
  'create-elb-init': 'pending',
  'create-elb-running-sub-jobs': 'pending',
  'create-elb-running': 'pending',
  'create-elb-success': 'success',
  'create-member-success': 'success',
  'delete-elb-running': 'pending',
  'delete-elb-success': 'success',
  'remove-member-success': 'success',
};

describe('classifyElbJob', () => {
  it('has an expected verdict for every job fixture', () => {
    const names = fixtureNames('jobs').map((file) => file.replace(/\.json$/, ''));

    expect(names.sort()).toEqual(Object.keys(expectedVerdicts).sort());
  });

  it.each(Object.entries(expectedVerdicts))('reads fixture %s as %s', (name, verdict) => {
    const job = jobFixture(name);

    expect(classifyElbJob({ ok: true, value: job })).toMatchObject({
      type: verdict,
      state: job.status,
    });
  });

  it('fails with the error code and the reason of a FAIL job', () => {
    const verdict = classifyElbJob({ ok: true, value: jobFixture('create-elb-fail') });

    expect(verdict).toEqual({
      type: 'failure',
      state: 'FAIL',
      code: 'ELB.1009',
      reason: 'CreateIPTask-fail',
    });
  });

  it('leaves code and reason out when a FAIL job has none', () => {
    const job: ElbJob = { status: 'FAIL', error_code: null, fail_reason: '' };

    expect(classifyElbJob({ ok: true, value: job })).toEqual({ type: 'failure', state: 'FAIL' });
  });

  it('counts sub-jobs in the detail', () => {
    const verdict = classifyElbJob({ ok: true, value: jobFixture('create-elb-running-sub-jobs') });

    expect(verdict).toEqual({ type: 'pending', state: 'RUNNING', detail: 'sub-jobs 1/2' });
  });

  it('names failed sub-jobs in the detail and the reason of a failed job', () => {
    const job: ElbJob = {
      status: 'FAIL',
      error_code: 'ELB.1009',
      fail_reason: 'CreateIPTask-fail',
      sub_jobs: [
        { status: 'SUCCESS', job_type: 'createPort' },
        { status: 'FAIL', job_type: 'createIP', job_id: 'j-2', error_code: 'ELB.2002' },
      ],
    };

    expect(classifyElbJob({ ok: true, value: job })).toEqual({
      type: 'failure',
      state: 'FAIL',
      code: 'ELB.1009',
      reason:
        'CreateIPTask-fail; failed sub-jobs: createIP j-2 ELB.2002 ' +
        '(the parameters for removing a backend server are invalid)',
      detail: 'sub-jobs 1/2',
    });
  });

  it('names failed sub-jobs in the detail while the job still runs', () => {
    const job: ElbJob = {
      status: 'RUNNING',
      sub_jobs: [{ job_id: 'j-2', job_type: 'createIP', status: 'FAIL', error_code: 'ELB.2002' }],
    };

    expect(classifyElbJob({ ok: true, value: job })).toMatchObject({
      type: 'pending',
      detail: 'sub-jobs 0/1, failed: createIP (ELB.2002)',
    });
  });

  it('adds the meaning of a known error_code to the reason, keeping the code verbatim', () => {
    const job: ElbJob = { status: 'FAIL', error_code: 'ELB.1091', fail_reason: 'CreateLB-fail' };

    expect(classifyElbJob({ ok: true, value: job })).toEqual({
      type: 'failure',
      state: 'FAIL',
      code: 'ELB.1091',
      reason: 'CreateLB-fail (the load balancer quota is exceeded)',
    });
  });

  it.each(['DELETED', 'running', 'PENDING'])('reads status %s as unknown', (status) => {
    expect(classifyElbJob({ ok: true, value: { status } })).toEqual({
      type: 'unknown',
      state: status,
    });
  });
});

describe('classifyElbError', () => {
  it.each([408, 500, 502, 503, 504, 520])('reads HTTP %i as transient', (status) => {
    expect(classifyElbError(httpError(status))).toEqual({ type: 'transient' });
  });

  it.each([400, 401, 403, 405, 406, 407, 409, 501, 505])('reads HTTP %i as fatal', (status) => {
    expect(classifyElbError(httpError(status))).toEqual({ type: 'fatal' });
  });

  it('reads HTTP 429 as throttled with the Retry-After hint', () => {
    expect(classifyElbError(httpError(429, { retryAfterMs: 3000 }))).toEqual({
      type: 'throttled',
      retryAfterMs: 3000,
    });
    expect(classifyElbError(httpError(429))).toEqual({ type: 'throttled' });
  });

  it('reads the gateway 404 APIGW.0101 as fatal and any other 404 as not found', () => {
    expect(classifyElbError(httpError(404, { errorCode: 'APIGW.0101' }))).toEqual({
      type: 'fatal',
    });
    expect(classifyElbError(httpError(404, { errorCode: 'ELB.1404' }))).toEqual({
      type: 'not-found',
    });
    expect(classifyElbError(httpError(404))).toEqual({ type: 'not-found' });
  });

  it('reads network errors and poll timeouts as transient', () => {
    const reset = new ElbNetworkError({
      networkCode: 'ECONNRESET',
      timedOut: false,
      url,
      detail: 'socket hang up',
    });

    expect(classifyElbError(reset)).toEqual({ type: 'transient' });
    expect(classifyElbError(new PollTimeoutError(1000))).toEqual({ type: 'transient' });
  });

  it('reads malformed bodies, a closed client and unknown errors as fatal', () => {
    const malformed = new ElbProtocolError({ problem: 'not-json', statusCode: 200, url });

    expect(classifyElbError(malformed)).toEqual({ type: 'fatal' });
    expect(classifyElbError(new ElbClientClosedError())).toEqual({ type: 'fatal' });
    expect(classifyElbError(new TypeError('bug'))).toEqual({ type: 'fatal' });
  });

  it('reads a bare Node network error as transient, as core does', () => {
    const error = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

    expect(classifyElbError(error)).toEqual({ type: 'transient' });
  });

  it('is what classifyElbJob uses for errors', () => {
    expect(classifyElbJob({ ok: false, error: httpError(503) })).toEqual({ type: 'transient' });
  });
});
