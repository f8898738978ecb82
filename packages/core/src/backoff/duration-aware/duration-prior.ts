import { describeValue } from '../../describe-value.js';
import { assertKnownOptions, assertNumberInRange, isPlainObject } from '../validate.js';
import { assertLognormal } from './distribution.js';

/**
 * What a {@link DurationModel} believes of a job's duration before it has seen any: a
 * lognormal, worth `weight` observed durations. It applies to jobs of `kind` and `jobType`;
 * leave `jobType` out for every job type of `kind`, and both out for any job.
 */
export interface DurationPrior {
  /** The adapter kind it applies to, for example `'elb-classic'`; absent for any kind. */
  readonly kind?: string;
  /** The job type it applies to, for example `'createELB'`; absent for any job type. */
  readonly jobType?: string;
  /** The median duration, in milliseconds, from the start of the wait; above 0. */
  readonly medianMs: number;
  /** The standard deviation of the duration's natural logarithm, in (0, 10]. */
  readonly sigma: number;
  /**
   * How many observed durations the prior counts as, for the median and the spread alike: the
   * larger, the slower the model moves away from it. Default 5.
   */
  readonly weight?: number;
}

/** A prior with its weight filled in. */
export type ResolvedPrior = Required<Pick<DurationPrior, 'medianMs' | 'sigma' | 'weight'>> &
  Pick<DurationPrior, 'kind' | 'jobType'>;

/** The weight of a prior that gives none. */
export const DEFAULT_PRIOR_WEIGHT = 5;

/**
 * The prior of jobs that no given prior names: a median of 30 s and a sigma of 1, so half the
 * jobs take 15 s to 59 s and 95 % take 4 s to 3.5 min, worth 2 durations, so that the first
 * few observed durations soon outweigh it.
 */
export const FALLBACK_PRIOR: ResolvedPrior = Object.freeze({
  medianMs: 30_000,
  sigma: 1,
  weight: 2,
});

const PRIOR_FIELDS = ['kind', 'jobType', 'medianMs', 'sigma', 'weight'];

/**
 * Checks the `priors` option: an array of priors, no two for the same kind and job type.
 *
 * @throws TypeError naming the entry (`priors[2].sigma`) for a wrong type or unknown field;
 *   RangeError for a value out of range or a repeated kind and job type.
 */
export function checkPriors(priors: unknown): ResolvedPrior[] {
  if (!Array.isArray(priors)) {
    throw new TypeError(`Expected option \`priors\` to be an array, got ${describeValue(priors)}`);
  }

  const seen = new Set<string>();

  return priors.map((prior: unknown, index) => {
    const path = `priors[${index}]`;
    if (!isPlainObject(prior)) {
      throw new TypeError(`Expected \`${path}\` to be an object, got ${describeValue(prior)}`);
    }
    assertKnownOptions(path, prior, PRIOR_FIELDS);
    const { kind, jobType, medianMs, sigma, weight = DEFAULT_PRIOR_WEIGHT } = prior;
    assertOptionalString(`${path}.kind`, kind);
    assertOptionalString(`${path}.jobType`, jobType);
    if (kind === undefined && jobType !== undefined) {
      throw new TypeError(`Expected \`${path}.kind\` with \`${path}.jobType\``);
    }
    assertLognormal({ medianMs, sigma }, path);
    assertNumberInRange(`${path}.weight`, weight, { min: Number.EPSILON, max: 1_000_000 });

    const key = JSON.stringify([kind ?? null, jobType ?? null]);
    if (seen.has(key)) {
      throw new RangeError(`Expected \`${path}\` to name a kind and job type no other prior names`);
    }
    seen.add(key);

    return { kind, jobType, medianMs, sigma, weight } as ResolvedPrior;
  });
}

/** The prior for `kind` and `jobType`: the most specific that applies, or the fallback. */
export function priorFor(
  priors: readonly ResolvedPrior[],
  kind: string,
  jobType: string | undefined,
): ResolvedPrior {
  return (
    (jobType === undefined
      ? undefined
      : priors.find((prior) => prior.kind === kind && prior.jobType === jobType)) ??
    priors.find((prior) => prior.kind === kind && prior.jobType === undefined) ??
    priors.find((prior) => prior.kind === undefined) ??
    FALLBACK_PRIOR
  );
}

function assertOptionalString(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'string') {
    throw new TypeError(`Expected \`${name}\` to be a string, got ${describeValue(value)}`);
  }
}
