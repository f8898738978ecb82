/**
 * The q-quantile of numbers already sorted in ascending order, interpolated linearly between
 * the two nearest ranks; `NaN` for none.
 *
 * @param {readonly number[]} sorted
 * @param {number} q - in [0, 1].
 */
export function quantileOfSorted(sorted, q) {
  if (sorted.length === 0) return NaN;

  const rank = (sorted.length - 1) * q;
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);

  return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
}

/** @param {readonly number[]} values */
export const ascending = (values) => [...values].sort((a, b) => a - b);

/** @param {readonly number[]} values */
export const meanOf = (values) =>
  values.length === 0 ? NaN : values.reduce((total, value) => total + value, 0) / values.length;

/**
 * The median, `null` when any value is `null` and that makes the median unknown: `null` stands
 * for "more than the bench waited", so it sorts above every number.
 *
 * @param {readonly (number | null)[]} values
 * @returns {number | null}
 */
export function medianOf(values) {
  const known = ascending(/** @type {number[]} */ (values.filter((value) => value !== null)));
  const unknown = values.length - known.length;
  const middle = (values.length - 1) / 2;
  if (Math.ceil(middle) >= known.length) return null;

  return unknown === 0 ? quantileOfSorted(known, 0.5) : known[Math.ceil(middle)];
}
