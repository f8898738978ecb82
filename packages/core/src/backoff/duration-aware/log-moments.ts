import { normalCdf, normalPdf } from './normal.js';

/** Durations below this count as this, so that their logarithm stays finite. */
export const SHORTEST_DURATION_MS = 1;

/**
 * E[X] and E[X²] of X = ln D, for D lognormal(μ, σ) known only to lie in (`afterMs`,
 * `byMs`]: the truncated normal's moments. `byMs` equal to `afterMs` is an exact duration;
 * `byMs` of Infinity means D > `afterMs` (the job had not ended when last seen).
 *
 * @remarks
 * When the interval holds almost none of the fitted distribution (probability below 1e-12,
 * as happens when the fit is far off), the moments are those of a point: the middle of the
 * interval on a log scale, or its lower end when it is open above.
 */
export function logMoments(
  afterMs: number,
  byMs: number,
  mu: number,
  sigma: number,
): [number, number] {
  const low = Math.log(Math.max(afterMs, SHORTEST_DURATION_MS));
  const high = Math.log(Math.max(byMs, SHORTEST_DURATION_MS));
  if (byMs <= afterMs || high === low) return [low, low * low];

  const alpha = afterMs <= SHORTEST_DURATION_MS ? -Infinity : (low - mu) / sigma;
  const beta = byMs === Infinity ? Infinity : (high - mu) / sigma;
  // Measured from the nearer tail, so an interval far out on the right keeps its digits.
  const mass =
    alpha > 0 ? normalCdf(-alpha) - normalCdf(-beta) : normalCdf(beta) - normalCdf(alpha);

  if (!(mass > 1e-12)) {
    const point = byMs === Infinity ? low : alpha === -Infinity ? high : (low + high) / 2;

    return [point, point * point];
  }

  const densityLow = normalPdf(alpha);
  const densityHigh = normalPdf(beta);
  const shift = (densityLow - densityHigh) / mass;
  const spread =
    ((Number.isFinite(alpha) ? alpha * densityLow : 0) -
      (Number.isFinite(beta) ? beta * densityHigh : 0)) /
    mass;
  const mean = mu + sigma * shift;
  const variance = Math.max(0, sigma * sigma * (1 + spread - shift * shift));

  return [mean, variance + mean * mean];
}
