import type { BackoffExplanation } from '../../events.js';
import type {
  BackoffContext,
  BackoffLearnContext,
  BackoffStrategy,
  InitialDelayContext,
} from '../backoff-strategy.js';
import { describeValue } from '../../describe-value.js';
import { assertKnownOptions, assertNumberInRange, assertOptionsObject } from '../validate.js';
import type { DurationPrior } from './duration-prior.js';
import { DurationModel, type DurationEstimate } from './duration-model.js';
import { PollPlan, type PlanBounds } from './poll-plan.js';

/** Options of {@link durationAwareBackoff}. */
export interface DurationAwareBackoffOptions {
  /**
   * What is known of job durations, shared with other strategies and saved between runs as
   * you choose. Default: a model of the strategy's own, with `priors`.
   */
  model?: DurationModel;
  /** The priors of the strategy's own model; give them to the model instead when you pass one. */
  priors?: readonly DurationPrior[];
  /**
   * λ as a share of the estimated median duration: one poll is worth this much of the median in
   * expected lag. Default 1/80 (0.0125): about 6 polls a job at sigma 0.5, what Terraform's
   * schedule spends on such jobs (median 25 s) with a 2 s floor, at a third of its lag.
   * Since λ follows the median, the number of polls a job does not depend on how long jobs
   * take, only on how much their durations vary.
   */
  costPerPollOfMedian?: number;
  /** λ in milliseconds of expected lag per poll, whatever the durations; replaces the above. */
  costPerPollMs?: number;
  /** Whether each wait's outcome updates the model. Default true. */
  learn?: boolean;
  /**
   * Reads a job's exact duration, in milliseconds, from its last observation (as from start
   * and end times the provider reports), for a better sample than the interval between two
   * polls. Answer `undefined` when it cannot tell.
   */
  durationOf?: (observation: unknown) => number | undefined;
}

/** A plan, and the estimate and λ it was made for. */
interface CachedPlan {
  readonly plan: PollPlan;
  readonly estimate: DurationEstimate;
  readonly costPerPollMs: number;
}

const OPTION_NAMES = [
  'model',
  'priors',
  'costPerPollOfMedian',
  'costPerPollMs',
  'learn',
  'durationOf',
];

/** The bounds of a context that lacks the waiter's: the waiter's defaults. */
const DEFAULT_BOUNDS: PlanBounds = { minDelayMs: 100, maxDelayMs: 60_000, timeoutMs: 600_000 };

/** A plan is made again once the median moves by this share, or sigma by {@link SIGMA_DRIFT}. */
const MEDIAN_DRIFT = 0.01;
const SIGMA_DRIFT = 0.02;

/** Plans kept, one per kind, job type and bounds; the oldest is dropped beyond. */
const MAX_PLANS = 64;

/**
 * A backoff that polls when the job is likely to have ended. It keeps a lognormal estimate of
 * how long jobs take per adapter kind and job type (a {@link DurationModel}), and places every
 * poll where the optimal schedule for that estimate would: the one that minimises
 * E[lag] + λ·E[polls] within the waiter's `minDelayMs`, `maxDelayMs` and timeout, as
 * `optimalSchedule` computes. After each poll that finds the job pending at t, the next poll is
 * the optimal one given that the job is still running at t, so a late poll or a slow answer
 * does not throw the schedule off.
 *
 * - Its first poll is the first point of the schedule, never at once: the waiter asks its
 *   `initialDelay` unless the caller sets `initialDelayMs`.
 * - Each `backoff` event explains the delay: `P(done by 31.2 s | pending at 20.0 s) = 0.41;
 *   expect 2.3 more polls; lognormal median 25.0 s, sigma 0.50, 12 samples`.
 * - It learns from every wait it schedules that ends (see `learn`): a job seen pending at one
 *   poll and done at the next adds that interval to the model, a wait that timed out or was
 *   aborted adds that the job took longer than its last pending poll.
 * - While a success is re-confirmed (`successConfirmations` above 1) it asks for the
 *   shortest delay: the job is done.
 *
 * @remarks
 * Durations are counted from the start of the wait, so the model assumes waits start when
 * their jobs do, as they do when a wait follows the call that created the job. A wait on a
 * job started long before sees it take longer than it did. A plan takes a few milliseconds to
 * make; one is kept per kind, job type and bounds, and made again only when the estimate has
 * moved (the median by 1 %, sigma by 2 %). Unlike the other strategies it keeps state, the
 * model and its plans, on purpose: share it between waits that should learn from each other.
 *
 * @throws TypeError for options that are not a plain object, an unknown option, `priors`
 *   given with `model`, or an option of the wrong type; RangeError for a cost out of range,
 *   or both costs given.
 */
export function durationAwareBackoff(options: DurationAwareBackoffOptions = {}): BackoffStrategy {
  const settings = checkOptions(options);

  return new DurationAwareBackoff(settings);
}

