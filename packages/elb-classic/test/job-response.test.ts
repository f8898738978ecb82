import { describe, expect, it } from '@jest/globals';

import { ElbHttpError, ElbProtocolError } from '../src/errors.js';
import { readJobResponse } from '../src/job-response.js';
import { fixture, jobFixture } from './helpers.js';

const context = { url: 'https://elb.eu-de.otc.t-systems.com/v1.0/p/jobs/j', now: 0 };

function read(statusCode: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);

  return () => readJobResponse({ statusCode, headers, body: text }, context);
}

describe('readJobResponse', () => {
  it('returns the job of a 200 answer, as sent', () => {
    const job = jobFixture('create-elb-fail');

    expect(read(200, job)()).toEqual(job);
  });

  it('throws an ElbHttpError with the gateway envelope of an error answer', () => {
    const body = fixture('errors/gateway-429-throttled.json');

    expect(read(429, body, { 'retry-after': '7' })).toThrow(
      expect.objectContaining({
        name: 'ElbHttpError',
        statusCode: 429,
        errorCode: 'APIGW.0308',
        requestId: '1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c',
        retryAfterMs: 7000,
      }),
    );
  });

  it('takes the request id from X-Request-Id when the body has none', () => {
    const body = fixture('errors/service-400-invalid-parameter.json');

    expect(read(400, body, { 'x-request-id': 'abc123' })).toThrow(
      expect.objectContaining({ errorCode: 'ELB.1001', requestId: 'abc123' }),
    );
  });

  it('ignores an X-Request-Id that a transport of its own gave as no string', () => {
    const body = fixture('errors/service-400-invalid-parameter.json');
    const headers = { 'x-request-id': { id: 'abc123' } } as unknown as Record<string, string>;

    expect(read(400, body, headers)).toThrow(
      expect.objectContaining({ errorCode: 'ELB.1001', requestId: undefined }),
    );
  });

  it('throws an ElbHttpError for an error answer whose body is not JSON', () => {
    expect(read(502, '<html>Bad Gateway</html>')).toThrow(
      expect.objectContaining({ statusCode: 502, errorCode: undefined }),
    );
    expect(read(502, '<html>Bad Gateway</html>')).toThrow(ElbHttpError);
  });

  it.each([
    ['not-json', '{"status": "RUNN'],
    ['not-json', ''],
    ['not-object', '["RUNNING"]'],
    ['not-object', 'null'],
    ['missing-status', '{"job_id": "j"}'],
    ['missing-status', '{"status": ""}'],
    ['missing-status', '{"status": 3}'],
    ['error-envelope', '{"error_code": "APIGW.0101", "error_msg": "no", "request_id": "r1"}'],
    ['error-envelope', '{"error": {"code": "ELB.1001", "message": "bad"}}'],
  ])('throws an ElbProtocolError (%s) for the 200 body %p', (problem, body) => {
    expect(read(200, body)).toThrow(ElbProtocolError);
    expect(read(200, body)).toThrow(expect.objectContaining({ problem, statusCode: 200 }));
  });

  it('throws an ElbProtocolError (too-deep) when a 200 body nests more than 64 levels', () => {
    const deep = `{"status":"RUNNING","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;

    expect(deep.length).toBeLessThan(32_768);
    expect(read(200, deep)).toThrow(
      expect.objectContaining({ name: 'ElbProtocolError', problem: 'too-deep', statusCode: 200 }),
    );
  });

  it('returns the job when its body nests exactly 64 levels, and refuses one more', () => {
    // The object itself is the first level.
    const nesting = (arrays: number) =>
      `{"status":"RUNNING","x":${'['.repeat(arrays)}${']'.repeat(arrays)}}`;

    expect(read(200, nesting(63))()).toMatchObject({ status: 'RUNNING' });
    expect(read(200, nesting(64))).toThrow(expect.objectContaining({ problem: 'too-deep' }));
  });

  it('keeps the code and request id of an error envelope sent with 200', () => {
    const body = { error_code: 'APIGW.0101', error_msg: 'no', request_id: 'r1' };

    expect(read(200, body)).toThrow(
      expect.objectContaining({ errorCode: 'APIGW.0101', requestId: 'r1' }),
    );
  });
});

describe('readJobResponse with secrets', () => {
  const secret = 'MIIecho/token+value==';
  const secrets = [secret];

  function readWith(statusCode: number, body: string, headers: Record<string, string> = {}) {
    return () => readJobResponse({ statusCode, headers, body }, { ...context, secrets });
  }

  function caught(read: () => unknown): Record<string, unknown> {
    try {
      read();
    } catch (error) {
      return error as Record<string, unknown>;
    }

    throw new Error('Expected the read to throw');
  }

  it('redacts the provider message, code, request id and body when a 401 echoes the token', () => {
    const body = JSON.stringify({
      error_code: `APIGW.${secret}`,
      error_msg: `token ${secret} expired`,
      request_id: secret,
    });

    const error = caught(readWith(401, body));

    expect(error).toMatchObject({
      statusCode: 401,
      errorCode: 'APIGW.[redacted]',
      errorMessage: 'token [redacted] expired',
      requestId: '[redacted]',
    });
    expect(error['body']).toBe(
      '{"error_code":"APIGW.[redacted]","error_msg":"token [redacted] expired",' +
        '"request_id":"[redacted]"}',
    );
  });

  it('redacts the X-Request-Id header when the service envelope has no request id', () => {
    const body = JSON.stringify({ error: { code: 'ELB.1001', message: 'bad' } });

    const error = caught(readWith(400, body, { 'x-request-id': `req-${secret}` }));

    expect(error).toMatchObject({ errorCode: 'ELB.1001', requestId: 'req-[redacted]' });
  });

  it('redacts a malformed 200 body when it echoes the token with escaped slashes', () => {
    const escaped = secret.replaceAll('/', '\\/');
    const body = `{"error_code":"APIGW.0307","error_msg":"${escaped}","request_id":"${escaped}"}`;

    const error = caught(readWith(200, body));

    expect(error).toMatchObject({
      problem: 'error-envelope',
      errorCode: 'APIGW.0307',
      requestId: '[redacted]',
    });
    expect(error['body']).not.toContain('echo');
  });

  it('redacts every string of a 200 job body, keys included, when it echoes the token', () => {
    const sub = { status: 'FAIL', job_id: secret, fail_reason: `bad ${secret}` };
    const job = {
      status: `RUNNING ${secret}`,
      sub_jobs: [sub, 3, null, true],
      entities: { [secret]: { id: secret.replaceAll('/', '\\/') } },
    };

    expect(readWith(200, JSON.stringify(job))()).toEqual({
      status: 'RUNNING [redacted]',
      sub_jobs: [
        { status: 'FAIL', job_id: '[redacted]', fail_reason: 'bad [redacted]' },
        3,
        null,
        true,
      ],
      entities: { '[redacted]': { id: '[redacted]' } },
    });
  });

  it('keeps a 200 job body as sent when it holds no secret', () => {
    const job = jobFixture('create-elb-fail');

    expect(readWith(200, JSON.stringify(job))()).toEqual(job);
  });
});

describe('readJobResponse with a body over the size cap', () => {
  const cut = (statusCode: number) => () =>
    readJobResponse(
      { statusCode, headers: { 'x-request-id': 'r-1' }, body: '<html>', truncated: true },
      context,
    );

  it('keeps the status of an error answer when its body was cut', () => {
    expect(cut(503)).toThrow(
      expect.objectContaining({ name: 'ElbHttpError', statusCode: 503, requestId: 'r-1' }),
    );
  });

  it('refuses a 200 answer as too large when its body was cut', () => {
    expect(cut(200)).toThrow(
      expect.objectContaining({ name: 'ElbProtocolError', problem: 'too-large', statusCode: 200 }),
    );
  });
});
