import { afterEach, describe, expect, it, jest } from '@jest/globals';

import { systemClock } from '../../src/clock.js';
import type { PollContext } from '../../src/job-source.js';
import type { Classifier } from '../../src/verdict.js';
import {
  scriptedSource,
  virtualClock,
  type ScriptedSourceOptions,
} from '../../src/testing/index.js';

afterEach(() => {
  jest.useRealTimers();
});

/** A poll context whose signal never aborts. */
const context = (attempt: number): PollContext => ({
  signal: new AbortController().signal,
  attempt,
});

/** What each poll answers, a value or the message of its error, in order. */
async function answers<T>(source: { poll(c: PollContext): T | PromiseLike<T> }, count: number) {
  const seen: unknown[] = [];

  for (let attempt = 1; attempt <= count; attempt += 1) {
    try {
      seen.push(await source.poll(context(attempt)));
    } catch (error) {
      seen.push(`threw ${(error as Error).message}`);
    }
  }

  return seen;
}

describe('scriptedSource', () => {
  it('plays steps one a poll and repeats the last when the script has no atMs', async () => {
    const reset = new Error('read ECONNRESET');
    const source = scriptedSource<string>({
      script: [{ value: 'INIT' }, { error: reset }, { value: 'RUNNING' }],
    });

    await expect(answers(source, 5)).resolves.toEqual([
      'INIT',
      'threw read ECONNRESET',
      'RUNNING',
      'RUNNING',
      'RUNNING',
    ]);
    await expect(source.poll(context(6))).resolves.toBe('RUNNING');
    expect(source.polls.map(({ attempt }) => attempt)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects with the scripted value itself when a step is an error', async () => {
    const notAnError = { status: 503 };
    const source = scriptedSource<string>({ script: [{ error: notAnError }] });

    await expect(source.poll(context(1))).rejects.toBe(notAnError);
  });

  it('answers with a promise when the step has no latency', () => {
    const source = scriptedSource({ script: [{ value: 1 }] });

    expect(source.poll(context(1))).toBeInstanceOf(Promise);
  });

  it('has id job-1, kind scripted and no classify when none is given', () => {
    const source = scriptedSource({ script: [{ value: 1 }] });

    expect(source).toMatchObject({ id: 'job-1', kind: 'scripted', aborted: 0, polls: [] });
    expect('classify' in source).toBe(false);
  });

  it('carries the id, kind and classify when they are given', () => {
    const classify: Classifier<number> = () => ({ type: 'pending' });
    const source = scriptedSource({ id: 'lb-7', kind: 'elb', classify, script: [{ value: 1 }] });

    expect(source).toMatchObject({ id: 'lb-7', kind: 'elb' });
    expect(source.classify).toBe(classify);
  });

  it('shows each poll the latest step reached when the script is a timeline', async () => {
    const clock = virtualClock({ startMs: 5_000 });
    const source = scriptedSource<string>({
      clock,
      script: [
        { atMs: 0, value: 'INIT' },
        { atMs: 1_000, value: 'RUNNING' },
        { atMs: 3_000, value: 'DONE' },
      ],
    });
    const seen: string[] = [];

    for (const stepMs of [0, 999, 1, 1_500, 499, 1, 10_000]) {
      await clock.advance(stepMs);
      seen.push(await source.poll(context(seen.length + 1)));
    }

    expect(seen).toEqual(['INIT', 'INIT', 'RUNNING', 'RUNNING', 'RUNNING', 'DONE', 'DONE']);
    expect(source.polls.map(({ atMs }) => atMs)).toEqual([
      0, 999, 1_000, 2_500, 2_999, 3_000, 13_000,
    ]);
  });

  it('answers after latencyMs on its clock when a step has a latency', async () => {
    const clock = virtualClock();
    const source = scriptedSource({ clock, script: [{ value: 'RUNNING', latencyMs: 200 }] });
    let answer: unknown;

    void Promise.resolve(source.poll(context(1))).then((value) => (answer = value));
    await clock.advance(199);
    expect(answer).toBeUndefined();
    await clock.advance(1);

    expect(answer).toBe('RUNNING');
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with the signal reason and counts it when the poll aborts midway', async () => {
    const clock = virtualClock();
    const source = scriptedSource({ clock, script: [{ value: 'RUNNING', latencyMs: 5_000 }] });
    const controller = new AbortController();
    const reason = new Error('poll timed out');

    const polled = source.poll({ signal: controller.signal, attempt: 1 });
    await clock.advance(1_000);
    controller.abort(reason);

    await expect(polled).rejects.toBe(reason);
    expect(source.aborted).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with the signal reason at once when the signal aborted before the poll', async () => {
    const source = scriptedSource({ clock: virtualClock(), script: [{ value: 'RUNNING' }] });
    const reason = new DOMException('The wait timed out', 'TimeoutError');

    await expect(source.poll({ signal: AbortSignal.abort(reason), attempt: 3 })).rejects.toBe(
      reason,
    );
    expect(source.aborted).toBe(1);
    expect(source.polls).toEqual([{ attempt: 3, atMs: 0 }]);
  });

  it('times polls on the system clock when no clock is given', async () => {
    jest.useFakeTimers({ now: 1_000 });
    const source = scriptedSource({ script: [{ value: 'RUNNING' }] });

    jest.advanceTimersByTime(2_500);
    await source.poll(context(1));

    expect(source.polls).toEqual([{ attempt: 1, atMs: 2_500 }]);
    expect(systemClock.now()).toBe(3_500);
  });

  it('plays the script it was given when the array changes afterwards', async () => {
    const script: { value: string }[] = [{ value: 'INIT' }];
    const source = scriptedSource({ script });

    script[0] = { value: 'CHANGED' };
    script.push({ value: 'ADDED' });

    await expect(answers(source, 2)).resolves.toEqual(['INIT', 'INIT']);
  });
});

describe('scriptedSource options', () => {
  const clock = virtualClock();

  it.each<[string, unknown, Error]>([
    [
      'a script that is empty',
      { script: [] },
      new TypeError(
        'Expected option `script` to be a non-empty array of steps, got an empty array',
      ),
    ],
    [
      'a script that is not an array',
      { script: { value: 1 } },
      new TypeError('Expected option `script` to be a non-empty array of steps, got an object'),
    ],
    [
      'a step that is not an object',
      { script: [{ value: 1 }, 'DONE'] },
      new TypeError('Expected `script[1]` to be an object with `value` or `error`, got "DONE"'),
    ],
    [
      'a step with both value and error',
      { script: [{ value: 1 }, { value: 2, error: new Error('x') }] },
      new TypeError('Expected `script[1]` to have either `value` or `error`, not both'),
    ],
    [
      'a step with neither value nor error',
      { clock, script: [{ atMs: 0, latencyMs: 5 }] },
      new TypeError('Expected `script[0]` to have either `value` or `error`, got neither'),
    ],
    [
      'a step with an unknown key',
      { script: [{ value: 1, latency: 5 }] },
      new TypeError(
        'Unknown key `script[0].latency`; a step has `value` or `error`, `atMs`, `latencyMs`',
      ),
    ],
    [
      'atMs not ascending',
      {
        clock,
        script: [
          { atMs: 0, value: 1 },
          { atMs: 500, value: 2 },
          { atMs: 500, value: 3 },
        ],
      },
      new TypeError(
        'Expected `script[2].atMs` (500) to be later than `script[1].atMs` (500): a timeline ' +
          'lists its steps in time order',
      ),
    ],
    [
      'a timeline that does not start at 0',
      { clock, script: [{ atMs: 100, value: 1 }] },
      new TypeError(
        'Expected `script[0].atMs` to be 0, got 100: a timeline starts when the source is created',
      ),
    ],
    [
      'timed and untimed steps mixed',
      { clock, script: [{ atMs: 0, value: 1 }, { value: 2 }] },
      new TypeError(
        'Expected `script[1].atMs`: in a timeline every step has one, as `script[0]` does',
      ),
    ],
    [
      'latencyMs without a clock',
      { script: [{ value: 1 }, { value: 2, latencyMs: 100 }] },
      new TypeError(
        "Expected option `clock` with `script[1].latencyMs`: a script's times run on the " +
          'clock the waiter uses, never in real time',
      ),
    ],
    [
      'atMs without a clock',
      { script: [{ atMs: 0, value: 1 }] },
      new TypeError(
        "Expected option `clock` with `script[0].atMs`: a script's times run on the clock " +
          'the waiter uses, never in real time',
      ),
    ],
    [
      'a negative latency',
      { clock, script: [{ value: 1, latencyMs: -1 }] },
      new RangeError(
        'Expected option `script[0].latencyMs` to be a number from 0 to 2147483647, got -1',
      ),
    ],
    [
      'an atMs that is not a number',
      { clock, script: [{ value: 1, atMs: '0' }] },
      new TypeError('Expected option `script[0].atMs` to be a number, got "0"'),
    ],
    [
      'an empty id',
      { id: '', script: [{ value: 1 }] },
      new TypeError('Expected option `id` to be a non-empty string, got ""'),
    ],
    [
      'a clock without clearTimeout',
      { clock: { now: () => 0, setTimeout: () => 0 }, script: [{ value: 1 }] },
      new TypeError('Expected option `clock.clearTimeout` to be a function, got undefined'),
    ],
    [
      'an unknown option',
      { steps: [{ value: 1 }], script: [{ value: 1 }] },
      new TypeError(
        'Unknown option `steps`; expected one of `id`, `kind`, `clock`, `script`, `classify`',
      ),
    ],
  ])('throws naming the culprit when given %s', (_, options, expected) => {
    expect(() => scriptedSource(options as ScriptedSourceOptions<number>)).toThrow(expected);
    expect(() => scriptedSource(options as ScriptedSourceOptions<number>)).toThrow(
      expected.constructor,
    );
  });
});
