import { describe, expect, it } from '@jest/globals';

import { runInNewContext } from 'node:vm';

import {
  assertKnownOptions,
  assertNumberInRange,
  assertOptionsObject,
  isPlainObject,
  MAX_TIMER_MS,
} from '../../src/backoff/validate.js';

describe('MAX_TIMER_MS', () => {
  it('equals 2^31 - 1, beyond which a Node.js timer fires at once', () => {
    expect(MAX_TIMER_MS).toBe(2_147_483_647);
  });
});

describe('assertNumberInRange', () => {
  it('accepts a value when it equals a bound', () => {
    expect(() => assertNumberInRange('x', 0)).not.toThrow();
    expect(() => assertNumberInRange('x', MAX_TIMER_MS)).not.toThrow();
    expect(() => assertNumberInRange('x', 5, { min: 5, max: 5, integer: true })).not.toThrow();
  });

  it('throws a TypeError quoting the value when it is a string', () => {
    expect(() => assertNumberInRange('timeoutMs', '10')).toThrow(
      new TypeError('Expected option `timeoutMs` to be a number, got "10"'),
    );
  });

  it('throws a TypeError when the value is NaN or not a number', () => {
    expect(() => assertNumberInRange('a', Number.NaN)).toThrow(
      new TypeError('Expected option `a` to be a number, got NaN'),
    );
    expect(() => assertNumberInRange('a', null)).toThrow(TypeError);
    expect(() => assertNumberInRange('a', 10n)).toThrow(
      new TypeError('Expected option `a` to be a number, got 10n'),
    );
  });

  it('throws its own TypeError when the value cannot be converted to a string', () => {
    expect(() => assertNumberInRange('a', Object.create(null))).toThrow(
      new TypeError('Expected option `a` to be a number, got an object'),
    );
  });

  it('throws a RangeError with the range when the number is out of it', () => {
    expect(() => assertNumberInRange('minDelayMs', -1)).toThrow(
      new RangeError('Expected option `minDelayMs` to be a number from 0 to 2147483647, got -1'),
    );
    expect(() => assertNumberInRange('n', Number.POSITIVE_INFINITY, { max: 10 })).toThrow(
      new RangeError('Expected option `n` to be a number from 0 to 10, got Infinity'),
    );
  });

  it('throws a RangeError asking for an integer when a count has a fraction', () => {
    expect(() => assertNumberInRange('pollRetries', 1.5, { max: 10, integer: true })).toThrow(
      new RangeError('Expected option `pollRetries` to be an integer from 0 to 10, got 1.5'),
    );
  });
});

describe('isPlainObject', () => {
  it('is true when given a literal, a null-prototype object or one from another realm', () => {
    const values = [{}, { a: 1 }, Object.create(null), runInNewContext('({ a: 1 })')];

    expect(values.map(isPlainObject)).toEqual([true, true, true, true]);
  });

  it('is false when given an array, a class instance, a built-in object or a primitive', () => {
    class Options {}
    const values = [[], new Options(), new Map(), new Date(0), () => {}, null, undefined, 'x', 1];

    expect(values.filter(isPlainObject)).toEqual([]);
  });
});

describe('assertOptionsObject', () => {
  it('throws a TypeError naming the owner and what it got when the value is not plain', () => {
    expect(() => assertOptionsObject('exponentialBackoff', [])).toThrow(
      new TypeError('Expected the exponentialBackoff options to be an object, got an array'),
    );
  });
});

describe('assertKnownOptions', () => {
  it('accepts the options when every name is known, whatever their values', () => {
    expect(() => assertKnownOptions('s', { a: 1, b: undefined }, ['a', 'b', 'c'])).not.toThrow();
  });

  it('throws a TypeError naming the option and the owner when a name is unknown', () => {
    expect(() => assertKnownOptions('linearBackoff', { steps: 2 }, ['stepMs'])).toThrow(
      new TypeError('Unknown option `steps` of linearBackoff'),
    );
  });

  it('suggests the name with Ms when that one is known', () => {
    expect(() => assertKnownOptions('awsBackoff', { minDelay: 2 }, ['minDelayMs'])).toThrow(
      new TypeError('Unknown option `minDelay` of awsBackoff (did you mean `minDelayMs`?)'),
    );
  });
});
