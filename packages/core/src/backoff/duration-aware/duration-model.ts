import { describeValue } from '../../describe-value.js';
import { assertKnownOptions, assertNumberInRange, assertOptionsObject } from '../validate.js';
import { lognormalDistribution, MAX_SIGMA, type LognormalDistribution } from './distribution.js';
import { checkPriors, priorFor, type DurationPrior, type ResolvedPrior } from './duration-prior.js';
import { logMoments } from './log-moments.js';
import { readModelJson, type DurationModelJson } from './model-json.js';

/** Options of a {@link DurationModel}. */
export interface DurationModelOptions {
  /**
   * What is believed before any duration is seen, per kind and job type (see
   * {@link DurationPrior}). Jobs no prior names start from a median of 30 s, sigma 1, worth 2
   * durations. Adapters export priors for their job types.
   */
  readonly priors?: readonly DurationPrior[];
  /**
   * Durations kept per kind and job type, the most recent; older ones are forgotten. Default
   * 100.
   */
  readonly maxSamples?: number;
  /**
   * Kinds and job types tracked at most; beyond it the one observed least recently is dropped.
   * Default 1000.
   */
  readonly maxKeys?: number;
}

/** What a {@link DurationModel} believes of one kind and job type's durations now. */
export interface DurationEstimate {
  readonly kind: string;
  readonly jobType: string | undefined;
  /** The estimated median duration, in milliseconds. */
  readonly medianMs: number;
  /** The estimated standard deviation of the duration's logarithm. */
  readonly sigma: number;
  /** How many durations it rests on, besides the prior. */
  readonly samples: number;
  /** How many durations the prior counts as. */
  readonly priorWeight: number;
  /** The lognormal distribution with this median and sigma. */
  readonly distribution: LognormalDistribution;
}

/**
 * One thing known of a duration: that it lies in (`afterMs`, `byMs`]; exact when the two are
 * equal, open above (`byMs` Infinity) when the job was still running when last seen. The log
 * moments are the sample's expected contribution, read once, when it arrives.
 */
interface Sample {
  readonly afterMs: number;
  readonly byMs: number;
  readonly meanLog: number;
  readonly meanSquareLog: number;
}

interface Entry {
  readonly kind: string;
  readonly jobType: string | undefined;
  readonly prior: ResolvedPrior;
  readonly samples: Sample[];
  /** The estimate of the samples as they are; dropped when one arrives. */
  estimate?: DurationEstimate | undefined;
}

/** Sigma never falls below this, however alike the durations: a plan needs some spread. */
const MIN_SIGMA = 0.02;

const OPTION_NAMES = ['priors', 'maxSamples', 'maxKeys'];

/**
 * What is known of how long jobs take, per adapter kind and job type: a lognormal estimate,
 * from a prior and the most recent durations seen. Share one model between the waits (and
 * strategies) that should learn from each other, and save it between runs with
 * {@link DurationModel.toJSON} or `saveDurationModel`.
 *
 * @remarks
 * The estimate is Bayesian, on ln D: a normal–inverse-gamma prior centred on the prior's
 * median and sigma, counting as `weight` samples for both, updated by the samples kept.
 * With n samples of mean m and sum of squared deviations SS, and prior (μ₀, σ₀, κ):
 * μ = (κμ₀ + n·m) / (κ + n) and σ² = (κσ₀² + SS + κn(m − μ₀)² / (κ + n)) / (κ + n).
 * Only the latest `maxSamples` durations count, so the model follows a provider that gets
 * faster or slower. A duration known only to lie in an interval (a wait sees a job pending at
 * one poll and done at the next) counts as its expected value, and square, under the
 * estimate of the moment it arrives; one known only to be longer than some time (a wait that
 * timed out) likewise. Loading a saved model replays its samples in order, so it gives the
 * same estimate as the model that was saved, given the same priors.
 */
export class DurationModel {
  private readonly priors: readonly ResolvedPrior[];
  private readonly maxSamples: number;
  private readonly maxKeys: number;
  private readonly entries = new Map<string, Entry>();

  /** @throws TypeError or RangeError naming the first invalid option. */
  constructor(options: DurationModelOptions = {}) {
    assertOptionsObject('DurationModel', options);
    assertKnownOptions('DurationModel', options, OPTION_NAMES);
    const { priors = [], maxSamples = 100, maxKeys = 1000 } = options;

    this.priors = Object.freeze(checkPriors(priors));
    assertNumberInRange('maxSamples', maxSamples, { min: 1, max: 1_000_000, integer: true });
    assertNumberInRange('maxKeys', maxKeys, { min: 1, max: 1_000_000, integer: true });
    this.maxSamples = maxSamples;
    this.maxKeys = maxKeys;
  }

  /**
   * Reads a model saved by {@link DurationModel.toJSON}, with `options` (the priors are not
   * saved: they come from the code that loads).
   *
   * @throws TypeError naming the field (`model.entries[2].samples[5]`) for data of the wrong
   *   shape or an unknown `format`; RangeError for an unsupported `version` or a duration out
   *   of range; and as the constructor does for `options`.
   */
  static fromJSON(value: unknown, options: DurationModelOptions = {}): DurationModel {
    const model = new DurationModel(options);

    for (const { kind, jobType, samples } of readModelJson(value)) {
      for (const [afterMs, byMs] of samples) model.add(kind, jobType, afterMs, byMs ?? Infinity);
    }

    return model;
  }

