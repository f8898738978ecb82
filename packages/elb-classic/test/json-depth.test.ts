import { describe, expect, it } from '@jest/globals';

import { isDeeperThan, MAX_JSON_DEPTH } from '../src/json-depth.js';

/** `levels` arrays and objects, alternating, around a string. */
function nested(levels: number): unknown {
  let value: unknown = 'core';
  for (let level = 0; level < levels; level += 1) {
    value = level % 2 === 0 ? [value] : { inner: value };
  }

  return value;
}

describe('isDeeperThan', () => {
  it('counts one level when the value is a flat object, and none when it is a scalar', () => {
    expect(isDeeperThan({ a: 1 }, 1)).toBe(false);
    expect(isDeeperThan({ a: {} }, 1)).toBe(true);
    expect(isDeeperThan('text', 0)).toBe(false);
  });

  it('accepts a value when it nests exactly the limit', () => {
    expect(isDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(isDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
  });

  it('finds the deep branch when it is not the first one', () => {
    const value = { shallow: [1, 2, 3], deep: [{ a: 1 }, { b: nested(10) }] };

    expect(isDeeperThan(value, 5)).toBe(true);
    expect(isDeeperThan(value, 13)).toBe(false);
  });

  it('answers without overflowing the stack when the value nests 200 000 levels', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`) as unknown;

    expect(isDeeperThan(deep, MAX_JSON_DEPTH)).toBe(true);
  });
});
