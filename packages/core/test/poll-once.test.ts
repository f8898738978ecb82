import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { systemClock } from '../src/clock.js';
import { PollTimeoutError } from '../src/errors.js';
import type { JobSource, PollContext } from '../src/job-source.js';
import { pollOnce, type PollOnceOptions } from '../src/poll-once.js';
import type { Classifier } from '../src/verdict.js';
import {
  after,
  classifyJob,
  deaf,
  fail,
  hang,
  manualClock,
  networkError,
  ok,
  scripted,
  track,
  type Job,
  type Step,
} from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

function setup(steps: Step[], overrides: Partial<PollOnceOptions<Job>> = {}) {
  const controller = new AbortController();
  const source = scripted(steps);
  const onRetry = jest.fn<PollOnceOptions<Job>['onRetry']>();
  const options: PollOnceOptions<Job> = {
    attempt: 3,
    signal: controller.signal,
    pollTimeoutMs: 1_000,
    retries: 2,
    retryDelayMs: 250,
    clock: systemClock,
    classify: classifyJob,
    onRetry,
    ...overrides,
  };
  const polled = track(pollOnce(source, options));

  return { controller, source, onRetry, polled };
}

/** Polls once, without retries, a source whose `poll` is `poll` itself. */
function pollWith(poll: JobSource<Job>['poll']) {
  return pollOnce(
    { id: 'job-1', kind: 'test', poll },
    {
      attempt: 1,
      signal: new AbortController().signal,
      pollTimeoutMs: 1_000,
      retries: 0,
      retryDelayMs: 0,
      clock: systemClock,
      classify: classifyJob,
      onRetry: () => {},
    },
  );
}

const alwaysFatal: Classifier<Job> = () => ({ type: 'fatal' });
const errorsTransient: Classifier<Job> = (outcome) =>
  outcome.ok ? classifyJob(outcome) : { type: 'transient' };