interface Settings {
  readonly model: DurationModel;
  readonly cost: { readonly perMs: number } | { readonly ofMedian: number };
  readonly learns: boolean;
  readonly durationOf: ((observation: unknown) => number | undefined) | undefined;
}

class DurationAwareBackoff implements BackoffStrategy {
  private readonly plans = new Map<string, CachedPlan>();

  constructor(private readonly settings: Settings) {}

  nextDelay(context: BackoffContext): number {
    const bounds = boundsOf(context);
    if (context.verdict === 'success') return bounds.minDelayMs;

    const { plan } = this.planFor(context, bounds);

    return delayFrom(plan, timeOf(context, plan), bounds);
  }

  initialDelay(context: InitialDelayContext): number {
    const bounds = boundsOf(context);
    const { plan } = this.planFor(context, bounds);

    return delayFrom(plan, context.elapsedMs, bounds);
  }

  explain(context: BackoffContext | InitialDelayContext, delayMs: number): BackoffExplanation {
    const bounds = boundsOf(context);
    if ('verdict' in context && context.verdict === 'success') {
      return { text: 'confirming a success: the shortest delay', details: { delayMs } };
    }

    const { plan, estimate, costPerPollMs } = this.planFor(context, bounds);
    const elapsedMs = 'verdict' in context ? timeOf(context, plan) : context.elapsedMs;

    return explanationOf(plan, estimate, { elapsedMs, delayMs, costPerPollMs });
  }

  learn(context: BackoffLearnContext): void {
    const { model, learns } = this.settings;
    if (!learns) return;

    const { kind, jobType, outcome, pendingAtMs, doneAtMs } = context;
    if (doneAtMs !== undefined && (outcome === 'succeeded' || outcome === 'failed')) {
      const exactMs = this.exactDuration(context.observation);
      if (exactMs === undefined) {
        model.observeBetween(kind, jobType, { afterMs: pendingAtMs ?? 0, byMs: doneAtMs });
      } else {
        model.observe(kind, jobType, exactMs);
      }
    } else if ((outcome === 'timedOut' || outcome === 'aborted') && pendingAtMs !== undefined) {
      model.observeBetween(kind, jobType, { afterMs: pendingAtMs });
    }
  }

  /** The duration `durationOf` reads, when it reads a usable one. */
  private exactDuration(observation: unknown): number | undefined {
    const { durationOf } = this.settings;
    if (durationOf === undefined || observation === undefined) return undefined;

    try {
      const durationMs: unknown = durationOf(observation);

      return typeof durationMs === 'number' && durationMs >= 0 && Number.isFinite(durationMs)
        ? durationMs
        : undefined;
    } catch {
      // A reader that fails on an odd observation leaves the interval the wait saw.
      return undefined;
    }
  }

  /** The plan for the context's kind, job type and bounds, made again when outdated. */
  private planFor(context: Partial<InitialDelayContext>, bounds: PlanBounds): CachedPlan {
    const kind = context.kind ?? '';
    const { minDelayMs, maxDelayMs, timeoutMs } = bounds;
    const key = `${kind}\n${context.jobType ?? '\n'}\n${minDelayMs}/${maxDelayMs}/${timeoutMs}`;
    const estimate = this.settings.model.estimate(kind, context.jobType);
    const cached = this.plans.get(key);
    if (cached !== undefined && !hasMoved(cached.estimate, estimate)) return cached;

    const costPerPollMs = this.costFor(estimate);
    const plan = PollPlan.compute(estimate.distribution, { ...bounds, costPerPollMs });
    const made = { plan, estimate, costPerPollMs };
    this.plans.delete(key);
    this.plans.set(key, made);
    if (this.plans.size > MAX_PLANS) this.plans.delete(this.plans.keys().next().value!);

    return made;
  }

  private costFor(estimate: DurationEstimate): number {
    const { cost } = this.settings;

    return 'perMs' in cost ? cost.perMs : cost.ofMedian * estimate.medianMs;
  }
}

/** The delay from `elapsedMs` to the plan's next poll, in whole ms, within the bounds. */
function delayFrom(plan: PollPlan, elapsedMs: number, bounds: PlanBounds): number {
  const next = plan.nextPollAt(elapsedMs);
  // No poll fits: the remaining time lets the waiter align a last poll or give up.
  const wantedMs = next === undefined ? bounds.timeoutMs - elapsedMs : Math.round(next - elapsedMs);

  return Math.min(bounds.maxDelayMs, Math.max(bounds.minDelayMs, wantedMs));
}

/**
 * When the job was last seen pending: the elapsed time the waiter gives, or, for a caller
 * that gives none, the time of poll `attempt` in the plan.
 */
function timeOf(context: BackoffContext, plan: PollPlan): number {
  if (context.elapsedMs !== undefined) return context.elapsedMs;

  const times = plan.pollTimes();

  return times[Math.min(context.attempt, times.length) - 1] ?? 0;
}

