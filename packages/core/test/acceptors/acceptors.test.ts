import { describe, expect, it, jest } from '@jest/globals';

import type { Acceptor } from '../../src/acceptors/acceptor.js';
import { acceptors, type AcceptorsOptions } from '../../src/acceptors/acceptors.js';
import type { PollOutcome, Verdict } from '../../src/verdict.js';

/** Any JSON-like observation; the acceptors read it by path. */
type Doc = Record<string, unknown>;

const value = (observation: Doc): PollOutcome<Doc> => ({ ok: true, value: observation });
const thrown = (error: unknown): PollOutcome<Doc> => ({ ok: false, error });

/** An error such as AWS SDKs throw: the error code is its `name`. */
class ServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

class ThrottlingError extends Error {}
class SlowDownError extends ThrottlingError {}

const statusIs = (expected: string, state: Acceptor<Doc>['state']): Acceptor<Doc> => ({
  state,
  matcher: { output: { path: 'status', comparator: 'stringEquals', expected } },
});
const names = 'items[].name';
const allNames = (expected: string): Acceptor<Doc> => ({
  state: 'success',
  matcher: { output: { path: names, comparator: 'allStringEquals', expected } },
});
const anyName = (expected: string): Acceptor<Doc> => ({
  state: 'failure',
  matcher: { output: { path: names, comparator: 'anyStringEquals', expected } },
});
const succeeds: Acceptor<Doc> = { state: 'success', matcher: { success: true } };
const onError = (errorType: string, state: Acceptor<Doc>['state']): Acceptor<Doc> => ({
  state,
  matcher: { errorType },
});
const items = (...list: string[]) => ({ items: list.map((name) => ({ name })) });

interface Row {
  when: string;
  outcome: PollOutcome<Doc>;
  list: Acceptor<Doc>[];
  options?: Omit<AcceptorsOptions<Doc>, 'acceptors'>;
  verdict: Verdict;
}

