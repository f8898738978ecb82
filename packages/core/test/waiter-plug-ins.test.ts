import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import type { BackoffContext, BackoffStrategy } from '../src/backoff/backoff-strategy.js';
import { constantBackoff } from '../src/backoff/constant.js';
import { PollFailedError } from '../src/errors.js';
import type { JobSource } from '../src/job-source.js';
import type { Classifier } from '../src/verdict.js';
import { Waiter } from '../src/waiter.js';
import {
  classifyJob,
  fail,
  networkError,
  ok,
  recordEvents,
  track,
  type Job,
  startWait,
  eventsNamed,
} from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

/** A classifier that answers `verdict` whatever it is given, as a buggy one would. */
const answering = (verdict: unknown) => (() => verdict) as unknown as Classifier<Job>;

/** A strategy that answers `delay` whatever it is asked, as a buggy one would. */
const delaying = (delay: unknown): BackoffStrategy => ({ nextDelay: () => delay as number });

const INVALID = 'The classifier returned an invalid verdict: ';
const TYPES =
  '"pending", "success", "failure", "not-found", "unknown", "transient", "throttled", "fatal"';

describe('Waiter', () => {
  describe('a classifier that returns an invalid verdict', () => {
    it('rejects at once with a TypeError naming the type when it is misspelt', async () => {
      const { events, source, waited } = startWait([ok('DONE')], {
        classify: answering({ type: 'succes' }),
        timeoutMs: 60_000,
      });

      // Nothing but the first poll's own work may run: no backoff, no deadline.
      await jest.advanceTimersByTimeAsync(0);

      const message = `${INVALID}expected \`type\` to be one of ${TYPES}, got "succes"`;
      expect(waited.settled).toBe(true);
      expect(waited.error).toEqual(new TypeError(message));
      expect(source.calls).toHaveLength(1);
      expect(eventsNamed(events, 'poll:end')).toEqual([
        expect.objectContaining({ verdict: 'fatal' }),
      ]);
      expect(events.at(-1)).toMatchObject({
        name: 'settled',
        outcome: 'failed',
        elapsedMs: 0,
        error: { name: 'TypeError', message },
      });
      expect(waited.timersAtSettle).toBe(0);
    });

    it.each<[string, unknown, string]>([
      ['undefined', undefined, 'undefined'],
      ['null', null, 'null'],
      ['a string', 'success', '"success"'],
    ])('rejects at once with a TypeError naming what it got when it is %s', async (_, v, got) => {
      const { source, waited } = startWait([ok('DONE')], { classify: answering(v) });

      await waited.done;

      expect(waited.error).toEqual(
        new TypeError(`${INVALID}expected an object with a \`type\`, got ${got}`),
      );
      expect(source.calls).toHaveLength(1);
    });

    it('rejects at once when a throttled verdict has a non-number retryAfterMs', async () => {
      const { waited } = startWait([fail(new Error('429'))], {
        classify: answering({ type: 'throttled', retryAfterMs: '5000' }),
      });

      await waited.done;

      expect(waited.error).toEqual(
        new TypeError(`${INVALID}expected \`retryAfterMs\` to be a number, got "5000"`),
      );
    });
  });

  describe('a thrown null-prototype object', () => {
    it('rejects with the object and summarizes it when the classifier throws it', async () => {
      const bug: unknown = Object.create(null);
      const classify: Classifier<Job> = () => {
        throw bug;
      };
      const { events, waited } = startWait([ok('DONE')], { classify });

      await waited.done;

      expect(waited.error).toBe(bug);
      expect(events.at(-1)).toMatchObject({
        name: 'settled',
        outcome: 'failed',
        error: { name: 'object', message: '[object Object]' },
      });
      expect(waited.timersAtSettle).toBe(0);
    });

    it('rejects with the object itself when the poll throws it and it is fatal', async () => {
      const thrown = Object.create(null) as object;
      const { events, waited } = startWait([fail(thrown)]);

      await waited.done;

      expect(waited.error).toBe(thrown);
      expect(eventsNamed(events, 'poll:end')[0]).toMatchObject({
        verdict: 'fatal',
        error: { name: 'object', message: '[object Object]' },
      });
    });

    it('rejects with PollFailedError caused by the object when it keeps failing', async () => {
      const thrown = Object.create(null) as object;
      const classify: Classifier<Job> = (outcome) =>
        outcome.ok ? classifyJob(outcome) : { type: 'transient' };
      const { waited } = startWait([fail(thrown)], {
        classify,
        pollRetries: 0,
        maxTransientPolls: 1,
      });

      await jest.advanceTimersByTimeAsync(1_000);
      await waited.done;

      expect(waited.error).toBeInstanceOf(PollFailedError);
      expect((waited.error as PollFailedError).message).toBe(
        'Polling job job-1 failed 2 times in a row; last error: [object Object]',
      );
      expect((waited.error as PollFailedError).cause).toBe(thrown);
    });
  });

  describe('a backoff that answers something other than a delay', () => {
    it.each<[string, unknown]>([
      ['undefined', undefined],
      ['null', null],
      ['a string', '1000'],
      ['NaN', Number.NaN],
      ['an object', {}],
    ])('polls again after minDelayMs when it answers %s', async (_, delay) => {
      const { events, source, waited } = startWait([ok('RUNNING'), ok('DONE')], {
        backoff: delaying(delay),
        minDelayMs: 200,
        timeoutMs: 60_000,
      });

      await jest.advanceTimersByTimeAsync(200);
      await waited.done;

      expect(source.startedAt).toEqual([0, 200]);
      expect(eventsNamed(events, 'backoff')).toEqual([
        expect.objectContaining({ delayMs: 200, reason: 'strategy', verdict: 'pending' }),
      ]);
      expect(waited.value).toMatchObject({ state: 'DONE', attempts: 2, elapsedMs: 200 });
    });

    it('polls again after maxDelayMs when it answers Infinity', async () => {
      const { source, waited } = startWait([ok('RUNNING'), ok('DONE')], {
        backoff: delaying(Number.POSITIVE_INFINITY),
        maxDelayMs: 5_000,
      });

      await jest.advanceTimersByTimeAsync(5_000);
      await waited.done;

      expect(source.startedAt).toEqual([0, 5_000]);
    });

    it('hands it no previousDelayMs when its last answer was not a number', async () => {
      const answers: unknown[] = [undefined, 300, 300];
      const contexts: BackoffContext[] = [];
      const backoff: BackoffStrategy = {
        nextDelay: (context) => {
          contexts.push(context);
          return answers.shift() as number;
        },
      };
      const { waited } = startWait([ok('RUNNING'), ok('RUNNING'), ok('RUNNING'), ok('DONE')], {
        backoff,
        minDelayMs: 100,
      });

      await jest.advanceTimersByTimeAsync(700);
      await waited.done;

      expect(contexts.map((context) => context.previousDelayMs)).toEqual([
        undefined,
        undefined,
        300,
      ]);
      expect(waited.value).toMatchObject({ attempts: 4, elapsedMs: 700 });
    });
  });

  describe('a Retry-After hint that is not finite', () => {
    it('holds Infinity to maxDelayMs, reason retry-after, when a verdict carries it', async () => {
      const classify: Classifier<Job> = (outcome) =>
        outcome.ok
          ? classifyJob(outcome)
          : { type: 'throttled', retryAfterMs: Number.POSITIVE_INFINITY };
      const { events, source, waited } = startWait([fail(new Error('429')), ok('DONE')], {
        classify,
        maxDelayMs: 20_000,
      });

      await jest.advanceTimersByTimeAsync(20_000);
      await waited.done;

      expect(source.startedAt).toEqual([0, 20_000]);
      expect(eventsNamed(events, 'backoff')[0]).toMatchObject({
        delayMs: 20_000,
        reason: 'retry-after',
      });
    });

    it('keeps the strategy delay when a verdict carries NaN', async () => {
      const classify: Classifier<Job> = (outcome) =>
        outcome.ok ? classifyJob(outcome) : { type: 'throttled', retryAfterMs: Number.NaN };
      const { source, waited } = startWait([fail(new Error('429')), ok('DONE')], { classify });

      await jest.advanceTimersByTimeAsync(1_000);
      await waited.done;

      expect(source.startedAt).toEqual([0, 1_000]);
    });
  });

  describe('a job source whose poll does not return a promise', () => {
    it('resolves with the observation when poll returns it as a plain value', async () => {
      const statuses = ['RUNNING', 'DONE'];
      const source: JobSource<Job> = {
        id: 'job-1',
        kind: 'test',
        classify: classifyJob,
        poll: ({ attempt }) => ({ status: statuses[attempt - 1]! }),
      };
      const waiter = new Waiter<Job>({ backoff: constantBackoff({ delayMs: 1_000 }) });
      const waited = track(waiter.wait(source));

      await jest.advanceTimersByTimeAsync(1_000);
      await waited.done;

      expect(waited.value).toMatchObject({
        observation: { status: 'DONE' },
        attempts: 2,
        elapsedMs: 1_000,
      });
      expect(waited.timersAtSettle).toBe(0);
    });

    it('classifies the exception when poll throws synchronously', async () => {
      let calls = 0;
      const source: JobSource<Job> = {
        id: 'job-1',
        kind: 'test',
        classify: classifyJob,
        poll: () => {
          calls += 1;
          if (calls === 1) throw networkError();
          return { status: 'DONE' };
        },
      };
      const waiter = new Waiter<Job>({ pollRetries: 1, pollRetryDelayMs: 100 });
      const events = recordEvents(waiter);
      const waited = track(waiter.wait(source));

      await jest.advanceTimersByTimeAsync(100);
      await waited.done;

      expect(eventsNamed(events, 'retry')).toEqual([
        expect.objectContaining({
          retry: 1,
          error: expect.objectContaining({ code: 'ECONNRESET' }),
        }),
      ]);
      expect(waited.value).toMatchObject({ state: 'DONE', attempts: 1, elapsedMs: 100 });
    });
  });
});

