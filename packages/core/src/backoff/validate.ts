import { describeValue } from '../describe-value.js';

/** Largest delay a Node.js timer accepts; longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Checks that option `name` is a finite number in [`min`, `max`], naming the option in the
 * error: a `TypeError` for a value that is not a number, a `RangeError` for one out of range.
 */
export function assertNumberInRange(
  name: string,
  value: unknown,
  {
    min = 0,
    max = MAX_TIMER_MS,
    integer = false,
  }: { min?: number; max?: number; integer?: boolean } = {},
): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`Expected option \`${name}\` to be a number, got ${describeValue(value)}`);
  }

  if (value < min || value > max || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer' : 'a number';
    throw new RangeError(
      `Expected option \`${name}\` to be ${kind} from ${min} to ${max}, got ${value}`,
    );
  }
}

/**
 * Checks that the options argument of `owner` is a plain object: one written as a literal,
 * or made by `Object.create(null)`. Arrays, functions, class instances and primitives are
 * refused with a `TypeError` naming the options, as `"Expected the <owner> options to be an
 * object, got an array"`.
 */
export function assertOptionsObject(owner: string, value: unknown): asserts value is object {
  if (!isPlainObject(value)) {
    throw new TypeError(
      `Expected the ${owner} options to be an object, got ${describeValue(value)}`,
    );
  }
}

/**
 * Checks that every own option name of `owner` is one of `names`, so a misspelt option (a
 * Terraform `minTimeout` for `minTimeoutMs`) is refused with a `TypeError` rather than
 * silently ignored. When adding `Ms` gives a known name, the message suggests it.
 */
export function assertKnownOptions(owner: string, options: object, names: readonly string[]): void {
  for (const name of Object.keys(options)) {
    if (names.includes(name)) continue;

    const hint = names.includes(`${name}Ms`) ? ` (did you mean \`${name}Ms\`?)` : '';
    throw new TypeError(`Unknown option \`${name}\` of ${owner}${hint}`);
  }
}

/**
 * Tells whether `value` is a plain object. A prototype whose own prototype is null counts as
 * `Object.prototype`, so an object from another realm (a `vm` context, a worker) passes too.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;

  const prototype: unknown = Object.getPrototypeOf(value);

  return (
    (prototype === null || Object.getPrototypeOf(prototype) === null) &&
    !(Symbol.toStringTag in value) &&
    !(Symbol.iterator in value)
  );
}
