import { describe, expect, it } from '@jest/globals';

import { awsBackoff } from '../src/backoff/aws.js';
import type { BackoffStrategy } from '../src/backoff/backoff-strategy.js';
import { constantBackoff } from '../src/backoff/constant.js';
import { exponentialBackoff } from '../src/backoff/exponential.js';
import { linearBackoff } from '../src/backoff/linear.js';
import { listBackoff } from '../src/backoff/list.js';
import { terraformBackoff } from '../src/backoff/terraform.js';
import {
  JobFailedError,
  NotFoundError,
  PollFailedError,
  UnexpectedStateError,
  WaitTimeoutError,
} from '../src/errors.js';
import type { WaiterOptions } from '../src/options.js';
import { parseRetryAfter } from '../src/retry-after.js';
import { classifyCommonError, stateSets } from '../src/state-sets.js';
import { scriptedSource, virtualClock, type VirtualClock } from '../src/testing/index.js';
import type { ScriptStep } from '../src/testing/index.js';
import type { Classifier, Verdict } from '../src/verdict.js';
import { Waiter } from '../src/waiter.js';

/*
 * Each row states a timeline, one answer per poll, and how the wait ends. The answers are
 * written as words: a state (`RUNNING`), or an error: `404` (the job is not visible),
 * `reset` (a dropped connection), `403` (a refusal no retry fixes), `429 <Retry-After>`.
 */

interface Job {
  status: string;
  code?: string;
  reason?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter?: string,
  ) {
    super(`HTTP ${status}`);
  }
}

function classifyErrorAt(clock: VirtualClock) {
  return (error: unknown): Verdict => {
    if (!(error instanceof HttpError)) return classifyCommonError(error);
    if (error.status === 404) return { type: 'not-found' };
    if (error.status !== 429) return { type: 'fatal' };

    const retryAfterMs = parseRetryAfter(error.retryAfter, clock.now());
    return retryAfterMs === undefined ? { type: 'throttled' } : { type: 'throttled', retryAfterMs };
  };
}

function classifierAt(clock: VirtualClock, pending = ['INIT', 'RUNNING']): Classifier<Job> {
  return stateSets<Job>({
    state: 'status',
    pending,
    success: ['DONE'],
    failure: ['FAIL'],
    failureDetails: ({ code, reason }) => ({ code, reason }),
    classifyError: classifyErrorAt(clock),
  });
}

function step(word: string): ScriptStep<Job> {
  const space = word.indexOf(' ');
  const head = space === -1 ? word : word.slice(0, space);
  const retryAfter = space === -1 ? undefined : word.slice(space + 1);
  if (head === 'reset') return { error: Object.assign(new Error(word), { code: 'ECONNRESET' }) };
  if (/^\d{3}$/.test(head)) return { error: new HttpError(Number(head), retryAfter) };
  if (head === 'FAIL') return { value: { status: 'FAIL', code: 'E.42', reason: 'quota' } };

  return { value: { status: head } };
}

interface Run {
  readonly words: readonly string[];
  readonly options?: WaiterOptions<Job>;
  /** The pending set of the state-set strategy, when not INIT and RUNNING. */
  readonly pending?: string[];
  readonly startMs?: number;
}

/** Runs a wait on `words`, one second apart unless the options say otherwise. */
async function run({ words, options = {}, pending, startMs = 0 }: Run) {
  const clock = virtualClock({ startMs });
  const source = scriptedSource<Job>({ clock, script: words.map(step) });
  const waiter = new Waiter<Job>({
    clock,
    timeoutMs: 60_000,
    pollRetries: 0,
    backoff: constantBackoff({ delayMs: 1_000 }),
    classify: classifierAt(clock, pending),
    ...options,
  });
  const result = await clock.runUntilSettled(waiter.settle(source));

  return { result, polls: source.polls.map((poll) => poll.atMs), clock };
}

type ErrorClass = abstract new (...args: never[]) => unknown;

interface Row extends Run {
  readonly outcome: 'succeeded' | 'failed' | 'timedOut';
  readonly attempts: number;
  readonly error?: ErrorClass;
}

