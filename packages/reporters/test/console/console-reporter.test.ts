import { EventEmitter } from 'node:events';

import { describe, expect, it } from '@jest/globals';

import { consoleReporter } from '../../src/console/console-reporter.js';
import { captureStream, fakeWaiter } from '../helpers.js';

const NO_ENV = {};

function setup(options: { verbose?: boolean } = {}) {
  const out = captureStream();
  const { waiter, emit } = fakeWaiter({ jobId: 'job-1', kind: 'elb-classic' });
  const detach = consoleReporter({ stream: out.stream, env: NO_ENV, ...options }).attach(waiter);

  return { out, waiter, emit, detach };
}

describe('consoleReporter', () => {
  it('prints the start, each state or detail change and one final line when a job succeeds', () => {
    const { out, emit } = setup();

    emit('wait:start', { elapsedMs: 0, timeoutMs: 600_000, deadline: '2025-01-01T00:10:00.000Z' });
    emit('poll:start', { attempt: 1, elapsedMs: 1 });
    emit('poll:end', {
      attempt: 1,
      elapsedMs: 210,
      durationMs: 209,
      verdict: 'pending',
      state: 'INIT',
    });
    emit('state:change', { attempt: 1, elapsedMs: 210, to: 'INIT', observation: {} });
    emit('backoff', { attempt: 1, elapsedMs: 210, delayMs: 1000, reason: 'strategy' });
    emit('poll:end', {
      attempt: 2,
      elapsedMs: 1400,
      durationMs: 90,
      verdict: 'pending',
      state: 'INIT',
    });
    emit('poll:end', {
      attempt: 3,
      elapsedMs: 3100,
      durationMs: 90,
      verdict: 'pending',
      state: 'RUNNING',
      detail: 'sub-jobs 0/2',
    });
    emit('poll:end', {
      attempt: 4,
      elapsedMs: 6000,
      durationMs: 90,
      verdict: 'pending',
      state: 'RUNNING',
      detail: 'sub-jobs 1/2',
    });
    emit('poll:end', {
      attempt: 5,
      elapsedMs: 15_100,
      durationMs: 90,
      verdict: 'success',
      state: 'SUCCESS',
      detail: 'sub-jobs 2/2',
    });
    emit('settled', { attempt: 5, elapsedMs: 15_100, outcome: 'succeeded', state: 'SUCCESS' });

    expect(out.lines()).toEqual([
      'job-1  waiting for elb-classic job, timeout 10m',
      'job-1  INIT at 0.2s',
      'job-1  RUNNING at 3.1s (sub-jobs 0/2)',
      'job-1  RUNNING at 6.0s (sub-jobs 1/2)',
      'job-1  succeeded after 15.1s (SUCCESS, sub-jobs 2/2, 5 polls)',
    ]);
  });

  it('prints a state change once when both poll:end and state:change report it', () => {
    const { out, emit } = setup();

    emit('state:change', { attempt: 1, elapsedMs: 500, to: 'RUNNING', observation: {} });
    emit('poll:end', {
      attempt: 1,
      elapsedMs: 500,
      durationMs: 5,
      verdict: 'pending',
      state: 'RUNNING',
    });

    expect(out.lines()).toEqual(['job-1  RUNNING at 0.5s']);
  });

  it('prints the provider code and reason when the job fails', () => {
    const { out, emit } = setup();
    const error = { name: 'JobFailedError', code: 'ERR_JOB_FAILED', message: 'Job job-1 failed' };

    emit('poll:end', {
      attempt: 2,
      elapsedMs: 2_000,
      durationMs: 5,
      verdict: 'pending',
      state: 'RUNNING',
      detail: 'sub-jobs 1/2',
    });
    emit('settled', {
      attempt: 3,
      elapsedMs: 3_000,
      outcome: 'failed',
      state: 'FAIL',
      error,
      ...{ providerCode: 'ELB.1009', reason: 'Insufficient quota' },
    });

    expect(out.lines()).toEqual([
      'job-1  RUNNING at 2.0s (sub-jobs 1/2)',
      'job-1  failed after 3.0s: ELB.1009: Insufficient quota (FAIL, sub-jobs 1/2, 3 polls)',
    ]);
  });

  it('prints the error message and code when a failure carries no provider details', () => {
    const { out, emit } = setup();
    const error = { name: 'ElbHttpError', code: 'ERR_ELB_HTTP', message: 'HTTP 401 Unauthorized' };

    emit('poll:end', { attempt: 1, elapsedMs: 40, durationMs: 40, verdict: 'fatal', error });
    emit('settled', { attempt: 1, elapsedMs: 40, outcome: 'failed', error });

    expect(out.lines()).toEqual([
      'job-1  failed after 0.0s: HTTP 401 Unauthorized [ERR_ELB_HTTP] (1 poll, 1 poll error)',
    ]);
  });

  it('prints the last state when the wait times out or is aborted', () => {
    const { out, emit } = setup();

    emit('poll:end', {
      attempt: 7,
      elapsedMs: 59_000,
      durationMs: 5,
      verdict: 'pending',
      state: 'INIT',
    });
    emit('settled', { attempt: 8, elapsedMs: 60_000, outcome: 'timedOut', state: 'INIT' });
    emit('settled', { attempt: 2, elapsedMs: 4_200, outcome: 'aborted' });

    expect(out.lines()).toEqual([
      'job-1  INIT at 59.0s',
      'job-1  timed out after 1m (INIT, 8 polls)',
      'job-1  aborted after 4.2s (2 polls)',
    ]);
  });

  it('writes nothing for a settled event when its outcome is none it knows', () => {
    const out = captureStream();
    const waiter = new EventEmitter();
    consoleReporter({ stream: out.stream, env: NO_ENV }).attach(waiter);
    const base = { jobId: 'job-1', kind: 'k', seq: 1, time: '', attempt: 2, elapsedMs: 900 };

    expect(() => waiter.emit('settled', { ...base, outcome: 'cancelled' })).not.toThrow();
    expect(() => waiter.emit('settled', { ...base, outcome: undefined })).not.toThrow();
    waiter.emit('settled', { ...base, outcome: 'succeeded', state: 'DONE' });

    expect(out.text()).toBe('job-1  succeeded after 0.9s (DONE, 2 polls)\n');
  });

  it('counts retries and failed polls without printing them by default', () => {
    const { out, emit } = setup();
    const error = { name: 'RequestError', code: 'ECONNRESET', message: 'socket hang up' };

    emit('retry', { attempt: 1, elapsedMs: 10, retry: 1, retriesLeft: 1, error });
    emit('poll:end', { attempt: 1, elapsedMs: 20, durationMs: 20, verdict: 'transient', error });
    emit('backoff', { attempt: 1, elapsedMs: 20, delayMs: 1_000, reason: 'strategy' });
    emit('poll:end', {
      attempt: 2,
      elapsedMs: 1_100,
      durationMs: 5,
      verdict: 'success',
      state: 'OK',
    });
    emit('settled', { attempt: 2, elapsedMs: 1_100, outcome: 'succeeded', state: 'OK' });

    expect(out.lines()).toEqual(['job-1  succeeded after 1.1s (OK, 2 polls, 1 poll error)']);
  });

  it('prints retries, failed polls and delays when verbose', () => {
    const { out, emit } = setup({ verbose: true });
    const error = { name: 'RequestError', code: 'ECONNRESET', message: 'socket hang up' };

    emit('retry', { attempt: 1, elapsedMs: 10, retry: 1, retriesLeft: 1, error });
    emit('poll:end', { attempt: 1, elapsedMs: 20, durationMs: 20, verdict: 'transient', error });
    emit('backoff', { attempt: 1, elapsedMs: 20, delayMs: 2_000, reason: 'retry-after' });

    expect(out.lines()).toEqual([
      'job-1  retry 1 of poll 1, 1 left: socket hang up [ECONNRESET]',
      'job-1  poll 1 failed (transient): socket hang up [ECONNRESET]',
      'job-1  next poll in 2.0s (retry-after)',
    ]);
  });

  it('keeps the jobs of one waiter apart', () => {
    const out = captureStream();
    const waiter = new EventEmitter();
    consoleReporter({ stream: out.stream, env: NO_ENV }).attach(waiter);
    const base = { kind: 'k', seq: 1, time: '', durationMs: 1, verdict: 'pending' };

    waiter.emit('poll:end', { ...base, jobId: 'a', attempt: 1, elapsedMs: 100, state: 'RUNNING' });
    waiter.emit('poll:end', { ...base, jobId: 'b', attempt: 1, elapsedMs: 200, state: 'RUNNING' });
    waiter.emit('poll:end', { ...base, jobId: 'a', attempt: 2, elapsedMs: 300, state: 'RUNNING' });

    expect(out.lines()).toEqual(['a  RUNNING at 0.1s', 'b  RUNNING at 0.2s']);
  });
});

