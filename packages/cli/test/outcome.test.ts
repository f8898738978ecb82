import { describe, expect, it } from '@jest/globals';

import { JobFailedError, NotFoundError, PollFailedError } from '@jobwait/core';

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
      job: observation,
    });
  });

  it('adds the cause when the message does not already hold it', () => {
    const cause = Object.assign(new Error('HTTP 404'), { code: 'ERR_ELB_HTTP' });
    const error = new NotFoundError({ ...CONTEXT, consecutiveNotFound: 3, cause });

    expect(failedOutcome(error, undefined)).toEqual({
      exitCode: 4,
      message:
        'Job j-1 was not found on 3 consecutive polls; cause: HTTP 404 ' +
        '[ERR_ELB_HTTP] [ERR_JOB_NOT_FOUND]',
    });
  });

  it('does not repeat a cause that the message already holds', () => {
    const error = new PollFailedError({
      ...CONTEXT,
      consecutiveFailures: 6,
      cause: new Error('socket hang up'),
    });

    expect(failedOutcome(error, undefined).message).toBe(
      'Polling job j-1 failed 6 times in a row; last error: socket hang up [ERR_POLL_FAILED]',
    );
  });

  it('exits 4 with one line for an error that is not a jobwait error', () => {
    expect(failedOutcome(new TypeError('bad\n  thing'), undefined)).toEqual({
      exitCode: 4,
      message: 'unexpected error: TypeError: bad thing',
    });
  });
});