function explanationOf(
  plan: PollPlan,
  estimate: DurationEstimate,
  figures: { elapsedMs: number; delayMs: number; costPerPollMs: number },
): BackoffExplanation {
  const { elapsedMs, delayMs, costPerPollMs } = figures;
  const { cdf } = estimate.distribution;
  const nextPollAtMs = elapsedMs + delayMs;
  const survival = elapsedMs > 0 ? 1 - cdf(elapsedMs) : 1;
  const doneProbability = survival > 0 ? (cdf(nextPollAtMs) - cdf(elapsedMs)) / survival : 1;
  const pollsLeft = plan.expectedPollsLeft(elapsedMs);
  const given = elapsedMs > 0 ? ` | pending at ${seconds(elapsedMs)}` : '';
  const more = elapsedMs > 0 ? ' more' : '';
  const { medianMs, sigma, samples } = estimate;
  const text =
    `P(done by ${seconds(nextPollAtMs)}${given}) = ${doneProbability.toFixed(2)}; ` +
    `expect ${pollsLeft.toFixed(1)}${more} polls; ` +
    `lognormal median ${seconds(medianMs)}, sigma ${sigma.toFixed(2)}, ` +
    `${samples} sample${samples === 1 ? '' : 's'}`;

  return {
    text,
    details: {
      elapsedMs,
      nextPollAtMs,
      doneProbability,
      expectedPollsLeft: pollsLeft,
      medianMs,
      sigma,
      samples,
      costPerPollMs,
    },
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Whether the estimate has moved enough since a plan was made to make it again. */
function hasMoved(planned: DurationEstimate, now: DurationEstimate): boolean {
  if (planned === now) return false;

  return (
    Math.abs(Math.log(now.medianMs / planned.medianMs)) > MEDIAN_DRIFT ||
    Math.abs(now.sigma / planned.sigma - 1) > SIGMA_DRIFT
  );
}

/** The waiter's bounds from the context, or its defaults for a context that lacks them. */
function boundsOf(context: Partial<PlanBounds>): PlanBounds {
  const { minDelayMs, maxDelayMs, timeoutMs } = context;
  const min = isPositive(minDelayMs) ? minDelayMs : DEFAULT_BOUNDS.minDelayMs;
  const max =
    isPositive(maxDelayMs) && maxDelayMs >= min
      ? maxDelayMs
      : Math.max(min, DEFAULT_BOUNDS.maxDelayMs);
  const timeout =
    isPositive(timeoutMs) && timeoutMs >= min ? timeoutMs : Math.max(min, DEFAULT_BOUNDS.timeoutMs);

  return { minDelayMs: min, maxDelayMs: max, timeoutMs: timeout };
}

function isPositive(value: number | undefined): value is number {
  return typeof value === 'number' && value > 0 && Number.isFinite(value);
}

function checkOptions(options: DurationAwareBackoffOptions): Settings {
  assertOptionsObject('durationAwareBackoff', options);
  assertKnownOptions('durationAwareBackoff', options, OPTION_NAMES);
  const { model, priors, costPerPollOfMedian, costPerPollMs, learn = true, durationOf } = options;

  if (model !== undefined && !(model instanceof DurationModel)) {
    throw new TypeError(
      `Expected option \`model\` to be a DurationModel, got ${describeValue(model)}`,
    );
  }
  if (model !== undefined && priors !== undefined) {
    throw new TypeError('Expected option `priors` only without `model`: give them to the model');
  }
  if (costPerPollMs !== undefined && costPerPollOfMedian !== undefined) {
    throw new RangeError(
      'Expected at most one of options `costPerPollMs` and `costPerPollOfMedian`',
    );
  }
  if (costPerPollMs !== undefined) {
    assertNumberInRange('costPerPollMs', costPerPollMs, { max: Number.MAX_SAFE_INTEGER });
  }
  if (costPerPollOfMedian !== undefined) {
    assertNumberInRange('costPerPollOfMedian', costPerPollOfMedian, { max: 1000 });
  }
  if (typeof learn !== 'boolean') {
    throw new TypeError(`Expected option \`learn\` to be a boolean, got ${describeValue(learn)}`);
  }
  if (durationOf !== undefined && typeof durationOf !== 'function') {
    const got = describeValue(durationOf);
    throw new TypeError(`Expected option \`durationOf\` to be a function, got ${got}`);
  }

  return {
    model: model ?? new DurationModel(priors === undefined ? {} : { priors }),
    cost:
      costPerPollMs === undefined
        ? { ofMedian: costPerPollOfMedian ?? DEFAULT_COST_OF_MEDIAN }
        : { perMs: costPerPollMs },
    learns: learn,
    durationOf,
  };
}

/** λ as a share of the median when none is given: see `costPerPollOfMedian`. */
export const DEFAULT_COST_OF_MEDIAN = 1 / 80;
