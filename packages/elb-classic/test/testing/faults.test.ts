import { describe, expect, it } from '@jest/globals';

import { checkedFault, FaultList, SCOPE_FIELDS } from '../../src/testing/faults.js';

describe('FaultList', () => {
  it('applies a fault to the next N requests, then no more', () => {
    const faults = new FaultList();
    faults.add({ type: 'reset' }, { times: 2 });

    expect([faults.take('a'), faults.take(undefined), faults.take('a')]).toEqual([
      { type: 'reset' },
      { type: 'reset' },
      undefined,
    ]);
  });

  it('applies a job fault to that job only, until cleared', () => {
    const faults = new FaultList();
    faults.add({ type: 'hang' }, { jobId: 'a' });

    expect(faults.take('b')).toBeUndefined();
    expect(faults.take('a')).toEqual({ type: 'hang' });
    expect(faults.take('a')).toEqual({ type: 'hang' });
    faults.clear();
    expect(faults.take('a')).toBeUndefined();
  });

  it('applies faults in the order they were set', () => {
    const faults = new FaultList();
    faults.add({ type: 'status', statusCode: 503 }, { times: 1 });
    faults.add({ type: 'delay', delayMs: 5 }, { times: 1 });

    expect(faults.take('a')?.type).toBe('status');
    expect(faults.take('a')?.type).toBe('delay');
  });

  it.each([
    [{ type: 'explode' }, {}, /`fault.type`/],
    [{ type: 'status', statusCode: 99 }, {}, /`fault.statusCode`/],
    [{ type: 'delay', delayMs: -1 }, {}, /`fault.delayMs`/],
    [{ type: 'malformed', body: 1 }, {}, /`fault.body`/],
    [{ type: 'truncated', body: '' }, {}, /`fault.body` to be a non-empty string/],
    [{ type: 'truncated', body: 'abc', sentBytes: 3 }, {}, /`fault.sentBytes`.* from 0 to 2/],
    [{ type: 'truncated', sentBytes: 1.5 }, {}, /`fault.sentBytes`/],
    [{ type: 'truncated', statusCode: 600 }, {}, /`fault.statusCode`/],
    [{ type: 'not-found', times: 2 }, {}, /Unknown option `fault.times`/],
    [{ type: 'reset' }, { times: 0 }, /`times`/],
    [{ type: 'reset' }, { jobId: '../x' }, /`jobId`/],
  ])('refuses the fault %p with scope %p', (fault, scope, message) => {
    expect(() => new FaultList().add(fault as never, scope)).toThrow(message);
  });

  const circular: Record<string, unknown> = { a: 1 };
  circular['self'] = circular;

  it.each([
    ['a Retry-After with a line break', { retryAfter: '1\r\nx-evil: 1' }, /`fault.retryAfter`/],
    ['a Retry-After beyond Latin-1', { retryAfter: '1\u20ac' }, /`fault.retryAfter`/],
    ['a Retry-After that is not finite', { retryAfter: Number.NaN }, /`fault.retryAfter`/],
    ['a Retry-After of another type', { retryAfter: true }, /`fault.retryAfter`/],
    [
      'a header value with a line break',
      { headers: { 'x-a': 'a\nb' } },
      /`fault.headers\["x-a"\]`/,
    ],
    ['a header value that is no string', { headers: { 'x-a': 1 } }, /`fault.headers\["x-a"\]`/],
    ['a header name with a space', { headers: { 'x a': 'v' } }, /`fault.headers`.*"x a"/],
    ['headers that are no object', { headers: 'x-a: 1' }, /`fault.headers`/],
    ['a BigInt body', { body: { n: 1n } }, /`fault.body` to be serialisable as JSON: .*BigInt/],
    ['a circular body', { body: circular }, /`fault.body` to be serialisable as JSON: .*circular/],
    ['a body JSON cannot carry', { body: () => 1 }, /`fault.body`.*got nothing/],
    ['an unknown envelope', { envelope: 'soap' }, /`fault.envelope`/],
    ['an error code that is no string', { errorCode: 7 }, /`fault.errorCode`/],
    [
      'a snake_case field',
      { retry_after: 3 },
      /Unknown option `fault.retry_after` \(did you mean `retryAfter`\?\)/,
    ],
    ['a field of another fault type', { delayMs: 3 }, /Unknown option `fault.delayMs`/],
  ])('refuses a status fault when it has %s', (_, fields, message) => {
    const add = () => new FaultList().add({ type: 'status', statusCode: 503, ...fields } as never);

    expect(add).toThrow(TypeError);
    expect(add).toThrow(message);
  });

  it('refuses a scope when it has an unknown field', () => {
    expect(() => new FaultList().add({ type: 'reset' }, { job_id: 'a' } as never)).toThrow(
      /Unknown option `scope.job_id` \(did you mean `jobId`\?\)/,
    );
  });

  it('keeps the body as JSON text when it is set, so later changes cannot break it', () => {
    const faults = new FaultList();
    const body: Record<string, unknown> = { error_code: 'X' };
    faults.add({ type: 'status', statusCode: 500, body, retryAfter: 2, headers: { 'x-a': 'v' } });
    body['n'] = 1n;

    expect(faults.take('a')).toMatchObject({
      body: '{"error_code":"X"}',
      retryAfter: '2',
      headers: { 'x-a': 'v' },
    });
  });

  it('keeps a truncated fault with its defaults filled in', () => {
    const faults = new FaultList();
    faults.add({ type: 'truncated' });
    faults.add({ type: 'not-found' });

    expect(faults.take('a')).toEqual({
      type: 'truncated',
      statusCode: 200,
      body: undefined,
      sentBytes: undefined,
    });
  });
});

describe('checkedFault', () => {
  it('names the fields under the name it is given, letting the scope fields through', () => {
    const entry = { type: 'status', statusCode: 503, jobId: 'a', times: 1 };

    expect(checkedFault(entry, 'scenario.faults[0]', SCOPE_FIELDS)).toMatchObject({
      type: 'status',
      statusCode: 503,
    });
    expect(() =>
      checkedFault({ ...entry, statusCode: 1 }, 'scenario.faults[0]', SCOPE_FIELDS),
    ).toThrow(/`scenario.faults\[0\].statusCode`/);
    expect(() => checkedFault({ type: 'boom' }, 'scenario.faults[3]')).toThrow(
      'Expected option `scenario.faults[3].type` to be one of status, delay, hang, reset, ' +
        'truncated, malformed, not-found, got "boom"',
    );
  });
});