const matching: Row[] = [
  {
    when: 'the first of two matching acceptors fails',
    outcome: value({ status: 'failed' }),
    list: [statusIs('failed', 'failure'), succeeds],
    verdict: { type: 'failure' },
  },
  {
    when: 'the first of two matching acceptors succeeds',
    outcome: value({ status: 'failed' }),
    list: [succeeds, statusIs('failed', 'failure')],
    verdict: { type: 'success' },
  },
  {
    when: 'stringEquals finds the expected string',
    outcome: value({ status: 'ACTIVE' }),
    list: [statusIs('ACTIVE', 'success')],
    verdict: { type: 'success' },
  },
  {
    when: 'stringEquals finds a number that reads like the expected string',
    outcome: value({ status: 1 }),
    list: [statusIs('1', 'success')],
    verdict: { type: 'pending' },
  },
  {
    when: 'booleanEquals finds the expected boolean',
    outcome: value({ ready: true }),
    list: [
      {
        state: 'success',
        matcher: { output: { path: 'ready', comparator: 'booleanEquals', expected: true } },
      },
    ],
    verdict: { type: 'success' },
  },
  {
    when: 'booleanEquals finds the string "true"',
    outcome: value({ ready: 'true' }),
    list: [
      {
        state: 'success',
        matcher: { output: { path: 'ready', comparator: 'booleanEquals', expected: true } },
      },
    ],
    verdict: { type: 'pending' },
  },
  {
    when: 'booleanEquals tests a JMESPath comparison that holds',
    outcome: value(items('a', 'b')),
    list: [
      {
        state: 'success',
        matcher: {
          output: { path: 'length(items) == `2`', comparator: 'booleanEquals', expected: true },
        },
      },
    ],
    verdict: { type: 'success' },
  },
  {
    when: 'allStringEquals finds every element equal',
    outcome: value(items('running', 'running')),
    list: [allNames('running')],
    verdict: { type: 'success' },
  },
  {
    when: 'allStringEquals finds one element that differs',
    outcome: value(items('running', 'pending')),
    list: [allNames('running')],
    verdict: { type: 'pending' },
  },
  {
    when: 'allStringEquals finds an empty list',
    outcome: value(items()),
    list: [allNames('running')],
    verdict: { type: 'pending' },
  },
  {
    when: 'anyStringEquals finds one equal element among others',
    outcome: value(items('running', 'terminated')),
    list: [anyName('terminated'), allNames('running')],
    verdict: { type: 'failure' },
  },
  {
    when: 'anyStringEquals finds no equal element',
    outcome: value(items('pending', 'running')),
    list: [anyName('terminated'), allNames('running')],
    verdict: { type: 'pending' },
  },
  {
    when: 'anyStringEquals finds a string instead of a list',
    outcome: value({ items: 'terminated' }),
    list: [
      {
        state: 'failure',
        matcher: {
          output: { path: 'items', comparator: 'anyStringEquals', expected: 'terminated' },
        },
      },
      succeeds,
    ],
    verdict: { type: 'success' },
  },
  {
    when: 'a retry acceptor matches an observation',
    outcome: value({ status: 'CREATING' }),
    list: [statusIs('CREATING', 'retry'), succeeds],
    options: { state: 'status' },
    verdict: { type: 'pending', state: 'CREATING' },
  },
  {
    when: 'no acceptor matches an observation',
    outcome: value({ status: 'UPDATING' }),
    list: [statusIs('ACTIVE', 'success')],
    options: { state: 'status' },
    verdict: { type: 'pending', state: 'UPDATING' },
  },
  {
    when: 'a path function finds the expected string',
    outcome: value({ status: 'ACTIVE' }),
    list: [
      {
        state: 'success',
        matcher: {
          output: { path: (doc) => doc.status, comparator: 'stringEquals', expected: 'ACTIVE' },
        },
      },
    ],
    verdict: { type: 'success' },
  },
  {
    when: 'a JMESPath function meets the wrong type, and a later acceptor matches',
    outcome: value({ count: 5 }),
    list: [
      {
        state: 'failure',
        matcher: {
          output: { path: 'length(count) == `0`', comparator: 'booleanEquals', expected: true },
        },
      },
      succeeds,
    ],
    verdict: { type: 'success' },
  },
  {
    when: 'a JMESPath function meets the wrong type, and nothing else matches',
    outcome: value({ count: 5 }),
    list: [
      {
        state: 'success',
        matcher: {
          output: { path: 'abs(name) == `1`', comparator: 'booleanEquals', expected: false },
        },
      },
    ],
    verdict: { type: 'pending' },
  },
];

