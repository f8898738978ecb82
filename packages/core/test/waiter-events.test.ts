import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { constantBackoff } from '../src/backoff/constant.js';
import { WAITER_EVENT_NAMES } from '../src/events.js';
import { Waiter } from '../src/waiter.js';
import {
  after,
  fail,
  names,
  networkError,
  offsetClock,
  ok,
  recordEvents,
  scripted,
  track,
  type Job,
} from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const iso = (elapsedMs: number) => new Date(T0 + elapsedMs).toISOString();
const envelope = (seq: number, attempt: number, elapsedMs: number) => ({
  jobId: 'job-7',
  kind: 'test',
  seq,
  attempt,
  elapsedMs,
  time: iso(elapsedMs),
});

describe('Waiter', () => {
  it('emits the exact events, timed by the injected clock, when a wait succeeds', async () => {
    const waiter = new Waiter<Job>({
      clock: offsetClock(T0),
      timeoutMs: 60_000,
      initialDelayMs: 500,
      backoff: constantBackoff({ delayMs: 1_000 }),
    });
    const events = recordEvents(waiter);
    const running = { status: 'RUNNING', progress: '0/2' };
    const done = { status: 'DONE', progress: '2/2' };
    const source = scripted([after(200, async () => running), after(200, async () => done)], {
      id: 'job-7',
    });
    const waited = track(waiter.wait(source));

    await jest.advanceTimersByTimeAsync(1_900);
    await waited.done;

    expect(events).toEqual([
      { name: 'wait:start', ...envelope(1, 0, 0), timeoutMs: 60_000, deadline: iso(60_000) },
      { name: 'backoff', ...envelope(2, 0, 0), delayMs: 500, reason: 'initial' },
      { name: 'poll:start', ...envelope(3, 1, 500) },
      {
        name: 'poll:end',
        ...envelope(4, 1, 700),
        durationMs: 200,
        verdict: 'pending',
        state: 'RUNNING',
        detail: '0/2',
      },
      {
        name: 'state:change',
        ...envelope(5, 1, 700),
        to: 'RUNNING',
        detail: '0/2',
        observation: running,
      },
      {
        name: 'backoff',
        ...envelope(6, 1, 700),
        delayMs: 1_000,
        reason: 'strategy',
        verdict: 'pending',
      },
      { name: 'poll:start', ...envelope(7, 2, 1_700) },
      {
        name: 'poll:end',
        ...envelope(8, 2, 1_900),
        durationMs: 200,
        verdict: 'success',
        state: 'DONE',
        detail: '2/2',
      },
      {
        name: 'state:change',
        ...envelope(9, 2, 1_900),
        from: 'RUNNING',
        to: 'DONE',
        detail: '2/2',
        observation: done,
      },
      {
        name: 'settled',
        ...envelope(10, 2, 1_900),
        outcome: 'succeeded',
        state: 'DONE',
        observation: done,
      },
    ]);
    expect(waited.value).toMatchObject({ elapsedMs: 1_900 });
  });

  it('numbers the events 1..n without gaps when a wait has retries and failed polls', async () => {
    const waiter = new Waiter<Job>({
      backoff: constantBackoff({ delayMs: 1_000 }),
      pollRetries: 1,
      pollRetryDelayMs: 10,
    });
    const events = recordEvents(waiter);
    const e = fail(networkError());
    const source = scripted([ok('INIT'), e, e, ok('RUNNING'), ok('RUNNING'), e, ok('DONE')]);
    const waited = track(waiter.wait(source));

    await jest.advanceTimersByTimeAsync(10_000);
    await waited.done;

    expect(events.map((event) => event.seq)).toEqual(events.map((_, i) => i + 1));
    expect(names(events)).toEqual([
      'wait:start',
      ...['poll:start', 'poll:end', 'state:change', 'backoff'],
      ...['poll:start', 'retry', 'poll:end', 'backoff'],
      ...['poll:start', 'poll:end', 'state:change', 'backoff'],
      ...['poll:start', 'poll:end', 'backoff'],
      ...['poll:start', 'retry', 'poll:end', 'state:change'],
      'settled',
    ]);
    expect(waited.value).toMatchObject({ attempts: 5 });
  });

  it('reports the error summary and no state on poll:end when a poll fails', async () => {
    const waiter = new Waiter<Job>({ pollRetries: 0, backoff: constantBackoff({ delayMs: 1 }) });
    const events = recordEvents(waiter);
    const waited = track(waiter.wait(scripted([fail(networkError('reset by peer')), ok('DONE')])));

    await jest.advanceTimersByTimeAsync(100);
    await waited.done;

    const [failed] = events.filter((event) => event.name === 'poll:end');
    expect(failed).toEqual({
      name: 'poll:end',
      jobId: 'job-1',
      kind: 'test',
      seq: 3,
      attempt: 1,
      elapsedMs: 0,
      time: '1970-01-01T00:00:00.000Z',
      durationMs: 0,
      verdict: 'transient',
      error: { name: 'Error', code: 'ECONNRESET', message: 'reset by peer' },
    });
  });

  it('lists in WAITER_EVENT_NAMES every event a wait with retries emits', async () => {
    const waiter = new Waiter<Job>({
      initialDelayMs: 10,
      backoff: constantBackoff({ delayMs: 1 }),
    });
    const events = recordEvents(waiter);
    const waited = track(waiter.wait(scripted([fail(networkError()), ok('RUNNING'), ok('DONE')])));

    await jest.advanceTimersByTimeAsync(1_000);
    await waited.done;

    const emitted = new Set(events.map((event) => event.name));
    expect([...emitted].sort()).toEqual([...WAITER_EVENT_NAMES].sort());
    expect(Object.isFrozen(WAITER_EVENT_NAMES)).toBe(true);
  });

  it('puts the provider code and reason on the settled event when the job fails', async () => {
    const waiter = new Waiter<Job>({ backoff: constantBackoff({ delayMs: 1_000 }) });
    const events = recordEvents(waiter);
    const failed = { status: 'FAIL', code: 'ELB.1009', reason: 'CreateIPTask-fail' };
    const waited = track(waiter.wait(scripted([ok('RUNNING'), ok('FAIL', failed)])));

    await jest.advanceTimersByTimeAsync(2_000);
    await waited.done;

    expect(events.at(-1)).toMatchObject({
      name: 'settled',
      outcome: 'failed',
      state: 'FAIL',
      providerCode: 'ELB.1009',
      reason: 'CreateIPTask-fail',
      observation: failed,
    });
  });

  it('emits state:change only when the state differs from the last one seen', async () => {
    const waiter = new Waiter<Job>({ backoff: constantBackoff({ delayMs: 1_000 }) });
    const events = recordEvents(waiter);
    const steps = [ok('INIT'), ok('INIT'), ok('RUNNING'), ok('RUNNING'), ok('DONE')];
    const waited = track(waiter.wait(scripted(steps)));

    await jest.advanceTimersByTimeAsync(4_000);
    await waited.done;

    const changes = events.filter((event) => event.name === 'state:change');
    expect(changes.map(({ from, to, attempt }) => ({ from, to, attempt }))).toEqual([
      { from: undefined, to: 'INIT', attempt: 1 },
      { from: 'INIT', to: 'RUNNING', attempt: 3 },
      { from: 'RUNNING', to: 'DONE', attempt: 5 },
    ]);
    expect(changes[0]).not.toHaveProperty('from');
  });

  it('emits nothing more when the wait has settled', async () => {
    const waiter = new Waiter<Job>({ timeoutMs: 1_000 });
    const events = recordEvents(waiter);
    const waited = track(waiter.wait(scripted([ok('RUNNING')])));

    await jest.advanceTimersByTimeAsync(1_000);
    await waited.done;
    const count = events.length;
    await jest.advanceTimersByTimeAsync(120_000);

    expect(events).toHaveLength(count);
    expect(events.at(-1)).toMatchObject({ name: 'settled', outcome: 'timedOut' });
  });
});
