import { EventEmitter } from 'node:events';

import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import {
  consoleReporter,
  type ConsoleReporterOptions,
} from '../../src/console/console-reporter.js';
import { FakeTerminal } from './fake-terminal.js';

/** One frame of the `dots` spinner, the redraw interval of the live block. */
const FRAME_MS = 80;

/** Emits waiter events for any job of one emitter, with the envelope filled in. */
function jobs(emitter: EventEmitter, kind = 'elb-classic') {
  let seq = 0;

  return (jobId: string, name: string, fields: Record<string, unknown> & { elapsedMs: number }) => {
    seq += 1;
    emitter.emit(name, { jobId, kind, attempt: 1, seq, time: '', ...fields });
  };
}

function setup(
  terminal = new FakeTerminal(),
  options: Omit<ConsoleReporterOptions, 'stream'> = {},
) {
  const waiter = new EventEmitter();
  const detach = consoleReporter({ stream: terminal, env: {}, ...options }).attach(waiter);

  return { terminal, waiter, emit: jobs(waiter), detach };
}

function running(elapsedMs: number, done: number) {
  return {
    elapsedMs,
    durationMs: 5,
    verdict: 'pending',
    state: 'RUNNING',
    detail: `sub-jobs ${done}/2`,
  };
}

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('consoleReporter live mode', () => {
  it('draws one line per job and redraws it in place when the stream is a TTY', () => {
    const { terminal, emit } = setup();

    emit('job-1', 'wait:start', { elapsedMs: 0, timeoutMs: 600_000, deadline: '' });
    expect(terminal.lines()).toEqual(['⠋ job-1  elb-classic  waiting  0.0s of 10m']);

    emit('job-1', 'poll:end', running(3_100, 0));
    jest.advanceTimersByTime(FRAME_MS);
    expect(terminal.lines()).toEqual(['⠙ job-1  elb-classic  RUNNING  3.2s of 10m  sub-jobs 0/2']);

    emit('job-1', 'poll:end', running(6_000, 1));
    jest.advanceTimersByTime(2 * FRAME_MS);
    expect(terminal.lines()).toEqual(['⠸ job-1  elb-classic  RUNNING  6.2s of 10m  sub-jobs 1/2']);
    expect(terminal.cursorVisible).toBe(false);
  });

  it('leaves the final line above the block and clears the timer when the last job ends', () => {
    const { terminal, emit } = setup(new FakeTerminal({ columns: 100 }));

    emit('job-a', 'wait:start', { elapsedMs: 0, timeoutMs: 60_000, deadline: '' });
    emit('job-b', 'wait:start', { elapsedMs: 0, timeoutMs: 60_000, deadline: '' });
    emit('job-a', 'poll:end', running(1_000, 1));
    emit('job-a', 'settled', {
      elapsedMs: 2_000,
      outcome: 'failed',
      state: 'FAIL',
      ...{ providerCode: 'ELB.1009', reason: 'Insufficient quota' },
    });

    expect(terminal.lines()).toEqual([
      '✖ job-a  failed after 2.0s: ELB.1009: Insufficient quota (FAIL, sub-jobs 1/2, 1 poll)',
      '⠋ job-b  elb-classic  waiting  0.0s of 1m',
    ]);
    expect(jest.getTimerCount()).toBe(1);

    emit('job-b', 'settled', { elapsedMs: 3_000, outcome: 'succeeded', state: 'SUCCESS' });

    expect(terminal.lines()).toEqual([
      '✖ job-a  failed after 2.0s: ELB.1009: Insufficient quota (FAIL, sub-jobs 1/2, 1 poll)',
      '✔ job-b  succeeded after 3.0s (SUCCESS, 1 poll)',
    ]);
    expect(terminal.cursorVisible).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('redraws at most once per spinner frame when events come faster', () => {
    const { terminal, emit } = setup();

    emit('job-1', 'wait:start', { elapsedMs: 0, timeoutMs: 600_000, deadline: '' });
    const writesAfterStart = terminal.writes.length;
    for (let done = 0; done < 100; done += 1) emit('job-1', 'poll:end', running(done, done));

    expect(terminal.writes).toHaveLength(writesAfterStart);

    jest.advanceTimersByTime(FRAME_MS);

    expect(terminal.writes).toHaveLength(writesAfterStart + 1);
    expect(terminal.lines()).toEqual(['⠙ job-1  elb-classic  RUNNING  0.2s of 10m  sub-jobs 99/2']);
  });

  it('keeps 50 concurrent jobs within the rows and columns of the terminal', () => {
    const { terminal, emit } = setup(new FakeTerminal({ columns: 60, rows: 10 }));
    const ids = Array.from({ length: 50 }, (_, i) => `job-${String(i).padStart(2, '0')}-long-id`);

    for (const id of ids)
      emit(id, 'wait:start', { elapsedMs: 0, timeoutMs: 600_000, deadline: '' });
    for (const [i, id] of ids.entries()) emit(id, 'poll:end', running(100 * i, i % 3));
    jest.advanceTimersByTime(10 * FRAME_MS);

    expect(terminal.wrapped).toBe(0);
    expect(terminal.lines()).toHaveLength(9);
    expect(terminal.lines()[0]).toBe('⠋ job-00-long-id  elb-classic  RUNNING  0.8s of 10m  sub-j…');
    expect(terminal.lines().at(-1)).toBe('  +42 more jobs');

    for (const id of ids) {
      emit(id, 'settled', { elapsedMs: 10_000, outcome: 'succeeded', state: 'SUCCESS' });
      jest.advanceTimersByTime(FRAME_MS);
    }

    const maxRowsInOneWrite = Math.max(...terminal.writes.map((w) => w.split('\n').length - 1));
    expect(maxRowsInOneWrite).toBeLessThanOrEqual(9);
    // Only the final lines are longer than a row; the terminal wraps each of them once.
    expect(terminal.wrapped).toBe(50);
    expect(terminal.offscreen).toBe(0);
    expect(terminal.lines()).toEqual(
      ids.map((id, i) => `✔ ${id}  succeeded after 10.0s (SUCCESS, sub-jobs ${i % 3}/2, 1 poll)`),
    );
    expect(jest.getTimerCount()).toBe(0);
  });

  it('cuts a line that is wider than the terminal and ends it with an ellipsis', () => {
    const { terminal, emit } = setup(new FakeTerminal({ columns: 30 }));

    emit('job-1', 'poll:end', { ...running(1_000, 1), detail: 'x'.repeat(100) });

    expect(terminal.lines()).toEqual(['⠋ job-1  elb-classic  RUNNIN…']);
    expect(terminal.wrapped).toBe(0);
  });

  it('shows the block of a job it first sees after the wait began', () => {
    const { terminal, emit } = setup();

    emit('job-9', 'backoff', { elapsedMs: 1_500, delayMs: 1_000, reason: 'strategy' });

    expect(terminal.lines()).toEqual(['⠋ job-9  elb-classic  waiting  1.5s']);
  });

  it('writes verbose lines above the block, where they stay', () => {
    const terminal = new FakeTerminal();
    const { emit } = setup(terminal, { verbose: true });
    const error = { name: 'RequestError', code: 'ECONNRESET', message: 'socket hang up' };

    emit('job-1', 'wait:start', { elapsedMs: 0, timeoutMs: 600_000, deadline: '' });
    emit('job-1', 'poll:end', { elapsedMs: 20, durationMs: 20, verdict: 'transient', error });

    expect(terminal.lines()).toEqual([
      '  job-1  poll 1 failed (transient): socket hang up [ECONNRESET]',
      '⠋ job-1  elb-classic  waiting  0.0s of 10m',
    ]);
  });

  it('escapes control characters in the live line when a server sends them', () => {
    const { terminal, emit } = setup();

    emit('job-1', 'poll:end', {
      ...running(1_000, 0),
      state: 'RUN\u001b[2J',
      detail: 'a\u001b]0;pwned\u0007',
    });

    expect(terminal.lines()).toEqual([
      '⠋ job-1  elb-classic  RUN\\u001b[2J  1.0s  a\\u001b]0;pwned\\u0007',
    ]);
  });
});

describe('consoleReporter live mode detach', () => {
  it('leaves a line per unfinished job, shows the cursor and leaves no timer', () => {
    const { terminal, waiter, emit, detach } = setup();

    emit('job-1', 'wait:start', { elapsedMs: 0, timeoutMs: 600_000, deadline: '' });
    emit('job-1', 'poll:end', running(1_000, 1));
    emit('job-2', 'wait:start', { elapsedMs: 0, timeoutMs: 600_000, deadline: '' });
    jest.advanceTimersByTime(5 * FRAME_MS);

    detach();
    detach();

    expect(terminal.lines()).toEqual([
      '  job-1  still RUNNING at 1.4s (sub-jobs 1/2)',
      '  job-2  still waiting at 0.4s',
    ]);
    expect(terminal.cursorVisible).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    expect(waiter.eventNames()).toEqual([]);
    expect(terminal.listenerCount('error')).toBe(0);
  });

  it('shares one block among a reporter’s waiters and keeps it until the last detaches', () => {
    const terminal = new FakeTerminal();
    const reporter = consoleReporter({ stream: terminal, env: {} });
    const [first, second] = [new EventEmitter(), new EventEmitter()];
    const detachFirst = reporter.attach(first);
    const detachSecond = reporter.attach(second);

    jobs(first)('job-a', 'poll:end', running(1_000, 0));
    jobs(second)('job-b', 'poll:end', running(2_000, 1));
    jest.advanceTimersByTime(FRAME_MS);

    expect(terminal.lines()).toEqual([
      '⠙ job-a  elb-classic  RUNNING  1.1s  sub-jobs 0/2',
      '⠙ job-b  elb-classic  RUNNING  2.1s  sub-jobs 1/2',
    ]);
    expect(terminal.listenerCount('error')).toBe(1);

    detachFirst();

    expect(terminal.lines()).toEqual([
      '  job-a  still RUNNING at 1.1s (sub-jobs 0/2)',
      '⠙ job-b  elb-classic  RUNNING  2.1s  sub-jobs 1/2',
    ]);
    expect(jest.getTimerCount()).toBe(1);

    detachSecond();

    expect(terminal.lines()).toEqual([
      '  job-a  still RUNNING at 1.1s (sub-jobs 0/2)',
      '  job-b  still RUNNING at 2.1s (sub-jobs 1/2)',
    ]);
    expect(terminal.listenerCount('error')).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    expect(terminal.offscreen).toBe(0);
  });

  it('starts no timer and writes nothing when detached before any event', () => {
    const { terminal, detach } = setup();

    detach();

    expect(terminal.writes).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('consoleReporter live mode failures', () => {
  it('stops drawing and clears its timer when a write throws, without breaking the wait', () => {
    let calls = 0;
    const terminal = new FakeTerminal();
    terminal.write = () => {
      calls += 1;
      throw new Error('EIO');
    };
    const { emit } = setup(terminal);

    expect(() => {
      emit('job-1', 'wait:start', { elapsedMs: 0, timeoutMs: 600_000, deadline: '' });
      jest.advanceTimersByTime(10 * FRAME_MS);
      emit('job-1', 'settled', { elapsedMs: 900, outcome: 'succeeded', state: 'OK' });
    }).not.toThrow();
    expect(calls).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops drawing and clears its timer after the stream emits an error', () => {
    const { terminal, emit } = setup();

    emit('job-1', 'wait:start', { elapsedMs: 0, timeoutMs: 600_000, deadline: '' });
    terminal.emit('error', new Error('EPIPE'));
    const writes = terminal.writes.length;
    jest.advanceTimersByTime(10 * FRAME_MS);

    expect(terminal.writes).toHaveLength(writes);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('consoleReporter live mode timer', () => {
  it('unrefs its timer, so that it never keeps the process alive', () => {
    jest.useRealTimers();
    const setIntervalSpy = jest.spyOn(globalThis, 'setInterval');
    const { emit, detach } = setup();

    try {
      emit('job-1', 'wait:start', { elapsedMs: 0, timeoutMs: 600_000, deadline: '' });
      const timer = setIntervalSpy.mock.results[0]?.value as NodeJS.Timeout;

      expect(setIntervalSpy).toHaveBeenCalledTimes(1);
      expect(setIntervalSpy.mock.calls[0]?.[1]).toBe(FRAME_MS);
      expect(timer.hasRef()).toBe(false);
    } finally {
      detach();
      setIntervalSpy.mockRestore();
    }
  });
});