const errors: Row[] = [
  {
    when: 'success: false catches an error',
    outcome: thrown(Object.assign(new Error('access denied'), { code: 'AccessDenied' })),
    list: [succeeds, { state: 'failure', matcher: { success: false } }],
    verdict: { type: 'failure', code: 'AccessDenied', reason: 'access denied' },
  },
  {
    when: 'success: true meets an error',
    outcome: thrown(new Error('bug')),
    list: [succeeds],
    verdict: { type: 'fatal' },
  },
  {
    when: 'errorType equals the error code of a retry acceptor',
    outcome: thrown(Object.assign(new Error('no such table'), { code: 'ResourceNotFound' })),
    list: [succeeds, onError('ResourceNotFound', 'retry')],
    verdict: { type: 'transient' },
  },
  {
    when: 'errorType equals the error name of a success acceptor',
    outcome: thrown(new ServiceError('NotFound', 'no such bucket')),
    list: [statusIs('deleting', 'retry'), onError('NotFound', 'success')],
    verdict: { type: 'success' },
  },
  {
    when: 'errorType equals the code of the error cause',
    outcome: thrown(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
    list: [succeeds, onError('ECONNREFUSED', 'failure')],
    verdict: { type: 'failure', code: 'ECONNREFUSED', reason: 'fetch failed' },
  },
  {
    when: 'errorType is a Smithy shape id whose name equals the error name',
    outcome: thrown(new ServiceError('NotFound', 'no such bucket')),
    list: [succeeds, onError('com.amazonaws.s3#NotFound', 'retry')],
    verdict: { type: 'transient' },
  },
  {
    when: 'a failure errorType names an error without a code',
    outcome: thrown(new ServiceError('ValidationException', 'bad id')),
    list: [succeeds, onError('ValidationException', 'failure')],
    verdict: { type: 'failure', code: 'ValidationException', reason: 'bad id' },
  },
  {
    when: 'success: false catches a plain Error',
    outcome: thrown(new Error('boom')),
    list: [succeeds, { state: 'failure', matcher: { success: false } }],
    verdict: { type: 'failure', reason: 'boom' },
  },
  {
    when: 'success: false catches a thrown string',
    outcome: thrown('boom'),
    list: [succeeds, { state: 'failure', matcher: { success: false } }],
    verdict: { type: 'failure', reason: 'boom' },
  },
  {
    when: 'errorClass is a superclass of the error',
    outcome: thrown(new SlowDownError('slow down')),
    list: [succeeds, { state: 'retry', matcher: { errorClass: ThrottlingError } }],
    verdict: { type: 'transient' },
  },
  {
    when: 'errorClass is not a class of the error',
    outcome: thrown(new Error('bug')),
    list: [succeeds, { state: 'retry', matcher: { errorClass: ThrottlingError } }],
    verdict: { type: 'fatal' },
  },
  {
    when: 'no acceptor matches a network error',
    outcome: thrown(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })),
    list: [statusIs('ACTIVE', 'success'), onError('NotFound', 'retry')],
    verdict: { type: 'transient' },
  },
  {
    when: 'no acceptor matches any other error',
    outcome: thrown(new ServiceError('AccessDenied', 'denied')),
    list: [statusIs('ACTIVE', 'success'), onError('NotFound', 'retry')],
    verdict: { type: 'fatal' },
  },
  {
    when: 'errorType meets an observation',
    outcome: value({ name: 'NotFound', code: 'NotFound' }),
    list: [onError('NotFound', 'success')],
    verdict: { type: 'pending' },
  },
];

const failedInstance = {
  status: 'terminated',
  reasons: ['capacity', 'quota'],
  stateReason: { code: 'Server.InsufficientInstanceCapacity', message: 'Insufficient capacity.' },
};
const terminated = statusIs('terminated', 'failure');

const failures: Row[] = [
  {
    when: 'the failure acceptor reads the reason and code from the observation',
    outcome: value(failedInstance),
    list: [{ ...terminated, reason: 'stateReason.message', code: 'stateReason.code' }, succeeds],
    options: { state: 'status' },
    verdict: {
      type: 'failure',
      state: 'terminated',
      code: 'Server.InsufficientInstanceCapacity',
      reason: 'Insufficient capacity.',
    },
  },
  {
    when: 'the strategy reads the reason and code for a failure acceptor without its own',
    outcome: value(failedInstance),
    list: [terminated, succeeds],
    options: { reason: 'stateReason.message', code: (doc) => (doc.stateReason as Doc).code },
    verdict: {
      type: 'failure',
      code: 'Server.InsufficientInstanceCapacity',
      reason: 'Insufficient capacity.',
    },
  },
  {
    when: 'the failure acceptor reason overrides the strategy reason',
    outcome: value(failedInstance),
    list: [{ ...terminated, reason: 'status' }, succeeds],
    options: { reason: 'stateReason.message' },
    verdict: { type: 'failure', reason: 'terminated' },
  },
  {
    when: 'the reason path gives a list of strings',
    outcome: value(failedInstance),
    list: [{ ...terminated, reason: 'reasons' }, succeeds],
    verdict: { type: 'failure', reason: 'capacity; quota' },
  },
  {
    when: 'the reason and code paths give no strings',
    outcome: value(failedInstance),
    list: [{ ...terminated, reason: 'stateReason', code: 'missing' }, succeeds],
    verdict: { type: 'failure' },
  },
  {
    when: 'the reason path fails at run time',
    outcome: value(failedInstance),
    list: [{ ...terminated, reason: 'abs(status)' }, succeeds],
    verdict: { type: 'failure' },
  },
  {
    when: 'the state path gives no string',
    outcome: value({ status: 'ACTIVE', phase: 3 }),
    list: [statusIs('ACTIVE', 'success')],
    options: { state: 'phase' },
    verdict: { type: 'success' },
  },
  {
    when: 'the state path fails at run time',
    outcome: value({ status: 'ACTIVE' }),
    list: [statusIs('ACTIVE', 'success')],
    options: { state: 'abs(status)' },
    verdict: { type: 'success' },
  },
  {
    when: 'the observation has a state and a detail',
    outcome: value({ status: 'ACTIVE', done: 3 }),
    list: [statusIs('ACTIVE', 'success')],
    options: { state: 'status', detail: (doc) => `${String(doc.done)}/3` },
    verdict: { type: 'success', state: 'ACTIVE', detail: '3/3' },
  },
];

