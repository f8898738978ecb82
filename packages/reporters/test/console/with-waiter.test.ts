import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { Waiter, constantBackoff } from '@jobwait/core';
import { scriptedSource, virtualClock } from '@jobwait/core/testing';

import {
  consoleReporter,
  type ConsoleReporterOptions,
} from '../../src/console/console-reporter.js';
import { captureStream, classifyTestJob as classify, type TestJob as Job } from '../helpers.js';
import { FakeTerminal } from './fake-terminal.js';

/**
 * Starts a wait on virtual time: each poll of the scripted job takes one second to answer, and
 * the next one follows a millisecond later.
 */
function start(script: Job[], reporter: ConsoleReporterOptions) {
  const clock = virtualClock();
  const source = scriptedSource<Job>({
    id: 'job-7',
    clock,
    classify,
    script: script.map((job) => ({ value: job, latencyMs: 1_000 })),
  });
  const waiter = new Waiter<Job>({
    clock,
    minDelayMs: 1,
    backoff: constantBackoff({ delayMs: 0 }),
  });
  const detach = consoleReporter({ env: {}, ...reporter }).attach(waiter);

  return { clock, detach, waiter, wait: waiter.wait(source) };
}

/** Runs a wait to its end, printing plain lines. */
function run(script: Job[]) {
  const out = captureStream();
  const { clock, detach, waiter, wait } = start(script, { stream: out.stream });

  return { out, detach, waiter, done: clock.runUntilSettled(wait) };
}

describe('consoleReporter with a core Waiter', () => {
  it('prints the progress and the success of a real wait', async () => {
    const { out, detach, done } = run([
      { status: 'INIT' },
      { status: 'RUNNING', done: 0 },
      { status: 'RUNNING', done: 0 },
      { status: 'RUNNING', done: 1 },
      { status: 'SUCCESS', done: 2 },
    ]);

    await expect(done).resolves.toMatchObject({ attempts: 5 });
    detach();

    expect(out.lines()).toEqual([
      'job-7  waiting for scripted job, timeout 10m',
      'job-7  INIT at 1.0s',
      'job-7  RUNNING at 2.0s (sub-jobs 0/2)',
      'job-7  RUNNING at 4.0s (sub-jobs 1/2)',
      'job-7  succeeded after 5.0s (SUCCESS, sub-jobs 2/2, 5 polls)',
    ]);
  });

  it('prints the failure of a real wait and leaves no listener after detach', async () => {
    const { out, detach, waiter, done } = run([
      { status: 'RUNNING', done: 1 },
      { status: 'FAIL', done: 1, code: 'ELB.1009', reason: 'Insufficient quota' },
    ]);

    await expect(done).rejects.toMatchObject({ code: 'ERR_JOB_FAILED', providerCode: 'ELB.1009' });
    detach();

    expect(out.lines().slice(0, -1)).toEqual([
      'job-7  waiting for scripted job, timeout 10m',
      'job-7  RUNNING at 1.0s (sub-jobs 1/2)',
    ]);
    expect(out.lines().at(-1)).toMatch(
      new RegExp(
        '^job-7 {2}failed after 2\\.0s: .*ELB\\.1009: Insufficient quota.* ' +
          '\\(FAIL, sub-jobs 1/2, 2 polls\\)$',
      ),
    );
    expect(waiter.eventNames()).toEqual([]);
  });
});

/** The reporter's spinner runs on Jest's fake timers, moved on by hand between polls. */
describe('consoleReporter live mode with a core Waiter', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('redraws the job line as the wait goes on and leaves the final line at its end', async () => {
    const terminal = new FakeTerminal();
    const { clock, detach, waiter, wait } = start(
      [
        { status: 'INIT' },
        { status: 'RUNNING', done: 0 },
        { status: 'RUNNING', done: 1 },
        { status: 'SUCCESS', done: 2 },
      ],
      { stream: terminal },
    );

    await clock.advance(0);
    expect(terminal.lines()).toEqual(['⠋ job-7  scripted  waiting  0.0s of 10m']);

    await clock.advance(2_500);
    jest.advanceTimersByTime(80);
    expect(terminal.lines()).toEqual(['⠙ job-7  scripted  RUNNING  2.1s of 10m  sub-jobs 0/2']);
    expect(terminal.cursorVisible).toBe(false);

    await expect(clock.runUntilSettled(wait)).resolves.toMatchObject({ attempts: 4 });

    expect(terminal.lines()).toEqual([
      '✔ job-7  succeeded after 4.0s (SUCCESS, sub-jobs 2/2, 4 polls)',
    ]);
    expect(terminal.cursorVisible).toBe(true);
    expect(jest.getTimerCount()).toBe(0);

    detach();

    expect(waiter.eventNames()).toEqual([]);
    expect(terminal.lines()).toHaveLength(1);
  });
});