describe('pollOnce', () => {
  it('returns the observation and its verdict when the poll answers', async () => {
    const { controller, source, onRetry, polled } = setup([ok('RUNNING', { progress: '1/2' })]);

    await polled.done;

    expect(polled.value).toEqual({
      outcome: { ok: true, value: { status: 'RUNNING', progress: '1/2' } },
      verdict: { type: 'pending', state: 'RUNNING', detail: '1/2' },
    });
    expect(source.calls).toEqual([{ attempt: 3, signal: expect.any(AbortSignal) }]);
    expect(source.calls[0]!.signal).not.toBe(controller.signal);
    expect(source.calls[0]!.signal.aborted).toBe(false);
    expect(onRetry).not.toHaveBeenCalled();
    expect(polled.timersAtSettle).toBe(0);
  });

  it('retries after 250 then 500 ms and reports each when a transient error recurs', async () => {
    const first = networkError('first');
    const second = networkError('second');
    const { source, onRetry, polled } = setup([fail(first), fail(second), ok('DONE')]);

    await jest.advanceTimersByTimeAsync(749);
    expect(source.calls).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    await polled.done;

    expect(source.startedAt).toEqual([0, 250, 750]);
    expect(source.calls.map((call) => call.attempt)).toEqual([3, 3, 3]);
    expect(new Set(source.calls.map((call) => call.signal)).size).toBe(3);
    expect(onRetry.mock.calls).toEqual([
      [1, 1, first],
      [2, 0, second],
    ]);
    expect(polled.value?.verdict).toEqual({ type: 'success', state: 'DONE' });
    expect(polled.timersAtSettle).toBe(0);
  });

  it('returns the last error as transient when the in-poll retries run out', async () => {
    const errors = [networkError('1'), networkError('2'), networkError('3')];
    const { source, onRetry, polled } = setup(errors.map(fail));

    await jest.advanceTimersByTimeAsync(750);
    await polled.done;

    expect(source.calls).toHaveLength(3);
    expect(onRetry).toHaveBeenCalledTimes(2);
    expect(polled.value).toEqual({
      outcome: { ok: false, error: errors[2] },
      verdict: { type: 'transient' },
    });
  });

  it('makes one request and returns that same error when the error is fatal', async () => {
    const error = new Error('401 Unauthorized');
    const { source, onRetry, polled } = setup([fail(error), ok('DONE')]);

    await polled.done;

    expect(source.calls).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect(polled.value?.outcome).toEqual({ ok: false, error });
    expect((polled.value?.outcome as { error: unknown }).error).toBe(error);
    expect(polled.value?.verdict).toEqual({ type: 'fatal' });
  });

  it('makes one request when the error is throttled, keeping the hint', async () => {
    const classify: Classifier<Job> = () => ({ type: 'throttled', retryAfterMs: 5_000 });
    const { source, polled } = setup([fail(new Error('429')), ok('DONE')], { classify });

    await polled.done;

    expect(source.calls).toHaveLength(1);
    expect(polled.value?.verdict).toEqual({ type: 'throttled', retryAfterMs: 5_000 });
  });

  it('aborts a poll at pollTimeoutMs and calls it transient when classify says fatal', async () => {
    const { source, polled } = setup([hang], { retries: 0, classify: alwaysFatal });

    await jest.advanceTimersByTimeAsync(999);
    expect(polled.settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await polled.done;

    const error = (polled.value?.outcome as { error: PollTimeoutError }).error;
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error.pollTimeoutMs).toBe(1_000);
    expect(polled.value?.verdict).toEqual({ type: 'transient' });
    expect(source.calls[0]!.signal.aborted).toBe(true);
    expect(source.calls[0]!.signal.reason).toBeInstanceOf(PollTimeoutError);
    expect(polled.timersAtSettle).toBe(0);
  });

  it('cuts the poll at pollTimeoutMs when it ignores its signal', async () => {
    const { polled } = setup([deaf], { retries: 0 });

    await jest.advanceTimersByTimeAsync(1_000);
    await polled.done;

    expect(polled.value?.verdict).toEqual({ type: 'transient' });
    expect(polled.timersAtSettle).toBe(0);
  });

  it('retries the request when it timed out and a retry is left', async () => {
    const { source, onRetry, polled } = setup([hang, ok('DONE')], { retries: 1 });

    await jest.advanceTimersByTimeAsync(1_250);
    await polled.done;

    expect(source.startedAt).toEqual([0, 1_250]);
    expect(onRetry).toHaveBeenCalledWith(1, 0, expect.any(PollTimeoutError));
    expect(polled.value?.verdict).toEqual({ type: 'success', state: 'DONE' });
  });

  it('runs the per-poll timeout on the clock when one is injected', async () => {
    const clock = manualClock();
    const { polled } = setup([hang], { retries: 0, clock });

    await Promise.resolve();
    expect(clock.pending).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
    clock.advance(1_000);
    await polled.done;

    expect(polled.value?.verdict).toEqual({ type: 'transient' });
    expect(clock.pending).toBe(0);
  });

  it('makes the exception the fatal outcome when classify throws on a value or error', async () => {
    const bug = new Error('classifier bug');
    const classify: Classifier<Job> = () => {
      throw bug;
    };
    const value = setup([ok('DONE')], { classify });
    const error = setup([fail(networkError())], { classify });

    await Promise.all([value.polled.done, error.polled.done]);

    expect(value.polled.value?.verdict).toEqual({ type: 'fatal' });
    expect(error.polled.value?.verdict).toEqual({ type: 'fatal' });
    expect(value.polled.value?.outcome).toEqual({ ok: false, error: bug });
    expect(error.polled.value?.outcome).toEqual({ ok: false, error: bug });
    expect(error.source.calls).toHaveLength(1);
  });

  it('classifies the error when poll throws synchronously', async () => {
    const error = networkError();
    const result = await pollWith(() => {
      throw error;
    });

    expect(result).toEqual({ outcome: { ok: false, error }, verdict: { type: 'transient' } });
  });

  it('neither retries nor reports a retry when the error is a non-network TypeError', async () => {
    const error = new TypeError('cannot read properties of undefined');
    const { source, onRetry, polled } = setup([fail(error), ok('DONE')], {
      classify: errorsTransient,
    });

    await jest.advanceTimersByTimeAsync(1_000);
    await polled.done;

    expect(source.calls).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect(polled.value).toEqual({ outcome: { ok: false, error }, verdict: { type: 'transient' } });
  });

  it('hands the classifier the value itself when the poll throws a non-Error', async () => {
    const thrown = Object.create(null) as object;
    const classify = jest.fn(errorsTransient);
    const { source, polled } = setup([fail('boom'), fail(thrown), ok('DONE')], { classify });

    await jest.advanceTimersByTimeAsync(750);
    await polled.done;

    expect(source.calls).toHaveLength(3);
    expect(classify.mock.calls.slice(0, 2)).toEqual([
      [{ ok: false, error: 'boom' }],
      [{ ok: false, error: thrown }],
    ]);
    expect(classify.mock.calls[1]![0]).toStrictEqual({ ok: false, error: thrown });
    expect(polled.value?.verdict).toEqual({ type: 'success', state: 'DONE' });
  });

  it('returns the thrown value as fatal outcome when poll throws a bare object', async () => {
    const thrown = Object.create(null) as object;
    const { onRetry, polled } = setup([fail(thrown)]);

    await polled.done;

    expect((polled.value?.outcome as { error: unknown }).error).toBe(thrown);
    expect(polled.value?.verdict).toEqual({ type: 'fatal' });
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('reports the value itself to onRetry when a non-Error is retried', async () => {
    const { onRetry, polled } = setup([fail('flaky'), ok('DONE')], { classify: errorsTransient });

    await jest.advanceTimersByTimeAsync(250);
    await polled.done;

    expect(onRetry.mock.calls).toEqual([[1, 1, 'flaky']]);
  });

  it('makes the exception the fatal outcome when classify throws a bare object', async () => {
    const bug: unknown = Object.create(null);
    const classify: Classifier<Job> = () => {
      throw bug;
    };
    const { polled } = setup([ok('DONE')], { classify });

    await polled.done;

    expect((polled.value?.outcome as { error: unknown }).error).toBe(bug);
    expect(polled.value?.verdict).toEqual({ type: 'fatal' });
  });

  it.each<[string, unknown, string]>([
    ['a misspelt type', { type: 'succes' }, 'expected `type` to be one of'],
    ['undefined', undefined, 'expected an object with a `type`, got undefined'],
    ['null', null, 'expected an object with a `type`, got null'],
    ['a string', 'success', 'expected an object with a `type`, got "success"'],
    ['a bad retryAfterMs', { type: 'throttled', retryAfterMs: '5' }, 'got "5"'],
  ])('makes a TypeError the fatal outcome when classify returns %s', async (_, verdict, text) => {
    const classify = (() => verdict) as unknown as Classifier<Job>;
    const { polled } = setup([ok('DONE')], { classify });

    await polled.done;

    const error = (polled.value?.outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(/^The classifier returned an invalid verdict: /);
    expect((error as TypeError).message).toContain(text);
    expect(polled.value?.verdict).toEqual({ type: 'fatal' });
  });

  it('makes one request when classify returns an invalid verdict for an error', async () => {
    const classify = (() => ({ type: 'transint' })) as unknown as Classifier<Job>;
    const { source, onRetry, polled } = setup([fail(networkError()), ok('DONE')], { classify });

    await jest.advanceTimersByTimeAsync(1_000);
    await polled.done;

    expect(source.calls).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect((polled.value?.outcome as { error: unknown }).error).toEqual(
      expect.objectContaining({
        name: 'TypeError',
        message: expect.stringContaining('"transint"'),
      }),
    );
  });

  it('hands on the checked copy of the verdict when classify returns extra fields', async () => {
    const classify = (() => ({
      type: 'pending',
      state: 'RUNNING',
      detail: undefined,
      note: 'x',
    })) as unknown as Classifier<Job>;
    const { polled } = setup([ok('RUNNING')], { classify });

    await polled.done;

    expect(polled.value?.verdict).toStrictEqual({ type: 'pending', state: 'RUNNING' });
  });

  it('classifies the value when poll returns it without a promise', async () => {
    const result = await pollWith(() => ({ status: 'DONE' }));

    expect(result).toEqual({
      outcome: { ok: true, value: { status: 'DONE' } },
      verdict: { type: 'success', state: 'DONE' },
    });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('classifies the value when poll returns a thenable that is not a promise', async () => {
    const thenable = {
      then(resolve: (job: Job) => void) {
        resolve({ status: 'RUNNING' });
      },
    } as PromiseLike<Job>;

    const result = await pollWith(() => thenable);

    expect(result.verdict).toEqual({ type: 'pending', state: 'RUNNING' });
  });

  it('rejects with the signal reason and aborts the request when aborted mid-request', async () => {
    const reason = new Error('cancelled');
    const { controller, source, onRetry, polled } = setup([hang], { classify: errorsTransient });

    await jest.advanceTimersByTimeAsync(100);
    controller.abort(reason);
    await polled.done;

    expect(polled.error).toBe(reason);
    expect(source.calls).toHaveLength(1);
    expect(source.calls[0]!.signal.reason).toBe(reason);
    expect(onRetry).not.toHaveBeenCalled();
    expect(polled.timersAtSettle).toBe(0);
  });

  it('rejects with the signal reason and clears the timer when aborted mid-delay', async () => {
    const reason = new Error('cancelled');
    const { controller, source, polled } = setup([fail(networkError()), ok('DONE')]);

    await jest.advanceTimersByTimeAsync(100);
    expect(jest.getTimerCount()).toBe(1);
    controller.abort(reason);
    await polled.done;

    expect(polled.error).toBe(reason);
    expect(source.calls).toHaveLength(1);
    expect(polled.timersAtSettle).toBe(0);
  });

  it('makes no request when the signal is already aborted', async () => {
    const reason = new Error('too late');
    const controller = new AbortController();
    controller.abort(reason);
    const { source, polled } = setup([ok('DONE')], { signal: controller.signal });

    await polled.done;

    expect(polled.error).toBe(reason);
    expect(source.calls).toHaveLength(0);
  });

  it('spaces the retry from the end of the failed request when requests are slow', async () => {
    const { source, polled } = setup([after(900, fail(networkError())), after(900, ok('DONE'))]);

    await jest.advanceTimersByTimeAsync(2_050);
    await polled.done;

    expect(source.startedAt).toEqual([0, 1_150]);
    expect(polled.value?.verdict).toEqual({ type: 'success', state: 'DONE' });
  });

  it('leaves Error.stackTraceLimit as it was, for the clock and after the poll', async () => {
    const limit = Error.stackTraceLimit;
    const seen: number[] = [];
    const clock = manualClock();
    const watched = {
      ...clock,
      setTimeout: (callback: () => void, delayMs: number) => {
        seen.push(Error.stackTraceLimit);
        return clock.setTimeout(callback, delayMs);
      },
    };

    const { polled } = setup([ok('DONE')], { clock: watched });
    await polled.done;

    expect(polled.value?.verdict).toEqual({ type: 'success', state: 'DONE' });
    expect(seen).toEqual([limit]);
    expect(Error.stackTraceLimit).toBe(limit);
  });

  it('keeps the stack trace of an error that poll builds and throws', async () => {
    const result = await pollWith(function failingPoll() {
      throw new Error('refused');
    });

    const error = (result.outcome as { error: Error }).error;
    expect(error.message).toBe('refused');
    expect(error.stack).toContain('failingPoll');
  });

  it('gives a poll reading its signal after the timeout one aborted with that error', async () => {
    const contexts: PollContext[] = [];
    const { polled } = setup(
      [
        (context) => {
          contexts.push(context);
          return new Promise(() => {});
        },
      ],
      { retries: 0 },
    );

    await jest.advanceTimersByTimeAsync(1_000);
    await polled.done;

    const { signal } = contexts[0]!;
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(PollTimeoutError);
    expect(polled.value?.verdict).toEqual({ type: 'transient' });
  });

  it('classifies a failed request once to decide on a retry and once for its verdict', async () => {
    const classify = jest.fn<Classifier<Job>>(() => ({ type: 'fatal' }));
    const { source, onRetry, polled } = setup([fail(new Error('403'))], { classify });

    await polled.done;

    expect(source.calls).toHaveLength(1);
    expect(classify).toHaveBeenCalledTimes(2);
    expect(onRetry).not.toHaveBeenCalled();
    expect(polled.value?.verdict).toEqual({ type: 'fatal' });
  });
});
