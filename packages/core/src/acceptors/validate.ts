import { isPlainObject } from '../backoff/validate.js';
import { describeValue } from '../describe-value.js';

/** Fields that Smithy names differently, with the name they have here. */
const RENAMED: Readonly<Record<string, string>> = { message: 'reason' };

/**
 * Checks that option `name` is a plain object whose every own field is one of `known`.
 *
 * @throws TypeError naming the option when it is not a plain object, or naming the unknown
 *   field (with the name to use instead for a Smithy name such as `message`).
 */
export function assertFields(
  name: string,
  value: unknown,
  known: readonly string[],
): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw new TypeError(`Expected option \`${name}\` to be an object, got ${describeValue(value)}`);
  }

  assertKnownFields(`${name}.`, value, known);
}

/**
 * Checks that every own field of `value` is one of `known`, naming an unknown one as
 * `prefix` followed by the field.
 */
export function assertKnownFields(prefix: string, value: object, known: readonly string[]): void {
  for (const field of Object.keys(value)) {
    if (known.includes(field)) continue;

    const renamed = RENAMED[field];
    const hint = renamed === undefined ? '' : ` (did you mean \`${renamed}\`?)`;
    throw new TypeError(`Unknown option \`${prefix}${field}\`${hint}`);
  }
}

/** Checks that option `name` is a function when it is given. */
export function assertOptionalFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    const got = describeValue(value);
    throw new TypeError(`Expected option \`${name}\` to be a function, got ${got}`);
  }
}
