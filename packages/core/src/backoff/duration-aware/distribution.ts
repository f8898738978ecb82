import { describeValue } from '../../describe-value.js';
import { assertOptionsObject } from '../validate.js';
import { normalCdf, normalQuantile } from './normal.js';

/**
 * The distribution of a job's duration D, in milliseconds from the start of its wait: what a
 * poll schedule is optimised for. Three functions describe it, all that the expected lag and
 * the expected number of polls of a schedule depend on.
 */
export interface DurationDistribution {
  /** P(D ≤ t), non-decreasing, 0 for t ≤ 0 unless durations of 0 are possible. */
  readonly cdf: (tMs: number) => number;
  /** E[D; D ≤ t] = ∫₀ᵗ x dF(x), in milliseconds: the mean of D over the jobs done by t. */
  readonly partialMean: (tMs: number) => number;
  /** The smallest t with P(D ≤ t) ≥ p, for p in [0, 1]. */
  readonly quantile: (p: number) => number;
}

/** A lognormal duration: ln D is normal with mean ln(`medianMs`) and deviation `sigma`. */
export interface LognormalDistribution extends DurationDistribution {
  readonly kind: 'lognormal';
  /** The median duration, e^μ, in milliseconds. */
  readonly medianMs: number;
  /** The standard deviation σ of ln D. */
  readonly sigma: number;
}

/** The durations of a sample, each as likely as the others. */
export interface EmpiricalDistribution extends DurationDistribution {
  readonly kind: 'empirical';
  /** The sample, sorted, in milliseconds. */
  readonly samplesMs: readonly number[];
}

/** The largest sigma accepted: beyond it a lognormal spans more than 40 orders of magnitude. */
export const MAX_SIGMA = 10;

/**
 * A lognormal duration distribution with the given median and spread. With `medianMs` 25 000
 * and `sigma` 0.5, half the jobs take 15 s to 42 s (the quartiles) and 95 % take 9 s to 67 s.
 *
 * @throws TypeError when an option is not a number; RangeError when `medianMs` is not above 0
 *   and finite, or `sigma` not in (0, {@link MAX_SIGMA}].
 */
export function lognormalDistribution(options: {
  medianMs: number;
  sigma: number;
}): LognormalDistribution {
  assertOptionsObject('lognormalDistribution', options);
  assertLognormal(options);
  const { medianMs, sigma } = options;
  const mu = Math.log(medianMs);
  // E[D] = e^(μ + σ²/2); E[D; D ≤ t] = E[D] Φ((ln t − μ − σ²) / σ).
  const meanMs = Math.exp(mu + (sigma * sigma) / 2);

  return Object.freeze({
    kind: 'lognormal',
    medianMs,
    sigma,
    cdf: (tMs: number) => (tMs > 0 ? normalCdf((Math.log(tMs) - mu) / sigma) : 0),
    partialMean: (tMs: number) =>
      tMs > 0 ? meanMs * normalCdf((Math.log(tMs) - mu - sigma * sigma) / sigma) : 0,
    quantile: (p: number) => Math.exp(mu + sigma * normalQuantile(p)),
  });
}

/**
 * Checks a lognormal's parameters, naming the field under `path` in the error (`'prior'` gives
 * `prior.medianMs`).
 */
export function assertLognormal(value: { medianMs: unknown; sigma: unknown }, path = ''): void {
  const prefix = path === '' ? '' : `${path}.`;

  for (const name of ['medianMs', 'sigma'] as const) {
    if (typeof value[name] !== 'number' || Number.isNaN(value[name])) {
      const got = describeValue(value[name]);
      throw new TypeError(`Expected \`${prefix}${name}\` to be a number, got ${got}`);
    }
  }

  const { medianMs, sigma } = value as { medianMs: number; sigma: number };
  if (!(medianMs > 0 && Number.isFinite(medianMs))) {
    throw new RangeError(
      `Expected \`${prefix}medianMs\` to be above 0 and finite, got ${medianMs}`,
    );
  }

  if (!(sigma > 0 && sigma <= MAX_SIGMA)) {
    throw new RangeError(
      `Expected \`${prefix}sigma\` to be above 0 and at most ${MAX_SIGMA}, got ${sigma}`,
    );
  }
}

/**
 * The empirical distribution of `samplesMs`: each duration has probability 1/n. Use it to
 * compute the optimal schedule for durations measured rather than modelled. The array is
 * copied and sorted.
 *
 * @throws TypeError when `samplesMs` is not an array or an entry is not a number; RangeError
 *   for an empty array or an entry that is negative or not finite, naming its index.
 */
export function empiricalDistribution(samplesMs: readonly number[]): EmpiricalDistribution {
  const sorted = checkSamples(samplesMs).sort((a, b) => a - b);
  // prefix[k] is the sum of the k smallest samples.
  const prefix = new Float64Array(sorted.length + 1);
  sorted.forEach((sample, index) => (prefix[index + 1] = prefix[index]! + sample));
  const n = sorted.length;

  return Object.freeze({
    kind: 'empirical',
    samplesMs: Object.freeze(sorted),
    cdf: (tMs: number) => countAtMost(sorted, tMs) / n,
    partialMean: (tMs: number) => prefix[countAtMost(sorted, tMs)]! / n,
    quantile: (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!,
  });
}

function checkSamples(samplesMs: unknown): number[] {
  if (!Array.isArray(samplesMs)) {
    throw new TypeError(
      `Expected \`samplesMs\` to be an array of durations, got ${describeValue(samplesMs)}`,
    );
  }

  if (samplesMs.length === 0) {
    throw new RangeError('Expected `samplesMs` to hold at least one duration, got none');
  }

  const copy: number[] = [];
  for (let index = 0; index < samplesMs.length; index += 1) {
    const sample: unknown = samplesMs[index];
    if (typeof sample !== 'number' || Number.isNaN(sample)) {
      throw new TypeError(
        `Expected \`samplesMs[${index}]\` to be a number, got ${describeValue(sample)}`,
      );
    }
    if (!(sample >= 0 && Number.isFinite(sample))) {
      throw new RangeError(
        `Expected \`samplesMs[${index}]\` to be 0 or more and finite, got ${sample}`,
      );
    }
    copy.push(sample);
  }

  return copy;
}

/** How many of the sorted `values` are at most `limit`, by binary search. */
function countAtMost(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;

  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= limit) low = middle + 1;
    else high = middle;
  }

  return low;
}
