import { describe, expect, it } from '@jest/globals';

import { JobFailedError, NotFoundError, PollFailedError, WaitTimeoutError } from '@jobwait/core';
import { ElbHttpError, ElbNetworkError } from '@jobwait/elb-classic';

import { failedOutcome } from '../src/outcome.js';

const CONTEXT = { jobId: 'j-1', kind: 'elb-classic', attempts: 3, elapsedMs: 900 };

describe('failedOutcome', () => {
  it('exits 1 with the failed job when the job failed', () => {
    const observation = { status: 'FAIL' };
    const error = new JobFailedError({
      ...CONTEXT,
      providerCode: 'ELB.1',
      reason: 'no',
      observation,
    });

    expect(failedOutcome(error, undefined)).toEqual({
      exitCode: 1,
      message: 'Job j-1 failed: ELB.1: no [ERR_JOB_FAILED]',
      toldByFailedLine: true,
      job: observation,
    });
  });

  it('adds the cause and its code when the message does not already hold it', () => {
    const cause = Object.assign(new Error('HTTP 404'), { code: 'ERR_ELB_HTTP' });
    const error = new NotFoundError({ ...CONTEXT, consecutiveNotFound: 3, cause });

    expect(failedOutcome(error, undefined)).toEqual({
      exitCode: 4,
      message:
        'Job j-1 was not found on 3 consecutive polls; cause: HTTP 404; ' +
        'check the job id and the project id [ERR_JOB_NOT_FOUND, cause ERR_ELB_HTTP]',
      toldByFailedLine: false,
    });
  });

  it('names where the project id came from in the hint when the job is not found', () => {
    const error = new NotFoundError({ ...CONTEXT, consecutiveNotFound: 4 });
    const { message, toldByFailedLine } = failedOutcome(error, undefined, {
      projectIdFrom: 'OS_PROJECT_ID',
    });

    expect(message).toBe(
      'Job j-1 was not found on 4 consecutive polls; check the job id and the project id ' +
        '(from OS_PROJECT_ID) [ERR_JOB_NOT_FOUND]',
    );
    expect(toldByFailedLine).toBe(false);
  });

  it('says the network error once and both codes when polls keep failing to connect', () => {
    const url = 'http://127.0.0.1:1/v1.0/p/jobs/j-1';
    const detail = 'connect ECONNREFUSED 127.0.0.1:1';
    const cause = new ElbNetworkError({
      networkCode: 'ECONNREFUSED',
      timedOut: false,
      url,
      detail,
    });
    const error = new PollFailedError({ ...CONTEXT, consecutiveFailures: 6, cause });
    const { message, toldByFailedLine } = failedOutcome(error, undefined);

    expect(message).toBe(`${error.message} [ERR_POLL_FAILED, cause ERR_ELB_NETWORK]`);
    expect(toldByFailedLine).toBe(false);
    expect(message.split(detail)).toHaveLength(2);
  });

  it('names the last error once and its code when the wait times out', () => {
    const lastError = new ElbHttpError({ statusCode: 503, url: 'http://h/v1.0/p/jobs/j-1' });
    const error = new WaitTimeoutError({
      ...CONTEXT,
      timeoutMs: 900,
      lastObservation: { status: 'RUNNING' },
      lastError,
    });

    expect(failedOutcome(error, undefined)).toEqual({
      exitCode: 3,
      message:
        'timed out after 0.9s waiting for job j-1 (last status RUNNING); ' +
        `last error: ${lastError.message} [ERR_WAIT_TIMEOUT, cause ERR_ELB_HTTP]`,
      toldByFailedLine: false,
    });
  });

  it('lists each code of a chain of causes once when causes nest', () => {
    const inner = Object.assign(new Error('token refresh failed'), { code: 'ERR_AUTH' });
    const middle = Object.assign(new Error('HTTP 401', { cause: inner }), { code: 'ERR_ELB_HTTP' });
    const error = new PollFailedError({ ...CONTEXT, consecutiveFailures: 2, cause: middle });

    expect(failedOutcome(error, undefined).message).toBe(
      'Polling job j-1 failed 2 times in a row; last error: HTTP 401; cause: token refresh ' +
        'failed [ERR_POLL_FAILED, cause ERR_ELB_HTTP, cause ERR_AUTH]',
    );
  });

  it('does not repeat a cause that the message already holds', () => {
    const error = new PollFailedError({
      ...CONTEXT,
      consecutiveFailures: 6,
      cause: new Error('socket hang up'),
    });

    expect(failedOutcome(error, undefined)).toEqual({
      exitCode: 4,
      message:
        'Polling job j-1 failed 6 times in a row; last error: socket hang up [ERR_POLL_FAILED]',
      toldByFailedLine: true,
    });
  });

  it('says the line holds only what a failed progress line tells when there is no cause', () => {
    const error = new ElbHttpError({ statusCode: 401, url: 'http://h/v1.0/p/jobs/j-1' });

    expect(failedOutcome(error, undefined)).toEqual({
      exitCode: 4,
      message: 'GET http://h/v1.0/p/jobs/j-1 answered HTTP 401 [ERR_ELB_HTTP]',
      toldByFailedLine: true,
    });
  });

  it('exits 4 naming the error when it is not a jobwait error', () => {
    expect(failedOutcome(new TypeError('bad\n  thing'), undefined)).toEqual({
      exitCode: 4,
      message: 'unexpected error: TypeError: bad\n  thing',
      toldByFailedLine: false,
    });
  });
});
