import { describe, expect, it } from '@jest/globals';
import { isJobwaitError, JobwaitError } from '@jobwait/core';

import {
  ElbClientClosedError,
  ElbHttpError,
  ElbNetworkError,
  ElbProtocolError,
  ElbTransportError,
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
    expect(error.message).toBe(
      `GET ${url} answered HTTP 403 (APIGW.0302: denied; meaning: the IAM user is not ` +
        'authorized to call this API) [request id r1]',
    );
    expect(error.apiNotAvailable).toBe(false);
  });

  it('says what a known code means in a field and in its message', () => {
    const error = new ElbHttpError({ statusCode: 403, url, errorCode: 'ELB.1091' });

    expect(error.meaning).toBe('the load balancer quota is exceeded');
    expect(error.message).toBe(
      `GET ${url} answered HTTP 403 (ELB.1091; meaning: the load balancer quota is exceeded)`,
    );
  });

  it('gives no meaning when the code is unknown', () => {
    const error = new ElbHttpError({
      statusCode: 400,
      url,
      errorCode: 'ELB.9999',
      errorMessage: 'x',
    });

    expect(error.meaning).toBeUndefined();
    expect(error.message).toBe(`GET ${url} answered HTTP 400 (ELB.9999: x)`);
  });

  it('gives no meaning and no parentheses when the answer has no code or message', () => {
    const error = new ElbHttpError({ statusCode: 502, url });

    expect(error.meaning).toBeUndefined();
    expect(error.message).toBe(`GET ${url} answered HTTP 502`);
  });

  it('keeps the body, but not as an enumerable field', () => {
    const error = new ElbHttpError({ statusCode: 500, url, body: '{"big": "body"}' });

    expect(error.body).toBe('{"big": "body"}');
    expect(Object.keys(error)).not.toContain('body');
    expect(JSON.stringify(error)).not.toContain('big');
  });

  it('explains the gateway 404 APIGW.0101', () => {
    const error = new ElbHttpError({
      statusCode: 404,
      url,
      errorCode: 'APIGW.0101',
      errorMessage: 'The API does not exist',
      requestId: 'r2',
    });

    expect(error.apiNotAvailable).toBe(true);
    expect(error.meaning).toBe('the classic ELB API is not available in this region or cloud');
    expect(error.message).toBe(
      'The classic ELB API is not available in this region or cloud: ' +
        'https://elb.eu-de.otc.t-systems.com answered HTTP 404 (APIGW.0101: The API does not ' +
        'exist), so it does not offer the /v1.0 jobs API; check the endpoint, cloud and region ' +
        '[request id r2]',
    );
  });

  it('reads APIGW.0101 with another status by the table alone', () => {
    const error = new ElbHttpError({ statusCode: 400, url, errorCode: 'APIGW.0101' });

    expect(error.apiNotAvailable).toBe(false);
    expect(error.meaning).toBe('the API does not exist or is not published at this endpoint');
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

  it('says what the code of an error envelope means', () => {
    const error = new ElbProtocolError({
      problem: 'error-envelope',
      statusCode: 200,
      url,
      errorCode: 'APIGW.0307',
    });

    expect(error.meaning).toMatch(/^the token has expired/);
    expect(error.message).toBe(
      `Malformed response from GET ${url} (HTTP 200): the body is an error envelope: ` +
        'APIGW.0307 (the token has expired or is for another region, and must be renewed)',
    );
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

describe('ElbTransportError', () => {
  it('is a jobwait error with a stable code, the network code and the cause', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

    const error = new ElbTransportError({ networkCode: 'ECONNREFUSED', message: 'refused', cause });

    expect(isJobwaitError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'ERR_ELB_TRANSPORT',
      name: 'ElbTransportError',
      networkCode: 'ECONNREFUSED',
      timedOut: false,
      message: 'refused',
      cause,
    });
  });

  it.each([undefined, '', 42])('refuses the network code %p', (networkCode) => {
    const make = () => new ElbTransportError({ networkCode: networkCode as string, message: 'x' });

    expect(make).toThrow(TypeError);
    expect(make).toThrow('Expected field `networkCode` to be a non-empty string');
  });
});