describe('acceptors', () => {
  describe.each([
    ['observations', matching],
    ['errors', errors],
    ['failure details', failures],
  ])('on %s', (_, rows) => {
    it.each(rows)('gives $verdict.type when $when', ({ outcome, list, options, verdict }) => {
      const classify = acceptors<Doc>({ acceptors: list, ...options });

      expect(classify(outcome)).toEqual(verdict);
    });
  });

  it('hands an error no acceptor matches to classifyError when one is given', () => {
    const throttled: Verdict = { type: 'throttled', retryAfterMs: 2_000 };
    const classifyError = jest.fn((_error: unknown) => throttled);
    const classify = acceptors<Doc>({ acceptors: [succeeds], classifyError });
    const error = new ServiceError('Throttling', 'rate exceeded');

    expect(classify(thrown(error))).toBe(throttled);
    expect(classifyError).toHaveBeenCalledWith(error);
  });

  it('does not ask classifyError when an acceptor matches the error', () => {
    const classifyError = jest.fn((_error: unknown): Verdict => ({ type: 'fatal' }));
    const classify = acceptors<Doc>({
      acceptors: [succeeds, onError('NotFound', 'retry')],
      classifyError,
    });

    expect(classify(thrown(new ServiceError('NotFound', 'gone')))).toEqual({ type: 'transient' });
    expect(classifyError).not.toHaveBeenCalled();
  });

  it('reads no state or detail when the outcome is an error', () => {
    const detail = jest.fn(() => 'note');
    const state = jest.fn(() => 'ACTIVE');
    const classify = acceptors<Doc>({ acceptors: [succeeds], state, detail });

    expect(classify(thrown(new Error('bug')))).toEqual({ type: 'fatal' });
    expect(detail).not.toHaveBeenCalled();
    expect(state).not.toHaveBeenCalled();
  });

  it('stops at the first match when an earlier acceptor matches', () => {
    const later = jest.fn(() => 'ACTIVE');
    const classify = acceptors<Doc>({
      acceptors: [
        statusIs('ACTIVE', 'success'),
        {
          state: 'failure',
          matcher: { output: { path: later, comparator: 'stringEquals', expected: 'x' } },
        },
      ],
    });

    expect(classify(value({ status: 'ACTIVE' }))).toEqual({ type: 'success' });
    expect(later).not.toHaveBeenCalled();
  });

  it('lets the exception through when a path function throws', () => {
    const bug = new Error('cannot read status');
    const classify = acceptors<Doc>({
      acceptors: [
        {
          state: 'success',
          matcher: {
            output: {
              path: () => {
                throw bug;
              },
              comparator: 'stringEquals',
              expected: 'ACTIVE',
            },
          },
        },
      ],
    });

    expect(() => classify(value({ status: 'ACTIVE' }))).toThrow(bug);
  });

  it('matches again on the next observation when one evaluation failed', () => {
    const classify = acceptors<Doc>({
      acceptors: [
        {
          state: 'success',
          matcher: {
            output: { path: 'length(items) > `1`', comparator: 'booleanEquals', expected: true },
          },
        },
      ],
    });

    expect(classify(value({ items: 7 }))).toEqual({ type: 'pending' });
    expect(classify(value(items('a', 'b')))).toEqual({ type: 'success' });
  });
});
