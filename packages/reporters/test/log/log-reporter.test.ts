import { EventEmitter } from 'node:events';

import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';

import { logReporter } from '../../src/log/log-reporter.js';
import type { LoggerLike } from '../../src/log/logger-like.js';
import { fakeWaiter } from '../helpers.js';
import { LEVEL, captureRecords, ownFields } from './capture-records.js';

const T0 = '2025-01-01T00:00:00.000Z';
const RESET = { name: 'Error', code: 'ECONNRESET', message: 'socket hang up' };

/** A reporter on the default pino logger, writing to a captured stream, on a fake waiter. */
function setup(options: { level?: 'debug' | 'info' | 'warn'; redact?: string[] } = {}) {
  const out = captureRecords();
  const fake = fakeWaiter();
  const detach = logReporter({ stream: out.stream, ...options }).attach(fake.waiter);

  return { ...out, ...fake, detach };
}

/** A logger that keeps each call it receives, as `[level, record, message]`. */
function recordingLogger() {
  const calls: [string, object, string][] = [];
  const method =
    (level: string) =>
    (record: object, message: string): void => {
      calls.push([level, record, message]);
    };
  const logger: LoggerLike = {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
  };

  return { logger, calls };
}

describe('logReporter', () => {
  it('writes one record per event with the documented fields, levels and messages', () => {
    const { emit, records, detach } = setup({ level: 'debug' });

    emit('wait:start', { elapsedMs: 0, timeoutMs: 600_000, deadline: '2025-01-01T00:10:00.000Z' });
    emit('backoff', { elapsedMs: 0, delayMs: 0, reason: 'initial' });
    emit('poll:start', { attempt: 1, elapsedMs: 0 });
    emit('retry', { attempt: 1, elapsedMs: 200, retry: 1, retriesLeft: 1, error: RESET });
    emit('poll:end', {
      attempt: 1,
      elapsedMs: 700,
      durationMs: 700,
      verdict: 'transient',
      error: RESET,
    });
    emit('backoff', { attempt: 1, elapsedMs: 700, delayMs: 1_300, reason: 'strategy' });
    emit('poll:end', {
      attempt: 2,
      elapsedMs: 2_300,
      durationMs: 300,
      verdict: 'pending',
      state: 'RUNNING',
      detail: 'sub-jobs 0/2',
    });
    emit('state:change', {
      attempt: 2,
      elapsedMs: 2_300,
      from: 'INIT',
      to: 'RUNNING',
      detail: 'sub-jobs 0/2',
      observation: { status: 'RUNNING', password: 'hunter2' },
    });
    emit('settled', {
      attempt: 3,
      elapsedMs: 4_000,
      outcome: 'failed',
      state: 'FAIL',
      providerCode: 'ELB.1009',
      reason: 'Insufficient quota',
      error: { name: 'JobFailedError', code: 'ERR_JOB_FAILED', message: 'Job job-1 failed' },
      observation: { status: 'FAIL', password: 'hunter2' },
    });
    detach();

    const envelope = (seq: number, attempt: number, elapsedMs: number) => ({
      name: 'jobwait',
      jobId: 'job-1',
      kind: 'test-kind',
      seq,
      attempt,
      elapsedMs,
      eventTime: new Date(Date.parse(T0) + elapsedMs).toISOString(),
    });

    expect(records().map(ownFields)).toEqual([
      {
        level: LEVEL.info,
        msg: 'wait started',
        event: 'wait:start',
        ...envelope(1, 0, 0),
        timeoutMs: 600_000,
        deadline: '2025-01-01T00:10:00.000Z',
      },
      {
        level: LEVEL.debug,
        msg: 'next poll scheduled',
        event: 'backoff',
        ...envelope(2, 0, 0),
        delayMs: 0,
        delayReason: 'initial',
      },
      { level: LEVEL.debug, msg: 'poll started', event: 'poll:start', ...envelope(3, 1, 0) },
      {
        level: LEVEL.warn,
        msg: 'poll retried',
        event: 'retry',
        ...envelope(4, 1, 200),
        retry: 1,
        retriesLeft: 1,
        errorCode: 'ECONNRESET',
        error: RESET,
      },
      {
        level: LEVEL.warn,
        msg: 'poll failed',
        event: 'poll:end',
        ...envelope(5, 1, 700),
        durationMs: 700,
        verdict: 'transient',
        errorCode: 'ECONNRESET',
        error: RESET,
      },
      {
        level: LEVEL.debug,
        msg: 'next poll scheduled',
        event: 'backoff',
        ...envelope(6, 1, 700),
        delayMs: 1_300,
        delayReason: 'strategy',
      },
      {
        level: LEVEL.debug,
        msg: 'poll ended',
        event: 'poll:end',
        ...envelope(7, 2, 2_300),
        durationMs: 300,
        verdict: 'pending',
        state: 'RUNNING',
        detail: 'sub-jobs 0/2',
      },
      {
        level: LEVEL.info,
        msg: 'job state changed',
        event: 'state:change',
        ...envelope(8, 2, 2_300),
        state: 'RUNNING',
        previousState: 'INIT',
        detail: 'sub-jobs 0/2',
      },
      {
        level: LEVEL.error,
        msg: 'wait failed',
        event: 'settled',
        ...envelope(9, 3, 4_000),
        outcome: 'failed',
        state: 'FAIL',
        providerCode: 'ELB.1009',
        failureReason: 'Insufficient quota',
        errorCode: 'ELB.1009',
        error: { name: 'JobFailedError', code: 'ERR_JOB_FAILED', message: 'Job job-1 failed' },
      },
    ]);
  });

  it('leaves out the debug records of polls and backoffs at the default level', () => {
    const { emit, records } = setup();

    emit('wait:start', { elapsedMs: 0, timeoutMs: 60_000, deadline: '2025-01-01T00:01:00.000Z' });
    emit('backoff', { elapsedMs: 0, delayMs: 0, reason: 'initial' });
    emit('poll:start', { attempt: 1, elapsedMs: 0 });
    emit('poll:end', { attempt: 1, elapsedMs: 90, durationMs: 90, verdict: 'success' });
    emit('state:change', { attempt: 1, elapsedMs: 90, to: 'SUCCESS', observation: {} });
    emit('settled', { attempt: 1, elapsedMs: 90, outcome: 'succeeded', state: 'SUCCESS' });

    expect(records().map((r) => [r.level, r.msg, r['event']])).toEqual([
      [LEVEL.info, 'wait started', 'wait:start'],
      [LEVEL.info, 'job state changed', 'state:change'],
      [LEVEL.info, 'wait succeeded', 'settled'],
    ]);
    expect(records()[1]).not.toHaveProperty('previousState');
  });

  it.each([
    ['succeeded', LEVEL.info, 'wait succeeded', undefined],
    ['failed', LEVEL.error, 'wait failed', 'ERR_POLL_FAILED'],
    ['timedOut', LEVEL.error, 'wait timed out', 'ERR_WAIT_TIMEOUT'],
    ['aborted', LEVEL.error, 'wait aborted', 'ERR_WAIT_ABORTED'],
    ['vanished', LEVEL.warn, 'wait settled', 'ERR_ODD'],
    ['constructor', LEVEL.warn, 'wait settled', undefined],
    ['toString', LEVEL.warn, 'wait settled', undefined],
    ['__proto__', LEVEL.warn, 'wait settled', undefined],
    ['hasOwnProperty', LEVEL.warn, 'wait settled', undefined],
  ] as const)('logs a wait that ended %s at level %d as "%s"', (outcome, level, msg, code) => {
    const { emit, records } = setup();
    const error = code === undefined ? {} : { error: { name: 'E', code, message: 'm' } };

    emit('settled', { attempt: 2, elapsedMs: 5, outcome: outcome as 'failed', ...error });

    expect(records()).toEqual([
      expect.objectContaining({ level, msg, outcome, ...(code && { errorCode: code }) }),
    ]);
    if (code === undefined) expect(records()[0]).not.toHaveProperty('errorCode');
  });

  it('takes the code of the error when a failed wait has no provider code', () => {
    const { emit, records } = setup();

    emit('settled', {
      elapsedMs: 1,
      outcome: 'failed',
      error: { name: 'UnexpectedStateError', code: 'ERR_UNEXPECTED_STATE', message: 'odd' },
    });

    expect(records()[0]).toMatchObject({ errorCode: 'ERR_UNEXPECTED_STATE' });
    expect(records()[0]).not.toHaveProperty('providerCode');
  });

  it('logs only the named fields of an error, whatever else the object holds', () => {
    const { emit, records, text } = setup();
    const error = Object.assign(new Error('Response code 401 (Unauthorized)'), {
      name: 'ElbHttpError',
      code: 'ERR_ELB_HTTP',
      statusCode: 401,
      requestId: 'req-42',
      options: { headers: { 'x-auth-token': 'token-in-a-header' } },
      response: { body: '{"token":"token-in-a-body"}' },
    });
    Object.defineProperty(error, 'authorization', { value: 'token-hidden', enumerable: false });

    emit('settled', { elapsedMs: 1, outcome: 'failed', error });

    expect(records()[0]?.['error']).toEqual({
      name: 'ElbHttpError',
      code: 'ERR_ELB_HTTP',
      message: 'Response code 401 (Unauthorized)',
      statusCode: 401,
      requestId: 'req-42',
    });
    expect(text()).not.toMatch(/token-in|token-hidden|stack|headers/);
  });

  it('never logs an observation, and leaves out fields that are not of their type', () => {
    const { waiter, records, text } = setup();

    waiter.emit('state:change', {
      jobId: 'job-1',
      kind: 'test-kind',
      attempt: '2',
      seq: 1,
      elapsedMs: Number.NaN,
      time: 1_735_689_600_000,
      to: { toString: () => 'RUNNING' },
      detail: 7,
      observation: { status: 'RUNNING', secret: 'observation-secret' },
    });

    expect(ownFields(records()[0]!)).toEqual({
      level: LEVEL.info,
      msg: 'job state changed',
      name: 'jobwait',
      event: 'state:change',
      jobId: 'job-1',
      kind: 'test-kind',
      seq: 1,
    });
    expect(text()).not.toContain('observation-secret');
  });

  it('marks a resumed wait, and only with `true`', () => {
    const { emit, records } = setup();
    const start = { elapsedMs: 0, timeoutMs: 1_000, deadline: T0 };

    emit('wait:start', { ...start, resumed: true });
    emit('wait:start', { ...start, resumed: 'yes' as unknown as true });

    expect(records()[0]).toMatchObject({ msg: 'wait started', resumed: true });
    expect(records()[1]).not.toHaveProperty('resumed');
  });

  it('replaces each secret of `redact` in every string field, raw or percent-encoded', () => {
    const secret = 'tok/en+1=';
    const { emit, records, text } = setup({ redact: ['hunter2', secret] });

    emit('settled', {
      elapsedMs: 1,
      outcome: 'failed',
      state: `FAIL hunter2`,
      reason: `bad token ${secret} (sent as ${encodeURIComponent(secret)})`,
      providerCode: 'hunter2',
      error: { name: 'E', code: 'E_hunter2', message: `token=${secret}` },
    });

    expect(records()[0]).toMatchObject({
      state: 'FAIL [redacted]',
      failureReason: 'bad token [redacted] (sent as [redacted])',
      providerCode: '[redacted]',
      errorCode: '[redacted]',
      error: { name: 'E', code: 'E_[redacted]', message: 'token=[redacted]' },
    });
    expect(text()).not.toMatch(/hunter2|tok\/en|tok%2Fen/);
  });

  it('censors the values at `redactPaths` through pino', () => {
    const out = captureRecords();
    const { waiter, emit } = fakeWaiter();
    logReporter({ stream: out.stream, redactPaths: ['failureReason', 'error.message'] }).attach(
      waiter,
    );

    emit('settled', {
      elapsedMs: 1,
      outcome: 'failed',
      reason: 'quota of project p-secret exceeded',
      error: { name: 'E', message: 'about p-secret' },
    });

    expect(out.records()[0]).toMatchObject({
      failureReason: '[redacted]',
      error: { name: 'E', message: '[redacted]' },
    });
    expect(out.text()).not.toContain('p-secret');
  });

  it('calls a given logger with the record first and the message second', () => {
    const { logger, calls } = recordingLogger();
    const { waiter, emit } = fakeWaiter({ jobId: 'j', kind: 'k' });
    logReporter({ logger, redact: ['s3cret'] }).attach(waiter);

    emit('retry', { attempt: 1, elapsedMs: 3, retry: 2, retriesLeft: 0, error: RESET });
    emit('settled', { attempt: 1, elapsedMs: 4, outcome: 'aborted', state: 's3cret' });

    expect(calls).toEqual([
      [
        'warn',
        {
          event: 'retry',
          jobId: 'j',
          kind: 'k',
          attempt: 1,
          seq: 1,
          elapsedMs: 3,
          eventTime: '2025-01-01T00:00:00.003Z',
          retry: 2,
          retriesLeft: 0,
          errorCode: 'ECONNRESET',
          error: RESET,
        },
        'poll retried',
      ],
      [
        'error',
        expect.objectContaining({ outcome: 'aborted', state: '[redacted]' }),
        'wait aborted',
      ],
    ]);
  });

  it('writes through a pino logger of the caller, with its own bindings', () => {
    const out = captureRecords();
    const logger = pino({ level: 'debug', base: { service: 'deploy' } }, out.stream).child({
      run: 7,
    });
    const { waiter, emit } = fakeWaiter();
    logReporter({ logger }).attach(waiter);

    emit('poll:start', { attempt: 1, elapsedMs: 0 });

    expect(out.records()).toEqual([
      expect.objectContaining({
        level: LEVEL.debug,
        msg: 'poll started',
        service: 'deploy',
        run: 7,
        event: 'poll:start',
      }),
    ]);
  });

  it('builds no record that the logger says it would drop', () => {
    const { logger, calls } = recordingLogger();
    const asked: string[] = [];
    logger.isLevelEnabled = (level) => {
      asked.push(level);
      return level !== 'debug';
    };
    const { waiter, emit } = fakeWaiter();
    logReporter({ logger }).attach(waiter);

    emit('poll:start', { attempt: 1, elapsedMs: 0 });
    emit('settled', { attempt: 1, elapsedMs: 1, outcome: 'succeeded' });

    expect(asked).toEqual(['debug', 'info']);
    expect(calls.map(([level, , message]) => [level, message])).toEqual([
      ['info', 'wait succeeded'],
    ]);
  });

  it('keeps the wait and later listeners going when the logger throws', () => {
    const throwing = (): never => {
      throw new Error('logger is broken');
    };
    const logger = { debug: throwing, info: throwing, warn: throwing, error: throwing };
    const { waiter, emit } = fakeWaiter();
    const seen: string[] = [];
    logReporter({ logger }).attach(waiter);
    waiter.on('settled', (event: { outcome: string }) => seen.push(event.outcome));

    expect(() => {
      emit('wait:start', { elapsedMs: 0, timeoutMs: 1, deadline: T0 });
      emit('settled', { elapsedMs: 1, outcome: 'succeeded' });
    }).not.toThrow();
    expect(seen).toEqual(['succeeded']);
  });

  it('stops writing to a stream that failed, and removes its error listener on detach', () => {
    const out = captureRecords();
    const { waiter, emit } = fakeWaiter();
    const detach = logReporter({ stream: out.stream }).attach(waiter);

    emit('settled', { elapsedMs: 1, outcome: 'succeeded' });
    out.stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    emit('settled', { elapsedMs: 2, outcome: 'failed' });
    detach();

    expect(out.records().map((r) => r['outcome'])).toEqual(['succeeded']);
    expect(out.stream.listenerCount('error')).toBe(0);
  });

  it('removes every listener it added on detach, and a second detach does nothing', () => {
    const out = captureRecords();
    const first = new EventEmitter();
    const second = new EventEmitter();
    const reporter = logReporter({ stream: out.stream });
    const detachFirst = reporter.attach(first);
    reporter.attach(second);

    detachFirst();
    detachFirst();
    first.emit('settled', { jobId: 'a', outcome: 'succeeded' });
    second.emit('settled', { jobId: 'b', outcome: 'succeeded' });

    expect(first.eventNames()).toEqual([]);
    expect(second.listenerCount('settled')).toBe(1);
    expect(out.records().map((r) => r['jobId'])).toEqual(['b']);
  });

  it('ignores an event that is not an object', () => {
    const { waiter } = fakeWaiter();
    const { logger, calls } = recordingLogger();
    logReporter({ logger }).attach(waiter);

    waiter.emit('settled', undefined);
    waiter.emit('poll:end', 'done');

    expect(calls).toEqual([]);
  });

  it('refuses to attach to something without `on` and `off`', () => {
    const reporter = logReporter({ logger: recordingLogger().logger });

    expect(() => reporter.attach({} as never)).toThrow(
      new TypeError('Expected `waiter` to have `on` and `off` methods'),
    );
  });
});
