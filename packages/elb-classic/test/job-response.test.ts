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

  it('keeps the code and request id of an error envelope sent with 200', () => {
    const body = { error_code: 'APIGW.0101', error_msg: 'no', request_id: 'r1' };

    expect(read(200, body)).toThrow(
      expect.objectContaining({ errorCode: 'APIGW.0101', requestId: 'r1' }),
    );
  });
});
