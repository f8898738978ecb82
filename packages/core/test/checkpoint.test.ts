import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { constantBackoff } from '../src/backoff/constant.js';
import type { WaitCheckpoint } from '../src/checkpoint.js';
import { NotFoundError, WaitTimeoutError } from '../src/errors.js';
import type { Verdict } from '../src/verdict.js';
import { Waiter, waitFor } from '../src/waiter.js';
import {
  classifyJob,
  eventsNamed,
  ok,
  recordEvents,
  scripted,
  type Job,
  type Step,
} from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

const options = { timeoutMs: 60_000, backoff: constantBackoff({ delayMs: 1_000 }) };
const missing: Step = async () => {
  throw Object.assign(new Error('no such job'), { status: 404 });
};
const classifyMissing = (outcome: Parameters<typeof classifyJob>[0]): Verdict =>
  outcome.ok ? classifyJob(outcome) : { type: 'not-found' };

/**
 * Runs a wait on `steps` until `atMs`, takes its checkpoint, aborts it, and returns the
 * checkpoint as another process would read it back: through JSON text.
 */
async function checkpointAt(steps: Step[], atMs: number, extra = {}): Promise<WaitCheckpoint> {
  const controller = new AbortController();
  const handle = new Waiter<Job>({ ...options, ...extra }).start(scripted(steps), {
    signal: controller.signal,
  });

  await jest.advanceTimersByTimeAsync(atMs);
  const text = JSON.stringify(handle.checkpoint());
  controller.abort();
  await handle.settled;

  return JSON.parse(text) as WaitCheckpoint;
}

describe('WaitHandle.checkpoint', () => {
  it('describes the wait as plain JSON when taken mid-wait', async () => {
    const checkpoint = await checkpointAt([ok('INIT'), ok('RUNNING')], 2_500);

    expect(checkpoint).toEqual({
      version: 1,
      job: { id: 'job-1', kind: 'test' },
      startedAt: '1970-01-01T00:00:00.000Z',
      deadline: '1970-01-01T00:01:00.000Z',
      takenAt: '1970-01-01T00:00:02.500Z',
      attempts: 3,
      streaks: { success: 0, notFound: 0, unknown: 0, transient: 0 },
      state: 'RUNNING',
      previousDelayMs: 1_000,
      history: [
        { state: 'INIT', attempt: 1, elapsedMs: 0, time: '1970-01-01T00:00:00.000Z' },
        { state: 'RUNNING', attempt: 2, elapsedMs: 1_000, time: '1970-01-01T00:00:01.000Z' },
      ],
    });
  });

  it("carries the source's reference fields, with its own id and kind winning", async () => {
    const source = {
      ...scripted([ok('RUNNING')]),
      reference: () => ({ projectId: 'p-1', region: 'eu-de', id: 'other' }),
    };
    const handle = new Waiter<Job>(options).start(source);

    expect(handle.checkpoint().job).toEqual({
      projectId: 'p-1',
      region: 'eu-de',
      id: 'job-1',
      kind: 'test',
    });
    await jest.advanceTimersByTimeAsync(60_000);
    await handle.settled;
  });

  it('throws a TypeError when the source reference is not an object', async () => {
    const source = { ...scripted([ok('RUNNING')]), reference: () => 'p-1' as never };
    const handle = new Waiter<Job>(options).start(source);

    expect(() => handle.checkpoint()).toThrow(
      new TypeError("Expected the job source's reference() to return an object, got string"),
    );
    await jest.advanceTimersByTimeAsync(60_000);
    await handle.settled;
  });
});

describe('WaitHandle.checkpoint, given an odd reference', () => {
  it.each([
    ['a toJSON of its own', () => ({ region: 'eu-de', toJSON: () => ({ zone: 'a' }) })],
    ['a value JSON turns into null', () => ({ region: 'eu-de', weight: Number.NaN })],
  ])('keeps the id and kind when the reference has %s', async (_, reference) => {
    const source = { ...scripted([ok('RUNNING')]), reference };
    const handle = new Waiter<Job>(options).start(source);

    const { job } = handle.checkpoint();

    expect(job).toMatchObject({ id: 'job-1', kind: 'test' });
    await jest.advanceTimersByTimeAsync(60_000);
    await handle.settled;
  });

  it('throws a TypeError with the cause when the reference is cyclic', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const throwing = { ...scripted([ok('RUNNING')]), reference: () => cyclic as never };
    const handle = new Waiter<Job>(options).start(throwing);

    expect(() => handle.checkpoint()).toThrow(TypeError);
    expect(() => handle.checkpoint()).toThrow(
      "Expected the job source's reference() to return plain JSON",
    );
    await jest.advanceTimersByTimeAsync(60_000);
    await handle.settled;
  });
});

