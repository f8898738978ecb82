import { describe, expect, it } from '@jest/globals';
import { isJobwaitError, JobwaitError } from '@jobwait/core';

import {
  ElbClientClosedError,
  ElbHttpError,
  ElbNetworkError,
  ElbProtocolError,
} from '../src/errors.js';

const url = 'https://elb.eu-de.otc.t-systems.com/v1.0/p/jobs/j';

describe('ElbHttpError', () => {
  it('is a jobwait error with a stable code and the provider fields', () => {
    const error = new ElbHttpError({
      statusCode: 403,
      url,
      errorCode: 'APIGW.0302',
      errorMessage: 'denied',
      requestId: 'r1',
    });

    expect(error).toBeInstanceOf(JobwaitError);
    expect(isJobwaitError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_ELB_HTTP', name: 'ElbHttpError', statusCode: 403 });
    expect(error.message).toBe(`GET ${url} answered HTTP 403 (APIGW.0302: denied) [request id r1]`);
    expect(error.apiNotAvailable).toBe(false);
  });

  it('keeps the body, but not as an enumerable field', () => {
    const error = new ElbHttpError({ statusCode: 500, url, body: '{"big": "body"}' });

    expect(error.body).toBe('{"big": "body"}');
    expect(Object.keys(error)).not.toContain('body');
    expect(JSON.stringify(error)).not.toContain('big');
  });

  it('explains the gateway 404 APIGW.0101', () => {
    const error = new ElbHttpError({ statusCode: 404, url, errorCode: 'APIGW.0101' });

    expect(error.apiNotAvailable).toBe(true);
    expect(error.message).toMatch(
      /^The classic ELB API is not available at https:\/\/elb\.eu-de\.otc\.t-systems\.com/,
    );
    expect(error.message).toMatch(/region or cloud/);
  });
});

describe('ElbProtocolError', () => {
  it('names the problem in its message and keeps the body hidden', () => {
    const error = new ElbProtocolError({
      problem: 'missing-status',
      statusCode: 200,
      url,
      body: '{}',
    });

    expect(error).toMatchObject({ code: 'ERR_ELB_PROTOCOL', problem: 'missing-status' });
    expect(error.message).toBe(
      `Malformed response from GET ${url} (HTTP 200): the body has no \`status\` string`,
    );
    expect(Object.keys(error)).not.toContain('body');
  });
});

describe('ElbProtocolError too-deep', () => {
  it('names the depth limit in its message when the body nests too deep', () => {
    const error = new ElbProtocolError({ problem: 'too-deep', statusCode: 200, url });

    expect(error.message).toBe(
      `Malformed response from GET ${url} (HTTP 200): ` +
        'the body nests arrays and objects more than 64 levels deep',
    );
  });
});

describe('ElbNetworkError and ElbClientClosedError', () => {
  it('have stable codes', () => {
    const network = new ElbNetworkError({
      networkCode: 'ETIMEDOUT',
      timedOut: true,
      url,
      detail: 'timeout',
    });

    expect(network).toMatchObject({ code: 'ERR_ELB_NETWORK', networkCode: 'ETIMEDOUT' });
    expect(new ElbClientClosedError().code).toBe('ERR_ELB_CLIENT_CLOSED');
  });
});
