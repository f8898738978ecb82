import { describe, expect, it } from '@jest/globals';

import { redactStrings, redactor } from '../src/redactor.js';

describe('redactor', () => {
  it('replaces every occurrence of a secret, as given and percent-encoded', () => {
    const redact = redactor(['a b/c']);

    expect(redact('x a b/c y a%20b%2Fc z a b/c')).toBe('x [redacted] y [redacted] z [redacted]');
  });

  it('replaces a secret that contains another whole, when the longer one is given last', () => {
    const redact = redactor(['abc', 'xxabcxx']);

    expect(redact('1 xxabcxx 2 abc')).toBe('1 [redacted] 2 [redacted]');
  });

  it('never matches inside a replacement it made', () => {
    expect(redactor(['secret', 'dact'])('secret')).toBe('[redacted]');
  });

  it('takes regular expression characters literally', () => {
    const redact = redactor(['a.c', '$1(x)*']);

    expect(redact('abc a.c $1(x)* $1(x)')).toBe('abc [redacted] [redacted] $1(x)');
  });

  it('returns text as it is when there are no secrets', () => {
    expect(redactor([])('token')).toBe('token');
  });
});

describe('redactStrings', () => {
  it('redacts the strings of nested objects and leaves the input and other values alone', () => {
    const record = { a: 'pw1', n: 1, t: true, nested: { b: 'x pw1 x', c: null } };

    expect(redactStrings(record, redactor(['pw1']))).toEqual({
      a: '[redacted]',
      n: 1,
      t: true,
      nested: { b: 'x [redacted] x', c: null },
    });
    expect(record.nested.b).toBe('x pw1 x');
  });

  it('redacts the strings of arrays and keeps them arrays', () => {
    expect(redactStrings({ list: ['pw1', 2, { c: 'pw1!' }] }, redactor(['pw1']))).toEqual({
      list: ['[redacted]', 2, { c: '[redacted]!' }],
    });
  });

  it('returns the value itself when there is nothing to redact', () => {
    const value = { a: 'pw1' };

    expect(redactStrings(value, undefined)).toBe(value);
  });
});