describe('consoleReporter control characters', () => {
  const ATTACK = 'x\n\u001b]0;pwned\u0007\u001b[2Jjobwait: fake line\u009b31m';
  const SHOWN = 'x\\n\\u001b]0;pwned\\u0007\\u001b[2Jjobwait: fake line\\u009b31m';

  it('escapes control characters in states, details and reasons when a server sends them', () => {
    const { out, emit } = setup();

    emit('poll:end', {
      attempt: 1,
      elapsedMs: 1_000,
      durationMs: 5,
      verdict: 'pending',
      state: `RUN\u001b[2J`,
      detail: `sub\r\njobs`,
    });
    emit('settled', {
      attempt: 2,
      elapsedMs: 2_000,
      outcome: 'failed',
      state: 'FAIL',
      ...{ providerCode: 'ELB\u0007', reason: ATTACK },
    });

    expect(out.lines()).toEqual([
      'job-1  RUN\\u001b[2J at 1.0s (sub\\r\\njobs)',
      `job-1  failed after 2.0s: ELB\\u0007: ${SHOWN} (FAIL, sub\\r\\njobs, 2 polls)`,
    ]);
  });

  it('escapes control characters in error messages and codes when verbose', () => {
    const { out, emit } = setup({ verbose: true });
    const error = { name: 'ElbHttpError', code: 'ERR\u001b', message: ATTACK };

    emit('retry', { attempt: 1, elapsedMs: 10, retry: 1, retriesLeft: 1, error });
    emit('poll:end', { attempt: 1, elapsedMs: 20, durationMs: 20, verdict: 'fatal', error });
    emit('settled', { attempt: 1, elapsedMs: 20, outcome: 'failed', error });

    expect(out.lines()).toEqual([
      `job-1  retry 1 of poll 1, 1 left: ${SHOWN} [ERR\\u001b]`,
      `job-1  poll 1 failed (fatal): ${SHOWN} [ERR\\u001b]`,
      `job-1  failed after 0.0s: ${SHOWN} [ERR\\u001b] (1 poll, 1 poll error)`,
    ]);
  });

  it('keeps its own colour codes and escapes the ones in the text when colour is on', () => {
    const out = captureStream({ isTTY: true });
    const { waiter, emit } = fakeWaiter();
    consoleReporter({ stream: out.stream, env: NO_ENV, mode: 'plain' }).attach(waiter);

    emit('state:change', { attempt: 1, elapsedMs: 1, to: '\u001b[31mRED', observation: {} });

    expect(out.text()).toBe(
      '\u001b[2mjob-1\u001b[22m  \u001b[1m\\u001b[31mRED\u001b[22m at 0.0s\n',
    );
  });
});

