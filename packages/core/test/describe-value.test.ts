import { describe, expect, it } from '@jest/globals';

import { describeValue, safeString } from '../src/describe-value.js';

/** An object whose conversion to a string throws, as `Object.create(null)` does. */
const unprintable = () =>
  Object.assign(Object.create(null) as object, {
    toString() {
      throw new Error('no text');
    },
  });

describe('safeString', () => {
  it('gives what String() gives when the value converts', () => {
    expect(['boom', undefined, null, 42, { code: 'X' }, [1, 2]].map(safeString)).toEqual([
      'boom',
      'undefined',
      'null',
      '42',
      '[object Object]',
      '1,2',
    ]);
  });

  it('gives the object tag when the value has a null prototype', () => {
    expect(() => String(Object.create(null))).toThrow(TypeError);
    expect(safeString(Object.create(null))).toBe('[object Object]');
  });

  it('gives the object tag when toString throws', () => {
    expect(safeString(unprintable())).toBe('[object Object]');
  });

  it('gives the type in brackets when even the tag cannot be read', () => {
    const hostile = new Proxy(Object.create(null) as object, {
      get() {
        throw new Error('no fields');
      },
    });

    expect(safeString(hostile)).toBe('[object]');
  });
});

describe('describeValue', () => {
  it.each<[string, unknown, string]>([
    ['a string', 'succes', '"succes"'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['NaN', Number.NaN, 'NaN'],
    ['a bigint', 10n, '10n'],
    ['a symbol', Symbol('x'), 'Symbol(x)'],
    ['a function', () => 1, 'a function'],
    ['an array', [], 'an array'],
    ['a plain object', { type: 1 }, 'an object'],
    ['a null-prototype object', Object.create(null), 'an object'],
  ])('describes the value as %s when given one', (_, value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });
});
