import { runInNewContext } from 'node:vm';

import { describe, expect, it } from '@jest/globals';

import { MAX_TIMER_MS } from '../src/backoff/validate.js';
import { constantBackoff } from '../src/backoff/constant.js';
import { systemClock, systemRandom } from '../src/clock.js';
import { resolveWaiterOptions, type WaiterOptions } from '../src/options.js';
import { Waiter } from '../src/waiter.js';
import { manualClock } from './helpers.js';

describe('resolveWaiterOptions', () => {
  it('fills in the documented defaults when no option is given', () => {
    const { backoff, ...rest } = resolveWaiterOptions();

    expect(rest).toEqual({
      timeoutMs: 600_000,
      pollTimeoutMs: 30_000,
      initialDelayMs: 0,
      minDelayMs: 100,
      maxDelayMs: 60_000,
      pollRetries: 2,
      pollRetryDelayMs: 250,
      maxTransientPolls: 5,
      maxNotFound: 3,
      maxUnknown: 0,
      successConfirmations: 1,
      classify: undefined,
      clock: systemClock,
      random: systemRandom,
    });
    expect(backoff).toEqual({ nextDelay: expect.any(Function) });
  });

  it('defaults to exponential backoff from 1 s to 30 s with full jitter when none is given', () => {
    const { backoff } = resolveWaiterOptions();
    const delay = (attempt: number, random: number) =>
      backoff.nextDelay({
        attempt,
        verdict: 'pending',
        previousDelayMs: undefined,
        random: () => random,
      });

    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => delay(attempt, 0.999_999))).toEqual([
      999, 1_999, 3_999, 7_999, 15_999, 29_999, 29_999,
    ]);
    expect(delay(3, 0.5)).toBe(2_000);
  });

  it('keeps every value when all are valid', () => {
    const given = {
      timeoutMs: 5_000,
      pollTimeoutMs: 1_000,
      initialDelayMs: 200,
      minDelayMs: 1,
      maxDelayMs: 2_000,
      backoff: constantBackoff({ delayMs: 300 }),
      pollRetries: 0,
      pollRetryDelayMs: 50,
      maxTransientPolls: 1,
      maxNotFound: 0,
      maxUnknown: 4,
      successConfirmations: 2,
      classify: () => ({ type: 'pending' as const }),
      clock: manualClock(),
      random: () => 0.5,
    } satisfies WaiterOptions<unknown>;

    expect(resolveWaiterOptions(given)).toEqual(given);
  });

  it('fills in the default when an option is given as undefined', () => {
    expect(resolveWaiterOptions({ timeoutMs: undefined, maxNotFound: undefined })).toMatchObject({
      timeoutMs: 600_000,
      maxNotFound: 3,
    });
  });

  it('accepts every option when it sits on the edge of its range', () => {
    expect(() =>
      resolveWaiterOptions({
        timeoutMs: 1,
        pollTimeoutMs: MAX_TIMER_MS,
        minDelayMs: 500,
        maxDelayMs: 500,
        pollRetries: 10,
        pollRetryDelayMs: 60_000,
        maxTransientPolls: 1_000_000,
        successConfirmations: 1_000_000,
      }),
    ).not.toThrow();
    expect(() => resolveWaiterOptions({ maxDelayMs: MAX_TIMER_MS })).not.toThrow();
  });

  it.each<[string, WaiterOptions<unknown>, typeof TypeError | typeof RangeError]>([
    ['timeoutMs', { timeoutMs: 0 }, RangeError],
    ['timeoutMs', { timeoutMs: -1 }, RangeError],
    ['timeoutMs', { timeoutMs: Number.NaN }, TypeError],
    ['timeoutMs', { timeoutMs: '60000' as never }, TypeError],
    ['timeoutMs', { timeoutMs: 2 ** 31 }, RangeError],
    ['timeoutMs', { timeoutMs: Number.POSITIVE_INFINITY }, RangeError],
    ['pollTimeoutMs', { pollTimeoutMs: 0 }, RangeError],
    ['pollTimeoutMs', { pollTimeoutMs: MAX_TIMER_MS + 1 }, RangeError],
    ['initialDelayMs', { initialDelayMs: -1 }, RangeError],
    ['initialDelayMs', { initialDelayMs: MAX_TIMER_MS + 1 }, RangeError],
    ['initialDelayMs', { initialDelayMs: null as never }, TypeError],
    ['minDelayMs', { minDelayMs: -0.5 }, RangeError],
    ['minDelayMs', { minDelayMs: 0 }, RangeError],
    ['minDelayMs', { minDelayMs: Number.NaN }, TypeError],
    ['minDelayMs', { minDelayMs: MAX_TIMER_MS + 1 }, RangeError],
    ['maxDelayMs', { minDelayMs: 500, maxDelayMs: 400 }, RangeError],
    ['maxDelayMs', { maxDelayMs: 50 }, RangeError],
    ['maxDelayMs', { maxDelayMs: 2 ** 31 }, RangeError],
    ['pollRetries', { pollRetries: 1.5 }, RangeError],
    ['pollRetries', { pollRetries: -1 }, RangeError],
    ['pollRetries', { pollRetries: 11 }, RangeError],
    ['pollRetries', { pollRetries: '2' as never }, TypeError],
    ['pollRetryDelayMs', { pollRetryDelayMs: 60_001 }, RangeError],
    ['pollRetryDelayMs', { pollRetryDelayMs: -1 }, RangeError],
    ['pollRetryDelayMs', { pollRetryDelayMs: Object.create(null) as never }, TypeError],
    ['maxTransientPolls', { maxTransientPolls: 2.5 }, RangeError],
    ['maxTransientPolls', { maxTransientPolls: 1_000_001 }, RangeError],
    ['maxNotFound', { maxNotFound: -1 }, RangeError],
    ['maxNotFound', { maxNotFound: 0.5 }, RangeError],
    ['maxUnknown', { maxUnknown: 1.5 }, RangeError],
    ['maxUnknown', { maxUnknown: Number.NaN }, TypeError],
    ['successConfirmations', { successConfirmations: 0 }, RangeError],
    ['successConfirmations', { successConfirmations: 1.5 }, RangeError],
    ['backoff.nextDelay', { backoff: {} as never }, TypeError],
    ['backoff.nextDelay', { backoff: null as never }, TypeError],
    ['random', { random: 0.5 as never }, TypeError],
    ['classify', { classify: 'stateSets' as never }, TypeError],
    ['clock.now', { clock: {} as never }, TypeError],
    [
      'clock.setTimeout',
      { clock: { ...manualClock(), setTimeout: undefined } as never },
      TypeError,
    ],
    [
      'clock.clearTimeout',
      { clock: { now: Date.now, setTimeout: () => 1, clearTimeout: 1 } as never },
      TypeError,
    ],
  ])('throws naming `%s` when given %p', (name, options, Expected) => {
    const resolve = () => resolveWaiterOptions(options);

    expect(resolve).toThrow(Expected);
    expect(resolve).toThrow(new RegExp(`^Expected option \`${name.replace('.', '\\.')}\``));
  });

  it('throws a TypeError naming an unknown option when one is given', () => {
    expect(() => resolveWaiterOptions({ timeout: 300 } as WaiterOptions<unknown>)).toThrow(
      new TypeError('Unknown option `timeout` (did you mean `timeoutMs`?)'),
    );
    expect(() => new Waiter({ bogus: 1 } as WaiterOptions<unknown>)).toThrow(
      new TypeError('Unknown option `bogus`'),
    );
  });

  it('throws a TypeError naming the options when they are not an object', () => {
    expect(() => resolveWaiterOptions(null as never)).toThrow(
      new TypeError('Expected the waiter options to be an object, got null'),
    );
    expect(() => new Waiter(42 as never)).toThrow(/waiter options to be an object, got 42/);
  });

  it.each<[string, unknown, string]>([
    ['an array', [], 'an array'],
    ['a Map', new Map([['timeoutMs', 1_000]]), 'an object'],
    ['a class instance', new (class Options {})(), 'an object'],
    ['a function', () => ({}), 'a function'],
  ])('throws a TypeError when the options are %s', (_, options, got) => {
    const expected = new TypeError(`Expected the waiter options to be an object, got ${got}`);

    expect(() => resolveWaiterOptions(options as never)).toThrow(expected);
    expect(() => new Waiter(options as never)).toThrow(expected);
  });

  it('accepts the options when they have a null prototype or come from another realm', () => {
    const bare = Object.assign(Object.create(null) as object, { timeoutMs: 5_000 });
    const foreign = runInNewContext('({ timeoutMs: 6000 })') as WaiterOptions<unknown>;

    expect(resolveWaiterOptions(bare)).toMatchObject({ timeoutMs: 5_000 });
    expect(resolveWaiterOptions(foreign)).toMatchObject({ timeoutMs: 6_000 });
  });

  it('names the option rather than failing to print it when a value has a null prototype', () => {
    expect(() => resolveWaiterOptions({ timeoutMs: Object.create(null) as never })).toThrow(
      new TypeError('Expected option `timeoutMs` to be a number, got an object'),
    );
  });

  it('refuses a zero minDelayMs, which would let a zero delay poll in a tight loop', () => {
    expect(() => resolveWaiterOptions({ minDelayMs: 0 })).toThrow(
      new RangeError('Expected option `minDelayMs` to be a number from 1 to 2147483647, got 0'),
    );
  });

  it('reports the allowed range and the value when it throws a RangeError', () => {
    expect(() => resolveWaiterOptions({ minDelayMs: 500, maxDelayMs: 400 })).toThrow(
      'Expected option `maxDelayMs` to be a number from 500 to 2147483647, got 400',
    );
  });
});

describe('Waiter', () => {
  it('validates its options when constructed', () => {
    expect(() => new Waiter({ pollRetries: 2.5 })).toThrow(RangeError);
    expect(() => new Waiter({ pollRetries: 2.5 })).toThrow('`pollRetries`');
  });

  it('exposes the resolved options when constructed', () => {
    const waiter = new Waiter({ timeoutMs: 90_000 });

    expect(waiter.options).toMatchObject({ timeoutMs: 90_000, minDelayMs: 100, maxNotFound: 3 });
  });
});