describe('consoleReporter durations', () => {
  it('prints 0.0s for a negative elapsed time and ? for one that is not finite', () => {
    const { out, waiter } = setup();
    const base = { jobId: 'job-1', kind: 'k', seq: 1, time: '', observation: {} };

    waiter.emit('state:change', { ...base, attempt: 1, elapsedMs: -40, to: 'A' });
    waiter.emit('state:change', { ...base, attempt: 2, elapsedMs: NaN, to: 'B' });

    expect(out.lines()).toEqual(['job-1  A at 0.0s', 'job-1  B at ?']);
  });
});

describe('consoleReporter colours', () => {
  const ESC = '\u001b[';

  function printOnce(options: { isTTY: boolean; env: Record<string, string>; color?: boolean }) {
    const out = captureStream({ isTTY: options.isTTY });
    const { waiter, emit } = fakeWaiter();
    const reporter = consoleReporter({
      stream: out.stream,
      mode: 'plain',
      env: options.env,
      color: options.color,
    });
    reporter.attach(waiter);
    emit('settled', { attempt: 1, elapsedMs: 1, outcome: 'succeeded', state: 'DONE' });

    return out.text();
  }

  it('colours the output when the stream is a TTY and NO_COLOR is unset', () => {
    expect(printOnce({ isTTY: true, env: {} })).toBe(
      '\u001b[2mjob-1\u001b[22m  \u001b[32msucceeded\u001b[39m after 0.0s (DONE, 1 poll)\n',
    );
  });

  it('writes no ANSI codes when NO_COLOR is set', () => {
    expect(printOnce({ isTTY: true, env: { NO_COLOR: '1' } })).not.toContain(ESC);
  });

  it('colours the output when NO_COLOR is empty', () => {
    expect(printOnce({ isTTY: true, env: { NO_COLOR: '' } })).toContain(ESC);
  });

  it('writes no ANSI codes when the stream is not a TTY', () => {
    expect(printOnce({ isTTY: false, env: {} })).not.toContain(ESC);
  });

  it('follows an explicit color option over the stream and NO_COLOR', () => {
    expect(printOnce({ isTTY: false, env: { NO_COLOR: '1' }, color: true })).toContain(ESC);
    expect(printOnce({ isTTY: true, env: {}, color: false })).not.toContain(ESC);
  });
});

