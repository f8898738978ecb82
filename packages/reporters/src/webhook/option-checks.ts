import { MAX_TIMER_MS } from '@jobwait/core';

import { shown } from '../option-values.js';

/**
 * Checks that option `name` is a whole number from `min` to `max`.
 *
 * @throws TypeError when it is not a number; RangeError when it is out of range or fractional.
 */
export function assertWholeNumber(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`Expected option \`${name}\` to be a number, got ${shown(value)}`);
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `Expected option \`${name}\` to be a whole number from ${min} to ${max}, got ${value}`,
    );
  }

  return value;
}

/** Checks a duration option in milliseconds: a whole number from `min` to 2^31−1. */
export function assertDurationMs(name: string, value: unknown, min: number): number {
  return assertWholeNumber(name, value, min, MAX_TIMER_MS);
}

/** @throws TypeError when option `name` is given and is not a boolean. */
export function assertBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`Expected option \`${name}\` to be a boolean, got ${shown(value)}`);
  }

  return value;
}

/** @throws TypeError when option `name` is not a function. */
export function assertFunction(name: string, value: unknown): void {
  if (typeof value !== 'function') {
    throw new TypeError(`Expected option \`${name}\` to be a function, got ${shown(value)}`);
  }
}

/** Whether `value` is an object made by `{}` or `Object.create(null)`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;

  const prototype: unknown = Object.getPrototypeOf(value);

  return prototype === Object.prototype || prototype === null;
}

/**
 * @throws TypeError when `options` is not a plain object, or names an option not in `names`.
 */
export function assertKnownOptions(
  owner: string,
  options: unknown,
  names: readonly string[],
): asserts options is Record<string, unknown> {
  if (!isPlainObject(options)) {
    throw new TypeError(`Expected the options of ${owner} to be an object, got ${shown(options)}`);
  }

  const unknown = Object.keys(options).find((name) => !names.includes(name));

  if (unknown !== undefined) throw new TypeError(`Unknown option \`${unknown}\` of ${owner}`);
}