const budgets: Record<string, Row> = {
  'the target is reached': {
    words: ['INIT', 'RUNNING', 'DONE'],
    outcome: 'succeeded',
    attempts: 3,
  },
  'a failure state is reached': {
    words: ['RUNNING', 'FAIL'],
    outcome: 'failed',
    attempts: 2,
    error: JobFailedError,
  },
  'an unknown state appears, which ends the wait at once': {
    words: ['RUNNING', 'PAUSED', 'DONE'],
    outcome: 'failed',
    attempts: 2,
    error: UnexpectedStateError,
  },
  'an unknown state appears within maxUnknown': {
    words: ['RUNNING', 'PAUSED', 'DONE'],
    options: { maxUnknown: 1 },
    outcome: 'succeeded',
    attempts: 3,
  },
  'the pending set is left empty, so a running job is an unknown state': {
    words: ['RUNNING', 'DONE'],
    pending: [],
    outcome: 'failed',
    attempts: 1,
    error: UnexpectedStateError,
  },
  'a target is seen, lost, then confirmed': {
    words: ['DONE', 'RUNNING', 'DONE', 'DONE'],
    options: { successConfirmations: 2 },
    outcome: 'succeeded',
    attempts: 4,
  },
  'FAIL comes during a confirmation streak': {
    words: ['DONE', 'DONE', 'FAIL'],
    options: { successConfirmations: 3 },
    outcome: 'failed',
    attempts: 3,
    error: JobFailedError,
  },
  'a dropped connection comes during a confirmation streak, which neither counts nor breaks': {
    words: ['DONE', 'reset', 'DONE'],
    options: { successConfirmations: 2 },
    outcome: 'succeeded',
    attempts: 3,
  },
  'the job stays missing past maxNotFound': {
    words: ['404', '404', '404'],
    options: { maxNotFound: 2 },
    outcome: 'failed',
    attempts: 3,
    error: NotFoundError,
  },
  'the job reappears, which resets the not-found count': {
    words: ['404', '404', 'RUNNING', '404', '404', 'DONE'],
    options: { maxNotFound: 2 },
    outcome: 'succeeded',
    attempts: 6,
  },
  'connections drop past maxTransientPolls': {
    words: ['reset', 'reset', 'reset'],
    options: { maxTransientPolls: 2 },
    outcome: 'failed',
    attempts: 3,
    error: PollFailedError,
  },
  'an answer comes between dropped connections, which resets the transient count': {
    words: ['reset', 'reset', 'RUNNING', 'reset', 'reset', 'DONE'],
    options: { maxTransientPolls: 2 },
    outcome: 'succeeded',
    attempts: 6,
  },
  'a poll is refused for good': {
    words: ['RUNNING', '403'],
    outcome: 'failed',
    attempts: 2,
    error: HttpError,
  },
  'the job never ends, and the last poll is aligned with the deadline': {
    words: ['RUNNING'],
    options: { timeoutMs: 5_000 },
    outcome: 'timedOut',
    attempts: 6,
    error: WaitTimeoutError,
  },
  'the provider keeps throttling, which only the deadline bounds': {
    words: ['429'],
    options: { timeoutMs: 5_000 },
    outcome: 'timedOut',
    attempts: 6,
    error: WaitTimeoutError,
  },
};

describe('a wait, by its timeline', () => {
  it.each(Object.entries(budgets))('ends as expected when %s', async (_, row) => {
    const { result, clock } = await run(row);

    expect(result).toMatchObject({ outcome: row.outcome, attempts: row.attempts });
    if (row.error !== undefined) {
      expect((result as { error: unknown }).error).toBeInstanceOf(row.error);
    }
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps the provider code, reason and history on a failure', async () => {
    const { result } = await run({ words: ['INIT', 'RUNNING', 'FAIL'] });

    expect(result).toMatchObject({ outcome: 'failed', providerCode: 'E.42', reason: 'quota' });
    const { error } = result as { error: JobFailedError<Job> };
    expect(error.history.map(({ state, attempt }) => [state, attempt])).toEqual([
      ['INIT', 1],
      ['RUNNING', 2],
      ['FAIL', 3],
    ]);
    expect(error.observation).toEqual({ status: 'FAIL', code: 'E.42', reason: 'quota' });
  });

  it('ends fast on an unknown state rather than at the deadline', async () => {
    const { result } = await run({ words: ['RUNNING', 'PAUSED'], options: { timeoutMs: 600_000 } });

    expect(result).toMatchObject({ outcome: 'failed', elapsedMs: 1_000, state: 'PAUSED' });
  });
});

const schedules: [string, BackoffStrategy, WaiterOptions<Job>, number[]][] = [
  ['constant', constantBackoff({ delayMs: 1_000 }), {}, [0, 1_000, 2_000, 3_000, 4_000]],
  ['linear', linearBackoff(), {}, [0, 1_000, 3_000, 6_000, 10_000]],
  [
    'exponential without jitter',
    exponentialBackoff({ jitter: 'none' }),
    {},
    [0, 1_000, 3_000, 7_000, 15_000],
  ],
  ['Terraform', terraformBackoff(), {}, [0, 200, 600, 1_400, 3_000, 6_200]],
  ['AWS, at its lowest draw', awsBackoff(), { random: () => 0 }, [0, 2_000, 4_000, 6_000]],
  ['a list', listBackoff([500, 1_500, 5_000]), {}, [0, 500, 2_000, 7_000, 12_000]],
];

describe('a wait, by its backoff strategy', () => {
  it.each(schedules)('polls at the times of the %s schedule', async (_, backoff, options, at) => {
    const words = [...at.slice(1).map(() => 'RUNNING'), 'DONE'];

    const { result, polls } = await run({ words, options: { backoff, ...options } });

    expect(result.outcome).toBe('succeeded');
    expect(polls).toEqual(at);
  });
});

const START = Date.parse('2026-12-03T12:00:00.000Z');
const hint = (offsetMs: number) => new Date(START + offsetMs).toUTCString();
const retryAfters: [string, string, number][] = [
  ['a number of seconds', '5', 5_000],
  ['an HTTP date ten seconds ahead', hint(10_000), 10_000],
  ['an HTTP date in the past, which asks for no wait', hint(-60_000), 1_000],
  ['a negative number, which is ignored', '-3', 1_000],
  ['a fraction, which is ignored', '1.5', 1_000],
  ['a word, which is ignored', 'abc', 1_000],
  ['a date a year away, held to maxDelayMs', hint(365 * 86_400_000), 60_000],
];

describe('a wait, by the Retry-After of a throttled poll', () => {
  it.each(retryAfters)('polls next at the right time for %s', async (_, header, nextAtMs) => {
    const words = [`429 ${header}`, 'DONE'];

    const { result, polls } = await run({ words, startMs: START, options: { timeoutMs: 600_000 } });

    expect(result.outcome).toBe('succeeded');
    expect(polls).toEqual([0, nextAtMs]);
  });
});
