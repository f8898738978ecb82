import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { constantBackoff } from '../src/backoff/constant.js';
import { JobFailedError, UnexpectedStateError } from '../src/errors.js';
import type { JobSource } from '../src/job-source.js';
import type { Classifier } from '../src/verdict.js';
import { Waiter } from '../src/waiter.js';
import { classifyJob, ok, recordEvents, scripted, track, type Job } from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

const everySecond = { backoff: constantBackoff({ delayMs: 1_000 }) };

describe('Waiter', () => {
  it('resolves with the observation, its figures and its history on success', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const source = scripted([ok('INIT'), ok('RUNNING'), ok('DONE', { progress: '3/3' })]);
    const waited = track(waiter.wait(source));

    await jest.advanceTimersByTimeAsync(2_000);
    await waited.done;

    expect(waited.value).toEqual({
      jobId: 'job-1',
      kind: 'test',
      observation: { status: 'DONE', progress: '3/3' },
      state: 'DONE',
      attempts: 3,
      elapsedMs: 2_000,
      history: [
        { state: 'INIT', attempt: 1, elapsedMs: 0, time: '1970-01-01T00:00:00.000Z' },
        { state: 'RUNNING', attempt: 2, elapsedMs: 1_000, time: '1970-01-01T00:00:01.000Z' },
        { state: 'DONE', attempt: 3, elapsedMs: 2_000, time: '1970-01-01T00:00:02.000Z' },
      ],
    });
    expect(source.startedAt).toEqual([0, 1_000, 2_000]);
  });

  it('polls at once when initialDelayMs is 0, and after it otherwise', async () => {
    const atOnce = scripted([ok('DONE')]);
    const later = scripted([ok('DONE')]);

    const first = track(new Waiter<Job>().wait(atOnce));
    const second = track(new Waiter<Job>({ initialDelayMs: 1_500 }).wait(later));
    await first.done;
    expect(atOnce.calls).toHaveLength(1);
    expect(later.calls).toHaveLength(0);

    await jest.advanceTimersByTimeAsync(1_500);
    await second.done;
    expect(later.startedAt).toEqual([1_500]);
    expect(second.value).toMatchObject({ attempts: 1, elapsedMs: 1_500 });
  });

  it('rejects with JobFailedError holding code, reason and observation when it fails', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const failed = { status: 'FAIL', code: 'ELB.1009', reason: 'quota exceeded' };
    const waited = track(waiter.wait(scripted([ok('RUNNING'), async () => failed])));

    await jest.advanceTimersByTimeAsync(1_000);
    await waited.done;

    expect(waited.error).toBeInstanceOf(JobFailedError);
    expect(waited.error).toMatchObject({
      code: 'ERR_JOB_FAILED',
      jobId: 'job-1',
      kind: 'test',
      state: 'FAIL',
      providerCode: 'ELB.1009',
      reason: 'quota exceeded',
      attempts: 2,
      elapsedMs: 1_000,
      message: 'Job job-1 failed: ELB.1009: quota exceeded',
    });
    expect((waited.error as JobFailedError).observation).toBe(failed);
  });

  it('gives each poll the next attempt number and its own signal when it polls again', async () => {
    const source = scripted([ok('RUNNING'), ok('RUNNING'), ok('DONE')]);
    const waited = track(new Waiter<Job>(everySecond).wait(source));

    await jest.advanceTimersByTimeAsync(2_000);
    await waited.done;

    expect(source.calls.map((call) => call.attempt)).toEqual([1, 2, 3]);
    expect(new Set(source.calls.map((call) => call.signal)).size).toBe(3);
  });

  it('uses the classify option when the source has its own classify too', async () => {
    const classify = jest.fn<Classifier<Job>>(() => ({ type: 'success', state: 'MINE' }));
    const source = scripted([ok('RUNNING')]);
    const waited = track(new Waiter<Job>({ classify }).wait(source));

    await waited.done;

    expect(waited.value).toMatchObject({ state: 'MINE', attempts: 1 });
    expect(classify).toHaveBeenCalledWith({ ok: true, value: { status: 'RUNNING' } });
  });

  it('uses the source classify when no classify option is given', async () => {
    const classify = jest.fn(classifyJob);
    const source = { ...scripted([ok('DONE')]), classify };

    await expect(new Waiter<Job>().wait(source)).resolves.toMatchObject({ state: 'DONE' });
    expect(classify).toHaveBeenCalledTimes(1);
  });

  it('rejects with UnexpectedStateError when the verdict on an observation is fatal', async () => {
    const classify: Classifier<Job> = () => ({ type: 'fatal' });
    const waited = track(new Waiter<Job>({ classify }).wait(scripted([ok('GARBLED')])));

    await waited.done;

    expect(waited.error).toBeInstanceOf(UnexpectedStateError);
    expect(waited.error).toMatchObject({
      attempts: 1,
      state: undefined,
      observation: { status: 'GARBLED' },
    });
  });

  it('keeps attempts and sequences apart when several waits run at once', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const events = recordEvents(waiter);
    const quick = track(waiter.wait(scripted([ok('RUNNING'), ok('DONE')], { id: 'a' })));
    const slow = track(
      waiter.wait(scripted([ok('RUNNING'), ok('RUNNING'), ok('DONE')], { id: 'b' })),
    );

    await jest.advanceTimersByTimeAsync(2_000);
    await Promise.all([quick.done, slow.done]);

    expect(quick.value).toMatchObject({ jobId: 'a', attempts: 2, elapsedMs: 1_000 });
    expect(slow.value).toMatchObject({ jobId: 'b', attempts: 3, elapsedMs: 2_000 });
    for (const id of ['a', 'b']) {
      const seqs = events.filter((event) => event.jobId === id).map((event) => event.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
  });

  it('starts with fresh counters when a wait follows another', async () => {
    const waiter = new Waiter<Job>({ ...everySecond, maxUnknown: 1 });
    const first = track(waiter.wait(scripted([ok('ODD'), ok('DONE')])));
    await jest.advanceTimersByTimeAsync(1_000);
    await first.done;

    const second = track(waiter.wait(scripted([ok('ODD'), ok('DONE')])));
    await jest.advanceTimersByTimeAsync(1_000);
    await second.done;

    expect(first.value).toMatchObject({ attempts: 2, elapsedMs: 1_000 });
    expect(second.value).toMatchObject({ attempts: 2, elapsedMs: 1_000 });
  });

  describe('wait', () => {
    const poll = jest.fn(async () => ({ status: 'DONE' }));
    const classify = classifyJob;

    it.each<[string, unknown]>([
      ['no source', undefined],
      ['a null source', null],
      ['no id', { kind: 'test', poll, classify }],
      ['an empty id', { id: '', kind: 'test', poll, classify }],
      ['a numeric id', { id: 42, kind: 'test', poll, classify }],
      ['no kind', { id: 'job-1', poll, classify }],
      ['no poll', { id: 'job-1', kind: 'test', classify }],
      ['a poll that is not a function', { id: 'job-1', kind: 'test', poll: 'GET', classify }],
      ['no classify anywhere', { id: 'job-1', kind: 'test', poll }],
    ])('rejects with a TypeError before any poll or event when given %s', async (_, source) => {
      const waiter = new Waiter<Job>();
      const events = recordEvents(waiter);

      await expect(waiter.wait(source as JobSource<Job>)).rejects.toThrow(TypeError);
      expect(poll).not.toHaveBeenCalled();
      expect(events).toEqual([]);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('names what is missing when it rejects with a TypeError', async () => {
      const waiter = new Waiter<Job>();

      await expect(waiter.wait({ kind: 'test', poll } as never)).rejects.toThrow(
        'Expected the job source to have a non-empty string `id`',
      );
      await expect(waiter.wait({ id: 'job-1', kind: 'test', poll })).rejects.toThrow(
        'Expected option `classify`, since the job source has no `classify` of its own',
      );
    });

    it.each<[string, unknown]>([
      ['a plain object', { aborted: false, addEventListener: () => {} }],
      ['an AbortController', new AbortController()],
      ['null', null],
    ])('rejects with a TypeError before any poll when the signal is %s', async (_, signal) => {
      const waiter = new Waiter<Job>();
      const source = scripted([ok('DONE')]);
      const events = recordEvents(waiter);

      await expect(waiter.wait(source, { signal: signal as AbortSignal })).rejects.toThrow(
        new TypeError('Expected option `signal` to be an AbortSignal'),
      );
      expect(source.calls).toHaveLength(0);
      expect(events).toEqual([]);
    });

    it('returns a rejected promise rather than throwing when the source is bad', () => {
      const waiting = new Waiter<Job>().wait(null as never);

      expect(waiting).toBeInstanceOf(Promise);
      return expect(waiting).rejects.toThrow(TypeError);
    });
  });
});