  /**
   * Records that a job of `kind` and `jobType` took `durationMs` milliseconds.
   *
   * @throws TypeError for a `kind` or `jobType` that is not a string, or a duration that is
   *   not a number; RangeError for a negative or infinite duration.
   */
  observe(kind: string, jobType: string | undefined, durationMs: number): void {
    assertKey(kind, jobType);
    assertNumberInRange('durationMs', durationMs, { max: Number.MAX_SAFE_INTEGER });
    this.add(kind, jobType, durationMs, durationMs);
  }

  /**
   * Records what a wait saw of a job of `kind` and `jobType`: still running at `afterMs`, and
   * done by `byMs`; leave `byMs` out when the job was not seen done (the wait timed out).
   *
   * @throws TypeError for a `kind` or `jobType` that is not a string, or times that are not
   *   numbers; RangeError for negative or infinite times, or a `byMs` before `afterMs`.
   */
  observeBetween(
    kind: string,
    jobType: string | undefined,
    { afterMs, byMs }: { afterMs: number; byMs?: number },
  ): void {
    assertKey(kind, jobType);
    assertNumberInRange('afterMs', afterMs, { max: Number.MAX_SAFE_INTEGER });
    if (byMs !== undefined) {
      assertNumberInRange('byMs', byMs, { min: afterMs, max: Number.MAX_SAFE_INTEGER });
    }
    this.add(kind, jobType, afterMs, byMs ?? Infinity);
  }

  /**
   * What the model believes now of jobs of `kind` and `jobType`: the prior alone until a
   * duration has been seen.
   *
   * @throws TypeError for a `kind` or `jobType` that is not a string.
   */
  estimate(kind: string, jobType?: string): DurationEstimate {
    assertKey(kind, jobType);
    const key = keyOf(kind, jobType);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      // Kept, empty, so that asking again answers the same estimate without working it out.
      entry = { kind, jobType, prior: priorFor(this.priors, kind, jobType), samples: [] };
      this.remember(key, entry);
    }

    return (entry.estimate ??= estimateOf(entry));
  }

  /** The samples of every kind and job type as plain JSON, for {@link DurationModel.fromJSON}. */
  toJSON(): DurationModelJson {
    return {
      format: 'jobwait.duration-model',
      version: 1,
      entries: [...this.entries.values()]
        .filter(({ samples }) => samples.length > 0)
        .map(({ kind, jobType, samples }) => ({
          kind,
          ...(jobType === undefined ? {} : { jobType }),
          samples: samples.map(({ afterMs, byMs }) => [afterMs, byMs === Infinity ? null : byMs]),
        })),
    };
  }

  /** Adds an entry as the latest, dropping the oldest beyond `maxKeys`. */
  private remember(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    if (this.entries.size > this.maxKeys) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  private add(kind: string, jobType: string | undefined, afterMs: number, byMs: number): void {
    const entry = this.entryFor(kind, jobType);
    const { medianMs, sigma } = (entry.estimate ??= estimateOf(entry));
    const [meanLog, meanSquareLog] = logMoments(afterMs, byMs, Math.log(medianMs), sigma);

    entry.samples.push({ afterMs, byMs, meanLog, meanSquareLog });
    if (entry.samples.length > this.maxSamples) entry.samples.shift();
    entry.estimate = undefined;
  }

  /** The entry of a key, made when missing, and moved to the end as the latest observed. */
  private entryFor(kind: string, jobType: string | undefined): Entry {
    const key = keyOf(kind, jobType);
    const entry = this.entries.get(key) ?? {
      kind,
      jobType,
      prior: priorFor(this.priors, kind, jobType),
      samples: [],
    };

    this.entries.delete(key);
    this.remember(key, entry);

    return entry;
  }
}

/** The posterior estimate of an entry; see {@link DurationModel} for the formulas. */
function estimateOf(entry: Entry): DurationEstimate {
  const { kind, jobType, prior, samples } = entry;
  const priorMean = Math.log(prior.medianMs);
  const weight = prior.weight;
  const n = samples.length;
  let sum = 0;
  let sumSquares = 0;
  for (const sample of samples) {
    sum += sample.meanLog;
    sumSquares += sample.meanSquareLog;
  }

  const mean = n === 0 ? priorMean : sum / n;
  const deviations = Math.max(0, sumSquares - n * mean * mean);
  const mu = (weight * priorMean + sum) / (weight + n);
  const pull = (weight * n * (mean - priorMean) ** 2) / (weight + n);
  const variance = (weight * prior.sigma ** 2 + deviations + pull) / (weight + n);
  // The prior alone is answered as given, not through a logarithm and back.
  const sigma =
    n === 0 ? prior.sigma : Math.min(MAX_SIGMA, Math.max(MIN_SIGMA, Math.sqrt(variance)));
  const medianMs = n === 0 ? prior.medianMs : Math.exp(mu);

  return Object.freeze({
    kind,
    jobType,
    medianMs,
    sigma,
    samples: n,
    priorWeight: weight,
    distribution: lognormalDistribution({ medianMs, sigma }),
  });
}

function keyOf(kind: string, jobType: string | undefined): string {
  return JSON.stringify([kind, jobType ?? null]);
}

function assertKey(kind: unknown, jobType: unknown): void {
  if (typeof kind !== 'string') {
    throw new TypeError(`Expected \`kind\` to be a string, got ${describeValue(kind)}`);
  }
  if (jobType !== undefined && typeof jobType !== 'string') {
    throw new TypeError(`Expected \`jobType\` to be a string, got ${describeValue(jobType)}`);
  }
}
