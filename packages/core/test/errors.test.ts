import { describe, expect, it } from '@jest/globals';

import {
  JobFailedError,
  JobwaitError,
  NotFoundError,
  PollFailedError,
  PollTimeoutError,
  UnexpectedStateError,
  WaitAbortedError,
  WaitTimeoutError,
  isJobwaitError,
  summarizeError,
} from '../src/errors.js';

const context = { jobId: 'job-1', kind: 'test', attempts: 4, elapsedMs: 7_500 };
const brand = Symbol.for('@jobwait/error');

/** An error as a second installed copy of the package would make it: same brand, other class. */
function errorFromAnotherCopy(): Error {
  class ForeignJobwaitError extends Error {
    constructor(message: string) {
      super(message);
      Object.defineProperty(this, brand, { value: true });
    }
  }
  class ForeignTimeoutError extends ForeignJobwaitError {
    readonly code = 'ERR_WAIT_TIMEOUT';
  }

  return new ForeignTimeoutError('Timed out');
}

describe('JobFailedError', () => {
  it('carries the provider code, reason, state and observation when the job failed', () => {
    const observation = { status: 'FAIL', error_code: 'ELB.1009' };
    const error = new JobFailedError({
      ...context,
      state: 'FAIL',
      providerCode: 'ELB.1009',
      reason: 'quota exceeded',
      observation,
    });

    expect(error).toMatchObject({
      ...context,
      code: 'ERR_JOB_FAILED',
      name: 'JobFailedError',
      message: 'Job job-1 failed: ELB.1009: quota exceeded',
      state: 'FAIL',
      providerCode: 'ELB.1009',
      reason: 'quota exceeded',
    });
    expect(error.observation).toBe(observation);
    expect(error.cause).toBeUndefined();
    expect(error).toBeInstanceOf(JobwaitError);
    expect(error).toBeInstanceOf(Error);
  });

  it('names only what it knows in the message when the code or reason is missing', () => {
    const bare = new JobFailedError({ ...context, observation: null });
    const reasonOnly = new JobFailedError({ ...context, reason: 'disk full', observation: null });

    expect(bare.message).toBe('Job job-1 failed');
    expect(bare).toMatchObject({ state: undefined, providerCode: undefined, reason: undefined });
    expect(reasonOnly.message).toBe('Job job-1 failed: disk full');
  });
});

describe('WaitTimeoutError', () => {
  it('carries the timeout, last observation and last error, also as cause, when given them', () => {
    const lastError = new Error('read ECONNRESET');
    const lastObservation = { status: 'RUNNING' };
    const error = new WaitTimeoutError({
      ...context,
      timeoutMs: 60_000,
      lastObservation,
      lastError,
    });

    expect(error).toMatchObject({
      ...context,
      code: 'ERR_WAIT_TIMEOUT',
      name: 'WaitTimeoutError',
      message: 'Timed out after 60000 ms waiting for job job-1',
      timeoutMs: 60_000,
    });
    expect(error.lastObservation).toBe(lastObservation);
    expect(error.lastError).toBe(lastError);
    expect(error.cause).toBe(lastError);
  });

  it('leaves the observation and error undefined when no poll produced one', () => {
    const error = new WaitTimeoutError({ ...context, timeoutMs: 1_000 });

    expect(error.lastObservation).toBeUndefined();
    expect(error.lastError).toBeUndefined();
    expect(error.cause).toBeUndefined();
  });
});

describe('WaitAbortedError', () => {
  it('carries the signal reason as cause and the last observation when constructed', () => {
    const reason = new Error('user cancelled');
    const error = new WaitAbortedError({ ...context, lastObservation: { status: 'INIT' }, reason });

    expect(error).toMatchObject({
      ...context,
      code: 'ERR_WAIT_ABORTED',
      name: 'WaitAbortedError',
      message: 'Wait for job job-1 was aborted',
      lastObservation: { status: 'INIT' },
    });
    expect(error.cause).toBe(reason);
  });
});