describe('consoleReporter failures', () => {
  it('does not throw into the waiter when the stream write throws, and stops writing', () => {
    let calls = 0;
    const stream = {
      write: () => {
        calls += 1;
        throw new Error('EPIPE');
      },
    };
    const { waiter, emit } = fakeWaiter();
    consoleReporter({ stream, env: NO_ENV }).attach(waiter);

    expect(() => {
      emit('state:change', { attempt: 1, elapsedMs: 1, to: 'A', observation: {} });
      emit('state:change', { attempt: 2, elapsedMs: 2, to: 'B', observation: {} });
    }).not.toThrow();
    expect(calls).toBe(1);
  });

  it('stops writing after the stream emits an error, without an unhandled error', () => {
    const out = captureStream();
    const { waiter, emit } = fakeWaiter();
    consoleReporter({ stream: out.stream, env: NO_ENV }).attach(waiter);

    emit('state:change', { attempt: 1, elapsedMs: 1, to: 'A', observation: {} });
    out.stream.emit('error', new Error('EPIPE'));
    emit('state:change', { attempt: 2, elapsedMs: 2, to: 'B', observation: {} });

    expect(out.lines()).toEqual(['job-1  A at 0.0s']);
  });

  it('does not throw into the waiter when an event is malformed', () => {
    const out = captureStream();
    const waiter = new EventEmitter();
    consoleReporter({ stream: out.stream, env: NO_ENV }).attach(waiter);

    expect(() => waiter.emit('settled', null)).not.toThrow();
  });

  it('throws a TypeError naming the option when the stream cannot be written', () => {
    expect(() => consoleReporter({ stream: {} as never })).toThrow(
      new TypeError('Expected option `stream` to be a writable stream'),
    );
  });

  it.each([
    [{ color: 'no' }, 'Expected option `color` to be a boolean, got "no"'],
    [{ color: 0 }, 'Expected option `color` to be a boolean, got 0'],
    [{ verbose: 'yes' }, 'Expected option `verbose` to be a boolean, got "yes"'],
    [{ env: null }, 'Expected option `env` to be an object, got null'],
    [{ env: [] }, 'Expected option `env` to be an object, got array'],
    [{ stream: null }, 'Expected option `stream` to be a writable stream'],
    [{ colour: false }, 'Unknown option `colour`'],
    [{ redact: 'hunter2' }, 'Expected option `redact` to be an array of strings, got string'],
    [{ redact: [''] }, 'Expected option `redact[0]` to be a non-empty string, got an empty string'],
  ])('throws a TypeError naming the option when given %j', (options, message) => {
    expect(() => consoleReporter(options as never)).toThrow(new TypeError(message));
  });

  it.each([
    [null, 'null'],
    [[], 'array'],
    ['hunter2', 'string'],
  ])('throws a TypeError naming its kind when the options are %j', (options, kind) => {
    expect(() => consoleReporter(options as never)).toThrow(
      new TypeError(`Expected the options to be an object, got ${kind}`),
    );
  });

  it('prints each secret of `redact` as [redacted], wherever the server echoed it', () => {
    const token = 'MIIE-t0ken/value';
    const out = captureStream();
    const { waiter, emit } = fakeWaiter();
    consoleReporter({ stream: out.stream, env: NO_ENV, mode: 'plain', redact: [token] }).attach(
      waiter,
    );

    emit('state:change', { attempt: 1, elapsedMs: 1_000, to: 'RUNNING', detail: token });
    emit('settled', {
      attempt: 2,
      elapsedMs: 2_000,
      outcome: 'failed',
      state: 'FAIL',
      providerCode: 'ELB.1009',
      reason: `bad token=${encodeURIComponent(token)}`,
      error: { name: 'JobFailedError', message: `Job failed: ${token}` },
    });

    expect(out.text()).not.toContain('t0ken');
    expect(out.lines()).toEqual([
      'job-1  RUNNING at 1.0s ([redacted])',
      'job-1  failed after 2.0s: ELB.1009: bad token=[redacted] (FAIL, [redacted], 2 polls)',
    ]);
  });

  it('throws a TypeError when attached to something that is not an emitter', () => {
    expect(() => consoleReporter().attach({} as never)).toThrow(TypeError);
  });
});

describe('consoleReporter detach', () => {
  it('removes every listener it added, including its stream error listener', () => {
    const out = captureStream();
    const { waiter, emit } = fakeWaiter();
    const errorListenersBefore = out.stream.listenerCount('error');
    const detach = consoleReporter({ stream: out.stream, env: NO_ENV }).attach(waiter);

    expect(waiter.eventNames()).toHaveLength(6);

    detach();
    detach();
    emit('state:change', { attempt: 1, elapsedMs: 1, to: 'A', observation: {} });

    expect(waiter.eventNames()).toEqual([]);
    expect(out.stream.listenerCount('error')).toBe(errorListenersBefore);
    expect(out.text()).toBe('');
  });
});
