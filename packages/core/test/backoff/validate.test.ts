import { describe, expect, it } from '@jest/globals';

import { assertNumberInRange, MAX_TIMER_MS } from '../../src/backoff/validate.js';

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
    expect(() => assertNumberInRange('a', 10n)).toThrow(TypeError);
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
