import { describeValue } from '../describe-value.js';

/**
 * Refuses an option name that is not in `known`, so that a misspelt one fails loudly instead
 * of leaving its default in force.
 */
export function assertKnownOptions(options: object, known: readonly string[]): void {
  const unknown = Object.keys(options).find((name) => !known.includes(name));

  if (unknown !== undefined) {
    const expected = known.map((name) => `\`${name}\``).join(', ');
    throw new TypeError(`Unknown option \`${unknown}\`; expected one of ${expected}`);
  }
}

/** Checks that option `name` is a function. */
export function assertFunctionOption(name: string, value: unknown): void {
  if (typeof value !== 'function') {
    const got = describeValue(value);
    throw new TypeError(`Expected option \`${name}\` to be a function, got ${got}`);
  }
}