describe('UnexpectedStateError', () => {
  it('quotes the state in the message and keeps the observation when given both', () => {
    const observation = { status: 'PAUSED' };
    const error = new UnexpectedStateError({ ...context, state: 'PAUSED', observation });

    expect(error).toMatchObject({
      ...context,
      code: 'ERR_UNEXPECTED_STATE',
      name: 'UnexpectedStateError',
      message: 'Job job-1 is in an unexpected state: "PAUSED"',
      state: 'PAUSED',
    });
    expect(error.observation).toBe(observation);
  });

  it('says the state is undefined when the observation had none', () => {
    const error = new UnexpectedStateError({ ...context, observation: {} });

    expect(error.message).toBe('Job job-1 is in an unexpected state: undefined');
    expect(error.state).toBeUndefined();
  });
});

describe('NotFoundError', () => {
  it('counts the consecutive misses in the message and keeps the cause when given one', () => {
    const cause = Object.assign(new Error('Not Found'), { status: 404 });
    const error = new NotFoundError({ ...context, consecutiveNotFound: 3, cause });

    expect(error).toMatchObject({
      ...context,
      code: 'ERR_JOB_NOT_FOUND',
      name: 'NotFoundError',
      message: 'Job job-1 was not found on 3 consecutive polls',
      consecutiveNotFound: 3,
    });
    expect(error.cause).toBe(cause);
  });
});

describe('PollFailedError', () => {
  it('carries the streak and the last error as cause when polls keep failing', () => {
    const cause = new Error('socket hang up');
    const error = new PollFailedError({ ...context, consecutiveFailures: 6, cause });

    expect(error).toMatchObject({
      ...context,
      code: 'ERR_POLL_FAILED',
      name: 'PollFailedError',
      message: 'Polling job job-1 failed 6 times in a row; last error: socket hang up',
      consecutiveFailures: 6,
    });
    expect(error.cause).toBe(cause);
  });

  it('reads the last error by its tag when the cause has a null prototype', () => {
    const cause = Object.create(null) as object;
    const error = new PollFailedError({ ...context, consecutiveFailures: 2, cause });

    expect(error.message).toBe(
      'Polling job job-1 failed 2 times in a row; last error: [object Object]',
    );
    expect(error.cause).toBe(cause);
  });
});

describe('PollTimeoutError', () => {
  it('carries pollTimeoutMs when a request took too long', () => {
    const error = new PollTimeoutError(30_000);

    expect(error).toMatchObject({
      code: 'ERR_POLL_TIMEOUT',
      name: 'PollTimeoutError',
      message: 'Poll took longer than 30000 ms and was aborted',
      pollTimeoutMs: 30_000,
    });
  });
});

describe('isJobwaitError', () => {
  const all = [
    new JobFailedError({ ...context, observation: null }),
    new WaitTimeoutError({ ...context, timeoutMs: 1 }),
    new WaitAbortedError(context),
    new UnexpectedStateError({ ...context, observation: null }),
    new NotFoundError({ ...context, consecutiveNotFound: 1 }),
    new PollFailedError({ ...context, consecutiveFailures: 1, cause: null }),
    new PollTimeoutError(1),
  ];

  it.each(all.map((error) => [error.name, error]))('is true when given a %s', (_, error) => {
    expect(isJobwaitError(error)).toBe(true);
  });

  it('gives each error class a distinct stable code when constructed', () => {
    expect(new Set(all.map((error) => error.code)).size).toBe(all.length);
    expect(all.every((error) => /^ERR_[A-Z_]+$/.test(error.code))).toBe(true);
  });

  it('is false when given a plain error or a value that is not an error', () => {
    for (const value of [new Error('x'), new TypeError('x'), null, undefined, 'ERR', 42, {}]) {
      expect(isJobwaitError(value)).toBe(false);
    }
  });

  it('is true, unlike instanceof, when the error comes from another copy of the package', () => {
    const foreign = errorFromAnotherCopy();

    expect(isJobwaitError(foreign)).toBe(true);
    expect(foreign).not.toBeInstanceOf(JobwaitError);
  });

  it('is false when the brand is a symbol of another registry', () => {
    const lookalike = Object.defineProperty(new Error('x'), Symbol('@jobwait/error'), {
      value: true,
    });

    expect(isJobwaitError(lookalike)).toBe(false);
  });

  it('keeps the brand out of the enumerable fields when it marks an error', () => {
    const error = new WaitAbortedError(context);

    expect(Object.getOwnPropertyDescriptor(error, brand)).toMatchObject({
      value: true,
      enumerable: false,
    });
    expect(Object.keys(error)).not.toContain(brand);
  });
});

