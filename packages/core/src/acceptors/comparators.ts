/**
 * How a matcher compares the value at its path with the value it expects, as Smithy waiters
 * name them:
 *
 * - `stringEquals`: the value is a string equal to `expected`.
 * - `booleanEquals`: the value is a boolean equal to `expected`.
 * - `allStringEquals`: the value is a non-empty array whose every element is a string equal
 *   to `expected`.
 * - `anyStringEquals`: the value is an array with at least one element that is a string
 *   equal to `expected`.
 */
export type PathComparator =
  'stringEquals' | 'booleanEquals' | 'allStringEquals' | 'anyStringEquals';

/** Each comparator as a test of the value found against the value expected. */
export const COMPARATORS: Readonly<
  Record<PathComparator, (found: unknown, expected: string | boolean) => boolean>
> = {
  stringEquals: (found, expected) => found === expected,
  booleanEquals: (found, expected) => found === expected,
  // `every` holds for an empty list, yet no instances at all are not "all running".
  allStringEquals: (found, expected) =>
    Array.isArray(found) && found.length > 0 && found.every((item) => item === expected),
  anyStringEquals: (found, expected) =>
    Array.isArray(found) && found.some((item) => item === expected),
};

/** Tells whether `name` is one of the {@link PathComparator} names. */
export function isComparator(name: unknown): name is PathComparator {
  return typeof name === 'string' && Object.hasOwn(COMPARATORS, name);
}
