import { describe, expect, it, jest } from '@jest/globals';

import { classifyCommonError, stateSets } from '../src/state-sets.js';
import type { Verdict } from '../src/verdict.js';

interface Job {
  status?: unknown;
  job?: { phase: string };
  error_code?: string;
  fail_reason?: string;
  done?: number;
}

const sets = { pending: ['INIT', 'RUNNING'], success: ['SUCCESS'], failure: ['FAIL'] };
const value = (job: Job) => ({ ok: true as const, value: job });
const thrown = (error: unknown) => ({ ok: false as const, error });

describe('stateSets', () => {
  it('classifies each set when the state is a property name', () => {
    const classify = stateSets<Job>({ state: 'status', ...sets });

    expect(classify(value({ status: 'INIT' }))).toEqual({ type: 'pending', state: 'INIT' });
    expect(classify(value({ status: 'RUNNING' }))).toEqual({ type: 'pending', state: 'RUNNING' });
    expect(classify(value({ status: 'SUCCESS' }))).toEqual({ type: 'success', state: 'SUCCESS' });
    expect(classify(value({ status: 'FAIL' }))).toEqual({ type: 'failure', state: 'FAIL' });
    expect(classify(value({ status: 'PAUSED' }))).toEqual({ type: 'unknown', state: 'PAUSED' });
  });

  it('reads the state with a function when one is given', () => {
    const classify = stateSets<Job>({ state: (job) => job.job?.phase, ...sets });

    expect(classify(value({ job: { phase: 'SUCCESS' } }))).toEqual({
      type: 'success',
      state: 'SUCCESS',
    });
    expect(classify(value({}))).toEqual({ type: 'unknown' });
  });

  it('reads unknown without a state when the property is missing or not a string', () => {
    const classify = stateSets<Job>({ state: 'status', ...sets });

    expect(classify(value({}))).toEqual({ type: 'unknown' });
    expect(classify(value({ status: 3 }))).toEqual({ type: 'unknown' });
    expect(classify(value(null as unknown as Job))).toEqual({ type: 'unknown' });
  });

  it('adds the provider code and reason from failureDetails when the job failed', () => {
    const failureDetails = jest.fn((job: Job) => ({
      code: job.error_code,
      reason: job.fail_reason,
    }));
    const classify = stateSets<Job>({ state: 'status', ...sets, failureDetails });
    const failed = { status: 'FAIL', error_code: 'ELB.1009', fail_reason: 'quota exceeded' };

    expect(classify(value(failed))).toEqual({
      type: 'failure',
      state: 'FAIL',
      code: 'ELB.1009',
      reason: 'quota exceeded',
    });
    classify(value({ status: 'RUNNING' }));
    expect(failureDetails).toHaveBeenCalledTimes(1);
  });

  it('adds the note to pending, success and failure verdicts when detail gives one', () => {
    const classify = stateSets<Job>({
      state: 'status',
      ...sets,
      detail: ({ done }) => (done === undefined ? undefined : `sub-jobs ${done}/3`),
    });

    expect(classify(value({ status: 'RUNNING', done: 1 }))).toEqual({
      type: 'pending',
      state: 'RUNNING',
      detail: 'sub-jobs 1/3',
    });
    expect(classify(value({ status: 'SUCCESS', done: 3 }))).toMatchObject({
      detail: 'sub-jobs 3/3',
    });
    expect(classify(value({ status: 'FAIL', done: 2 }))).toMatchObject({ detail: 'sub-jobs 2/3' });
    expect(classify(value({ status: 'RUNNING' }))).toEqual({ type: 'pending', state: 'RUNNING' });
  });

  it('does not ask for a detail when the observation has no state', () => {
    const detail = jest.fn(() => 'note');
    const classify = stateSets<Job>({ state: 'status', ...sets, detail });

    expect(classify(value({}))).toEqual({ type: 'unknown' });
    expect(detail).not.toHaveBeenCalled();
  });

  it('reads a failure state as unknown when no failure set is given', () => {
    const classify = stateSets<Job>({ state: 'status', pending: ['RUNNING'], success: ['DONE'] });

    expect(classify(value({ status: 'FAIL' }))).toEqual({ type: 'unknown', state: 'FAIL' });
  });

  it.each([
    ['pending', 'success', { pending: ['A', 'B'], success: ['B'] }],
    ['pending', 'failure', { pending: ['A'], success: ['S'], failure: ['A'] }],
    ['success', 'failure', { pending: [], success: ['S'], failure: ['S'] }],
  ])('throws a TypeError naming %s and %s when a state is in both', (first, second, given) => {
    expect(() => stateSets<Job>({ state: 'status', ...given })).toThrow(TypeError);
    expect(() => stateSets<Job>({ state: 'status', ...given })).toThrow(
      new RegExp(`is in both \`${first}\` and \`${second}\``),
    );
  });

  it('accepts a state when it is repeated within one set', () => {
    const classify = stateSets<Job>({ state: 'status', pending: ['A', 'A'], success: ['S'] });

    expect(classify(value({ status: 'A' }))).toEqual({ type: 'pending', state: 'A' });
  });

  it.each([
    ['pending', { pending: 'RUNNING', success: ['S'] }],
    ['success', { pending: ['R'], success: undefined }],
    ['failure', { pending: ['R'], success: ['S'], failure: ['F', 7] }],
  ])('throws a TypeError naming `%s` when it is not an array of strings', (name, given) => {
    const build = () => stateSets<Job>({ state: 'status', ...(given as typeof sets) });

    expect(build).toThrow(TypeError);
    expect(build).toThrow(`Expected option \`${name}\` to be an array of state names`);
  });

  it('delegates errors to classifyCommonError when no classifyError is given', () => {
    const classify = stateSets<Job>({ state: 'status', ...sets });

    expect(classify(thrown(Object.assign(new Error('reset'), { code: 'ECONNRESET' })))).toEqual({
      type: 'transient',
    });
    expect(classify(thrown(new Error('bug')))).toEqual({ type: 'fatal' });
  });

  it('delegates errors to classifyError when one is given', () => {
    const verdict: Verdict = { type: 'throttled', retryAfterMs: 2_000 };
    const classifyError = jest.fn((_error: unknown) => verdict);
    const classify = stateSets<Job>({ state: 'status', ...sets, classifyError });
    const error = new Error('429');

    expect(classify(thrown(error))).toBe(verdict);
    expect(classifyError).toHaveBeenCalledWith(error);
  });
});

describe('classifyCommonError', () => {
  it.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
  ])('reads an error as transient when its code is %s', (code) => {
    expect(classifyCommonError(Object.assign(new Error(code), { code }))).toEqual({
      type: 'transient',
    });
  });

  it('reads a fetch failure as transient when its cause has a transient code', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });

    expect(classifyCommonError(new TypeError('fetch failed', { cause }))).toEqual({
      type: 'transient',
    });
  });

  it.each([
    ['another network code', Object.assign(new Error('x'), { code: 'ENOTFOUND' })],
    ['a cause with a non-network code', new Error('x', { cause: { code: 'EACCES' } })],
    ['a plain error', new Error('bug')],
    ['a numeric code', Object.assign(new Error('x'), { code: 104 })],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'ECONNRESET'],
  ])('reads the error as fatal when it is %s', (_, error) => {
    expect(classifyCommonError(error)).toEqual({ type: 'fatal' });
  });
});
