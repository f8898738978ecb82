import { describe, expect, it } from '@jest/globals';

import { checkVerdict } from '../src/verdict.js';

const INVALID = 'The classifier returned an invalid verdict: ';
const TYPES =
  '"pending", "success", "failure", "not-found", "unknown", "transient", "throttled", "fatal"';

describe('checkVerdict', () => {
  it.each([
    { type: 'pending', state: 'RUNNING', detail: '1/3' },
    { type: 'success', state: 'DONE' },
    { type: 'failure', state: 'FAIL', detail: 'x', code: 'ELB.1009', reason: 'quota' },
    { type: 'not-found' },
    { type: 'unknown', state: '' },
    { type: 'transient' },
    { type: 'throttled', retryAfterMs: 5_000 },
    { type: 'throttled', retryAfterMs: Number.POSITIVE_INFINITY },
    { type: 'fatal' },
  ])('returns an equal verdict when given the valid %j', (verdict) => {
    expect(checkVerdict(verdict)).toStrictEqual(verdict);
  });

  it('drops undefined and unknown fields when the verdict has them', () => {
    const given = { type: 'failure', code: undefined, reason: 'quota', note: 'extra' };

    expect(checkVerdict(given)).toStrictEqual({ type: 'failure', reason: 'quota' });
  });

  it('returns a fresh object, each field read once, when the verdict is valid', () => {
    let reads = 0;
    const given = {
      type: 'pending',
      get state() {
        reads += 1;
        return `S${reads}`;
      },
    };

    const verdict = checkVerdict(given);

    expect(verdict).not.toBe(given);
    expect(verdict).toStrictEqual({ type: 'pending', state: 'S1' });
    expect(reads).toBe(1);
  });

  it.each<[string, unknown, string]>([
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a string', 'success', '"success"'],
    ['a number', 0, '0'],
    ['an array', [{ type: 'success' }], 'an array'],
    ['a function', () => ({ type: 'success' }), 'a function'],
  ])('throws a TypeError naming what it got when the verdict is %s', (_, value, got) => {
    expect(() => checkVerdict(value)).toThrow(
      new TypeError(`${INVALID}expected an object with a \`type\`, got ${got}`),
    );
  });

  it.each<[string, unknown, string]>([
    ['misspelt', { type: 'succes' }, '"succes"'],
    ['missing', { state: 'DONE' }, 'undefined'],
    ['in another case', { type: 'SUCCESS' }, '"SUCCESS"'],
    ['not a string', { type: 1 }, '1'],
  ])('throws a TypeError listing every type when the type is %s', (_, value, got) => {
    expect(() => checkVerdict(value)).toThrow(
      new TypeError(`${INVALID}expected \`type\` to be one of ${TYPES}, ` + `got ${got}`),
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['retryAfterMs', { type: 'throttled', retryAfterMs: '5000' }, 'a number, got "5000"'],
    ['retryAfterMs', { type: 'throttled', retryAfterMs: null }, 'a number, got null'],
    ['state', { type: 'pending', state: 42 }, 'a string, got 42'],
    ['detail', { type: 'success', detail: ['1/2'] }, 'a string, got an array'],
    ['code', { type: 'failure', code: 1009 }, 'a string, got 1009'],
    ['reason', { type: 'failure', reason: Object.create(null) }, 'a string, got an object'],
  ])('throws a TypeError naming `%s` when the field has the wrong type', (field, value, rest) => {
    expect(() => checkVerdict(value)).toThrow(
      new TypeError(`${INVALID}expected \`${field}\` to be ${rest}`),
    );
  });
});