describe('summarizeError', () => {
  it('keeps the name, code and message when the error has a string code', () => {
    const error = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

    expect(summarizeError(error)).toEqual({
      name: 'Error',
      code: 'ECONNRESET',
      message: 'read ECONNRESET',
    });
  });

  it('keeps the code when the error is a jobwait error', () => {
    expect(summarizeError(new PollTimeoutError(500))).toEqual({
      name: 'PollTimeoutError',
      code: 'ERR_POLL_TIMEOUT',
      message: 'Poll took longer than 500 ms and was aborted',
    });
  });

  it('leaves the code out when the error has none or a code that is not a string', () => {
    const numeric = Object.assign(new RangeError('too big'), { code: 413 });

    expect(summarizeError(new TypeError('bad'))).toEqual({ name: 'TypeError', message: 'bad' });
    expect(summarizeError(numeric)).toEqual({ name: 'RangeError', message: 'too big' });
  });

  it('describes the value by its type and text when it is not an error', () => {
    expect(summarizeError('boom')).toEqual({ name: 'string', message: 'boom' });
    expect(summarizeError(undefined)).toEqual({ name: 'undefined', message: 'undefined' });
    expect(summarizeError({ code: 'X' })).toEqual({ name: 'object', message: '[object Object]' });
  });

  it('describes the value by its tag rather than throwing when it has a null prototype', () => {
    expect(summarizeError(Object.create(null))).toEqual({
      name: 'object',
      message: '[object Object]',
    });
  });

  it('describes the value by its tag rather than throwing when its toString throws', () => {
    const hostile = {
      toString() {
        throw new Error('no text');
      },
    };

    expect(summarizeError(hostile)).toEqual({ name: 'object', message: '[object Object]' });
  });

  it('gives text for the name and message when the error holds other values there', () => {
    const error = Object.assign(new Error('x'), {
      name: 42,
      message: Object.create(null) as object,
    });

    expect(summarizeError(error)).toEqual({ name: '42', message: '[object Object]' });
  });

  it('describes the error by its type when reading its fields throws', () => {
    const error = new Error('x');
    Object.defineProperty(error, 'message', {
      get() {
        throw new Error('no message');
      },
    });

    expect(summarizeError(error)).toEqual({ name: 'object', message: '[object Error]' });
  });

  it('keeps an integer statusCode and a string requestId when the error has them', () => {
    const error = Object.assign(new Error('GET answered HTTP 500'), {
      name: 'ElbHttpError',
      code: 'ERR_ELB_HTTP',
      statusCode: 500,
      requestId: 'req-7f3a',
    });

    expect(summarizeError(error)).toEqual({
      name: 'ElbHttpError',
      code: 'ERR_ELB_HTTP',
      message: 'GET answered HTTP 500',
      statusCode: 500,
      requestId: 'req-7f3a',
    });
  });

  it('leaves out a statusCode that is no integer and a requestId that is no string', () => {
    const odd = [
      { statusCode: '500', requestId: 7 },
      { statusCode: 500.5, requestId: null },
      { statusCode: Number.NaN, requestId: { id: 'x' } },
    ];

    expect(odd.map((fields) => summarizeError(Object.assign(new Error('m'), fields)))).toEqual(
      Array(3).fill({ name: 'Error', message: 'm' }),
    );
  });

  it('leaves out fields other than name, code and message when the error has more', () => {
    const error = Object.assign(new Error('unauthorized'), { token: 'secret', code: 'E401' });

    expect(Object.keys(summarizeError(error)).sort()).toEqual(['code', 'message', 'name']);
  });
});
