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
    throw new TypeError(`Expected option \`${name}\` to be a number, got ${describe(value)}`);
  }

  if (value < min || value > max || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer' : 'a number';
    throw new RangeError(
      `Expected option \`${name}\` to be ${kind} from ${min} to ${max}, got ${value}`,
    );
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
