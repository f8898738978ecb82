/** The largest delay a Node.js timer accepts, in milliseconds. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Checks that option `name` is a finite number in [`min`, `max`]: a `TypeError` names the
 * option for a value that is not a number, a `RangeError` for one out of range.
 */
export function assertNumber(
  name: string,
  value: unknown,
  { min = 0, max = MAX_TIMER_MS, integer = false } = {},
): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`Expected option \`${name}\` to be a number, got ${describe(value)}`);
  }

  if (value < min || value > max || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer' : 'a number';
    throw new RangeError(
      `Expected option \`${name}\` to be ${kind} from ${min} to ${max}, got ${value}`,
    );
  }
}

/** Checks that option `name` is a function. */
export function assertFunction(
  name: string,
  value: unknown,
): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') {
    throw new TypeError(`Expected option \`${name}\` to be a function, got ${describe(value)}`);
  }
}

/** Checks that option `name` is an object (not null, not an array). */
export function assertObject(name: string, value: unknown): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`Expected option \`${name}\` to be an object, got ${describe(value)}`);
  }
}

/** Checks that option `name` is an `AbortSignal`, when given. */
export function assertOptionalSignal(name: string, value: unknown): void {
  if (value !== undefined && !(value instanceof AbortSignal)) {
    throw new TypeError(`Expected option \`${name}\` to be an AbortSignal, got ${describe(value)}`);
  }
}

/** A short description of an option's value for an error message. */
export function describe(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return String(value);
    default:
      if (value === null) return 'null';
      return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
  }
}

/** The name of field `key` under `prefix`: `prefix.key`, or `key` alone at the top. */
export function fieldName(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/**
 * Checks that object `value` (option `name`) has no field but `known`, so that a misspelt one
 * fails loudly instead of being ignored. The message names the field, never its value, with a
 * hint to the known name it resembles: the same but for case, `_` and `-` (`error_code` as the
 * API serves it, `securitytoken`), or but for the unit (`requestTimeout` for `requestTimeoutMs`).
 */
export function assertKnownFields(name: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;

    const like = resembling(key, known);
    const hint = like === undefined ? '' : ` (did you mean \`${like}\`?)`;
    throw new TypeError(
      `Unknown option \`${fieldName(name, key)}\`${hint}; known: ${known.join(', ')}`,
    );
  }
}

/** The known name that `key` spells loosely: but for case, `_` and `-`, or without `Ms`. */
function resembling(key: string, known: readonly string[]): string | undefined {
  const loose = (text: string): string => text.replace(/[_-]/g, '').toLowerCase();
  const wanted = loose(key);

  return (
    known.find((name) => loose(name) === wanted) ??
    known.find((name) => loose(name) === `${wanted}ms`)
  );
}