describe('Waiter.wait with resumeFrom', () => {
  it('goes on with the attempts, history and elapsed time of the checkpoint', async () => {
    const checkpoint = await checkpointAt([ok('INIT'), ok('RUNNING')], 2_500);
    await jest.advanceTimersByTimeAsync(10_000);
    const source = scripted([ok('RUNNING'), ok('DONE')]);
    const waiter = new Waiter<Job>(options);
    const events = recordEvents(waiter);

    const waited = waiter.wait(source, { resumeFrom: checkpoint });
    await jest.advanceTimersByTimeAsync(1_000);

    await expect(waited).resolves.toMatchObject({
      attempts: 5,
      elapsedMs: 13_500,
      state: 'DONE',
      history: [{ state: 'INIT' }, { state: 'RUNNING' }, { state: 'DONE', attempt: 5 }],
    });
    expect(source.calls.map((call) => call.attempt)).toEqual([4, 5]);
    expect(source.startedAt).toEqual([12_500, 13_500]);
    expect(eventsNamed(events, 'wait:start')[0]).toMatchObject({
      resumed: true,
      timeoutMs: 60_000,
      elapsedMs: 12_500,
      deadline: '1970-01-01T00:01:00.000Z',
    });
    expect(eventsNamed(events, 'state:change')).toEqual([
      expect.objectContaining({ from: 'RUNNING', to: 'DONE' }),
    ]);
  });

  it('keeps the deadline of the checkpoint rather than its own timeout', async () => {
    const checkpoint = await checkpointAt([ok('RUNNING')], 2_500);
    const waiter = new Waiter<Job>({ ...options, timeoutMs: 600_000 });

    const waited = waiter.wait(scripted([ok('RUNNING')]), { resumeFrom: checkpoint });
    const rejection = expect(waited).rejects.toBeInstanceOf(WaitTimeoutError);
    await jest.advanceTimersByTimeAsync(57_500);

    await rejection;
    await expect(waited).rejects.toMatchObject({ timeoutMs: 60_000, elapsedMs: 60_000 });
  });

  it('carries the not-found streak over, counting the polls of both processes', async () => {
    const checkpoint = await checkpointAt([missing], 1_500, {
      classify: classifyMissing,
      maxNotFound: 3,
    });
    expect(checkpoint.streaks.notFound).toBe(2);
    const waiter = new Waiter<Job>({ ...options, classify: classifyMissing, maxNotFound: 3 });

    const waited = waiter.wait(scripted([missing]), { resumeFrom: checkpoint });
    const rejection = expect(waited).rejects.toBeInstanceOf(NotFoundError);
    await jest.advanceTimersByTimeAsync(1_000);

    await rejection;
    await expect(waited).rejects.toMatchObject({ consecutiveNotFound: 4, attempts: 4 });
  });

  it.each([
    ['before its start', '1969-12-31T23:00:00.000Z', 'got -3600000 ms'],
    ['beyond what a timer holds', '1970-02-01T00:00:00.000Z', 'got 2678400000 ms'],
  ])('throws a RangeError when the deadline is %s', async (_, deadline, got) => {
    const checkpoint = await checkpointAt([ok('RUNNING')], 500);
    const source = scripted([ok('DONE')]);

    const waited = new Waiter<Job>(options).wait(source, {
      resumeFrom: { ...checkpoint, deadline },
    });

    await expect(waited).rejects.toThrow(
      new RangeError(
        'Expected `resumeFrom.deadline` to come after `resumeFrom.startedAt` by at most ' +
          `2147483647 ms, ${got}`,
      ),
    );
    expect(source.calls).toHaveLength(0);
  });

  it('keeps only the most recent 100 entries of a longer history', async () => {
    const checkpoint = await checkpointAt([ok('RUNNING')], 500);
    const entry = (attempt: number) => ({ ...checkpoint.history[0]!, attempt });
    const history = Array.from({ length: 250 }, (_, index) => entry(index + 1));
    const waiter = new Waiter<Job>(options);

    const waited = waiter.wait(scripted([ok('DONE')]), { resumeFrom: { ...checkpoint, history } });
    await jest.advanceTimersByTimeAsync(0);

    const { history: kept } = await waited;
    expect(kept).toHaveLength(100);
    expect(kept[0]!.attempt).toBe(152);
    expect(kept.at(-1)).toMatchObject({ state: 'DONE' });
  });

  it('can be given to waitFor as well', async () => {
    const checkpoint = await checkpointAt([ok('RUNNING')], 1_500);

    const waited = waitFor(scripted([ok('DONE')]), { ...options, resumeFrom: checkpoint });
    await jest.advanceTimersByTimeAsync(0);

    await expect(waited).resolves.toMatchObject({ attempts: 3, state: 'DONE' });
  });

  it('resumes from a checkpoint whose strategy answered a delay that is not finite', async () => {
    const controller = new AbortController();
    const endless = { nextDelay: () => Number.POSITIVE_INFINITY };
    const first = new Waiter<Job>({ ...options, backoff: endless, maxDelayMs: 1_000 });
    const handle = first.start(scripted([ok('RUNNING')]), { signal: controller.signal });
    await jest.advanceTimersByTimeAsync(1_500);
    const checkpoint = JSON.parse(JSON.stringify(handle.checkpoint())) as WaitCheckpoint;
    controller.abort();
    await handle.settled;

    const waited = new Waiter<Job>(options).wait(scripted([ok('DONE')]), {
      resumeFrom: checkpoint,
    });
    await jest.advanceTimersByTimeAsync(0);

    expect(checkpoint).not.toHaveProperty('previousDelayMs');
    await expect(waited).resolves.toMatchObject({ state: 'DONE' });
  });

  it('times out without polling when the deadline has already passed', async () => {
    const checkpoint = await checkpointAt([ok('RUNNING')], 1_500);
    await jest.advanceTimersByTimeAsync(120_000);
    const source = scripted([ok('DONE')]);

    const waited = new Waiter<Job>(options).wait(source, { resumeFrom: checkpoint });
    const rejection = expect(waited).rejects.toBeInstanceOf(WaitTimeoutError);
    await jest.advanceTimersByTimeAsync(0);

    await rejection;
    expect(source.calls).toHaveLength(0);
  });

  it('throws a TypeError before any poll when the checkpoint is of another job', async () => {
    const checkpoint = await checkpointAt([ok('RUNNING')], 500);
    const source = scripted([ok('DONE')], { id: 'job-2' });

    await expect(new Waiter<Job>(options).wait(source, { resumeFrom: checkpoint })).rejects.toThrow(
      new TypeError(
        'Expected option `resumeFrom` to be a checkpoint of "test" job "job-2", ' +
          'got one of "test" job "job-1"',
      ),
    );
    expect(source.calls).toHaveLength(0);
  });

  it.each([
    ['resumeFrom', null, 'an object, got null'],
    ['resumeFrom.version', { version: 2 }, 'the number 1, got 2'],
    ['resumeFrom.attempts', { attempts: -1 }, 'a whole number >= 0, got -1'],
    ['resumeFrom.deadline', { deadline: 'soon' }, 'an ISO 8601 time, got "soon"'],
    ['resumeFrom.streaks.transient', { streaks: { transient: 1.5 } }, 'a whole number >= 0'],
    ['resumeFrom.history[0].state', { history: [{ state: 7 }] }, 'a string, got 7'],
    ['resumeFrom.startedAt', { startedAt: 'Dec 31 2000' }, 'an ISO 8601 time'],
    ['resumeFrom.takenAt', { takenAt: 42 }, 'an ISO 8601 time, got 42'],
  ])('throws a TypeError naming `%s` when it is invalid', async (name, change, expected) => {
    const checkpoint = await checkpointAt([ok('RUNNING')], 500);
    const broken =
      change === null ? null : { ...checkpoint, ...change, streaks: { ...checkpoint.streaks } };
    if (broken !== null && change !== null && 'streaks' in change)
      Object.assign(broken.streaks, change.streaks);
    const source = scripted([ok('DONE')]);

    const waited = new Waiter<Job>(options).wait(source, { resumeFrom: broken as never });

    await expect(waited).rejects.toThrow(`Expected \`${name}\` to be ${expected}`);
    expect(source.calls).toHaveLength(0);
  });
});