describe('Waiter with a clock that breaks', () => {
  /** The global (fake) timers, with a `now` that fails once `broken` is set. */
  function breakableClock(failure: () => number) {
    const state = { broken: false };
    const clock = {
      now: () => (state.broken ? failure() : Date.now()),
      setTimeout: (callback: () => void, delayMs: number) => setTimeout(callback, delayMs),
      clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };

    return { clock, state };
  }

  it.each([
    [
      'throws',
      () => (): number => {
        throw new Error('clock broke');
      },
    ],
    ['answers NaN', () => (): number => Number.NaN],
  ])('settles once and leaves no timer when now() %s after an abort', async (_, make) => {
    const { clock, state } = breakableClock(make());
    const controller = new AbortController();
    const waiter = new Waiter<Job>({ clock, timeoutMs: 60_000, classify: classifyJob });
    const events = recordEvents(waiter);
    const source = { id: 'job-1', kind: 'test', poll: () => new Promise<Job>(() => {}) };
    const waited = track(waiter.wait(source, { signal: controller.signal }), controller.signal);

    await jest.advanceTimersByTimeAsync(50);
    state.broken = true;
    controller.abort('stop');
    await waited.done;

    // The clock was last read when the poll started, at 0: time stands still from there.
    expect(waited.error).toMatchObject({ code: 'ERR_WAIT_ABORTED', elapsedMs: 0 });
    expect(eventsNamed(events, 'settled')).toEqual([
      expect.objectContaining({ outcome: 'aborted', elapsedMs: 0 }),
    ]);
    expect(waited.timersAtSettle).toBe(0);
    expect(waited.listenersAtSettle).toBe(0);
  });

  it('rejects before any poll when now() answers a time no Date can hold', async () => {
    const clock = { ...breakableClock(() => 0).clock, now: () => 1e16 + Date.now() };
    const poll = jest.fn(async (): Promise<Job> => ({ status: 'DONE' }));
    const waiter = new Waiter<Job>({ clock, classify: classifyJob });
    waiter.on('settled', () => {});

    await expect(waiter.wait({ id: 'job-1', kind: 'test', poll })).rejects.toThrow(
      'Expected clock.now() to return a time in ms since the epoch',
    );
    expect(poll).not.toHaveBeenCalled();
  });

  it('settles when clearTimeout throws as an abort ends the sleep between polls', async () => {
    const { clock } = breakableClock(() => 0);
    const failing = {
      ...clock,
      clearTimeout: () => {
        throw new Error('cannot clear');
      },
    };
    const controller = new AbortController();
    const waiter = new Waiter<Job>({ clock: failing, classify: classifyJob });
    const source = { id: 'job-1', kind: 'test', poll: async () => ({ status: 'RUNNING' }) };
    const waited = track(waiter.wait(source, { signal: controller.signal }));

    await jest.advanceTimersByTimeAsync(50);
    controller.abort('stop');
    await waited.done;

    expect(waited.error).toMatchObject({ code: 'ERR_WAIT_ABORTED', attempts: 1 });
  });

  it('rejects before any poll when now() answers a non-finite number at the start', async () => {
    const clock = { ...breakableClock(() => 0).clock, now: () => Number.NaN };
    const poll = jest.fn(async (): Promise<Job> => ({ status: 'DONE' }));
    const waiter = new Waiter<Job>({ clock, classify: classifyJob });

    await expect(waiter.wait({ id: 'job-1', kind: 'test', poll })).rejects.toThrow(
      new TypeError('Expected clock.now() to return a time in ms since the epoch, got NaN'),
    );
    expect(poll).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });
});
