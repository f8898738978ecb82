import { describeValue } from '../../describe-value.js';
import { assertKnownOptions, assertNumberInRange, assertOptionsObject } from '../validate.js';
import type { DurationDistribution } from './distribution.js';
import { PollPlan, type PlanBounds } from './poll-plan.js';

/** Options of {@link optimalSchedule}. Give `costPerPollMs` or `targetPolls`, not both. */
export interface OptimalScheduleOptions {
  /**
   * λ, the price of one poll in milliseconds of expected lag: the schedule minimises
   * E[lag] + λ·E[polls]. 0 or more.
   */
  costPerPollMs?: number;
  /**
   * The expected number of polls per job to spend, at least 1: the schedule is the one of
   * least lag among the optimal schedules that spend at most this many.
   */
  targetPolls?: number;
  /** No two polls closer than this, nor a first poll sooner. Default 100, as the waiter's. */
  minDelayMs?: number;
  /** No two polls further apart than this, nor a first poll later. Default 60 000. */
  maxDelayMs?: number;
  /** The deadline; the last poll is at it. Default 600 000. */
  timeoutMs?: number;
  /** The step of the time grid the polls are placed on. Default: 1/2000 of the horizon. */
  resolutionMs?: number;
}

/** What a schedule costs and gives, for one duration distribution. */
export interface ScheduleStats {
  /** E[number of polls]: the first poll always, each later one when the job was pending. */
  readonly expectedPolls: number;
  /**
   * E[lag | D ≤ last poll], in milliseconds: the mean time from a job's end to the first poll
   * after it, over the jobs that end before the schedule's last poll.
   */
  readonly expectedLagMs: number;
  /** P(D ≤ last poll): the share of jobs the schedule sees end; the others time out. */
  readonly detectedProbability: number;
}

/** An optimal poll schedule, with its figures. */
export interface PollSchedule extends ScheduleStats {
  /** Poll times in milliseconds from the start of the wait, ascending; the first above 0. */
  readonly pollTimesMs: readonly number[];
  /** The λ it is optimal for. */
  readonly costPerPollMs: number;
}

const OPTION_NAMES = [
  'costPerPollMs',
  'targetPolls',
  'minDelayMs',
  'maxDelayMs',
  'timeoutMs',
  'resolutionMs',
];

/** The most grid points a plan may have, so that a tiny resolution cannot hang the process. */
const MAX_GRID_POINTS = 200_000;

/**
 * The poll schedule t₁ < t₂ < … that minimises E[t_next(D) − D] + λ·E[polls] for a job whose
 * duration D follows `distribution`, within the bounds: every delay, the first from the start
 * included, in [`minDelayMs`, `maxDelayMs`], and the last poll at `timeoutMs`. Sweeping λ
 * traces the frontier of least lag for each number of polls ({@link pollFrontier});
 * `targetPolls` picks the point of it that spends at most that many polls.
 *
 * @remarks
 * Why dynamic programming: the known optimality condition for sequential inspection
 * schedules (Barlow, Hunter and Proschan, 1963), here with the price of a poll,
 * F(tᵢ) − F(tᵢ₋₁) = f(tᵢ)·(tᵢ₊₁ − tᵢ + λ), gives each next time from the two before. Solving
 * by it means shooting on t₁, which is numerically unstable, it holds only where no bound
 * binds, it needs a density (an empirical distribution has none), and it is necessary, not
 * sufficient. A dynamic program over a time grid handles the bounds, the deadline and any
 * distribution, and finds the global optimum on the grid: see `PollPlan` for the recursion.
 * The grid restricts only where polls go; each schedule's lag is exact. Its optimal schedules
 * meet the condition above where the bounds do not bind, which the tests check.
 *
 * Jobs that end after the last poll time out; their lag is not counted, their polls are.
 * With the defaults a plan takes 5 to 20 ms; `targetPolls` solves up to about 40 plans to
 * find λ.
 *
 * @throws TypeError for a distribution without `cdf`, `partialMean` and `quantile`, options
 *   that are not a plain object, an unknown option or one of the wrong type; RangeError when
 *   neither or both of `costPerPollMs` and `targetPolls` are given, for a value out of range
 *   (`maxDelayMs` below `minDelayMs`, `timeoutMs` below `minDelayMs`), for a `resolutionMs`
 *   that would make more than 200 000 grid points, or for a `targetPolls` below the fewest
 *   polls the bounds allow.
 */
export function optimalSchedule(
  distribution: DurationDistribution,
  options: OptimalScheduleOptions,
): PollSchedule {
  assertDistribution(distribution);
  const { costPerPollMs, targetPolls, resolutionMs, ...bounds } = checkOptions(options);
  const grid = resolutionMs === undefined ? {} : { resolutionMs };

  if (costPerPollMs !== undefined) {
    return scheduleAt(distribution, { ...bounds, ...grid, costPerPollMs });
  }

  return scheduleForPolls(distribution, { ...bounds, ...grid }, targetPolls!);
}

/**
 * The expected number of polls and the expected lag of any schedule, for a job whose duration
 * follows `distribution`: the figures a benchmark compares at equal requests. `schedule` is a
 * list of poll times in ms from the start, ascending, or a {@link PollSchedule}.
 *
 * @throws TypeError for a distribution without `cdf`, `partialMean` and `quantile`, or a
 *   schedule that is not an array of numbers; RangeError for an empty schedule or times that
 *   are negative, not finite or not ascending, naming the index.
 */
export function scheduleStats(
  schedule: readonly number[] | Pick<PollSchedule, 'pollTimesMs'>,
  distribution: DurationDistribution,
): ScheduleStats {
  assertDistribution(distribution);
  const times = checkTimes(
    Array.isArray(schedule) ? schedule : (schedule as PollSchedule)?.pollTimesMs,
  );
  const { cdf, partialMean } = distribution;
  let polls = 0;
  let lagSum = 0;
  let previous = 0;

  times.forEach((time, index) => {
    polls += index === 0 ? 1 : 1 - cdf(previous);
    lagSum += time * (cdf(time) - cdf(previous)) - (partialMean(time) - partialMean(previous));
    previous = time;
  });
  const detected = cdf(previous);

  return {
    expectedPolls: polls,
    expectedLagMs: detected > 0 ? lagSum / detected : 0,
    detectedProbability: detected,
  };
}

/** The optimal schedule for one λ, with its figures. */
export function scheduleAt(
  distribution: DurationDistribution,
  options: PlanBounds & { costPerPollMs: number; resolutionMs?: number },
): PollSchedule {
  const pollTimesMs = PollPlan.compute(distribution, options).pollTimes();

  return {
    pollTimesMs,
    costPerPollMs: options.costPerPollMs,
    ...scheduleStats(pollTimesMs, distribution),
  };
}

/**
 * The least-lag optimal schedule that spends at most `targetPolls`: a bisection on λ, since
 * the expected polls of the optimal schedule never grow as λ does.
 */
function scheduleForPolls(
  distribution: DurationDistribution,
  bounds: PlanBounds & { resolutionMs?: number },
  targetPolls: number,
): PollSchedule {
  const at = (costPerPollMs: number) => scheduleAt(distribution, { ...bounds, costPerPollMs });
  const densest = at(0);
  if (densest.expectedPolls <= targetPolls) return densest;

  const scale = Math.max(1, distribution.quantile(0.5));
  let low = scale * 1e-9;
  let high = at(scale);
  while (high.expectedPolls > targetPolls && high.costPerPollMs < scale * 1e9) {
    low = high.costPerPollMs;
    high = at(high.costPerPollMs * 8);
  }

  if (high.expectedPolls > targetPolls) {
    const fewest = high.expectedPolls.toFixed(3);
    throw new RangeError(
      `Expected option \`targetPolls\` to be at least ${fewest}, ` +
        `the fewest polls these bounds allow, got ${targetPolls}`,
    );
  }

  for (let step = 0; step < 40 && high.costPerPollMs / low > 1.0001; step += 1) {
    const middle = at(Math.sqrt(low * high.costPerPollMs));
    if (middle.expectedPolls <= targetPolls) high = middle;
    else low = middle.costPerPollMs;
  }

  return high;
}

function checkOptions(options: OptimalScheduleOptions) {
  assertOptionsObject('optimalSchedule', options);
  assertKnownOptions('optimalSchedule', options, OPTION_NAMES);
  const {
    costPerPollMs,
    targetPolls,
    minDelayMs = 100,
    maxDelayMs = 60_000,
    timeoutMs = 600_000,
    resolutionMs,
  } = options;

  if ((costPerPollMs === undefined) === (targetPolls === undefined)) {
    throw new RangeError('Expected exactly one of options `costPerPollMs` and `targetPolls`');
  }
  if (costPerPollMs !== undefined) {
    assertNumberInRange('costPerPollMs', costPerPollMs, { max: Number.MAX_SAFE_INTEGER });
  }
  if (targetPolls !== undefined) {
    assertNumberInRange('targetPolls', targetPolls, { min: 1, max: MAX_GRID_POINTS });
  }
  assertBounds({ minDelayMs, maxDelayMs, timeoutMs });
  if (resolutionMs !== undefined) {
    assertNumberInRange('resolutionMs', resolutionMs, { min: timeoutMs / MAX_GRID_POINTS });
  }

  return { costPerPollMs, targetPolls, minDelayMs, maxDelayMs, timeoutMs, resolutionMs };
}

/** Checks a plan's bounds, naming the option in the error. */
export function assertBounds({ minDelayMs, maxDelayMs, timeoutMs }: PlanBounds): void {
  assertNumberInRange('minDelayMs', minDelayMs, { min: 1 });
  assertNumberInRange('maxDelayMs', maxDelayMs, { min: minDelayMs });
  assertNumberInRange('timeoutMs', timeoutMs, { min: minDelayMs });
}

/** Checks that `value` has the three functions of a {@link DurationDistribution}. */
export function assertDistribution(value: unknown): asserts value is DurationDistribution {
  const candidate = value as Partial<DurationDistribution> | null | undefined;

  for (const name of ['cdf', 'partialMean', 'quantile'] as const) {
    if (typeof candidate?.[name] !== 'function') {
      throw new TypeError(
        `Expected \`distribution\` to have a \`${name}\` function, got ${describeValue(value)}`,
      );
    }
  }
}

function checkTimes(times: unknown): readonly number[] {
  if (!Array.isArray(times)) {
    throw new TypeError(
      `Expected \`schedule\` to be an array of poll times, got ${describeValue(times)}`,
    );
  }
  if (times.length === 0) throw new RangeError('Expected `schedule` to hold a poll, got none');

  let previous = -1;
  for (let index = 0; index < times.length; index += 1) {
    const time: unknown = times[index];
    assertNumberInRange(`schedule[${index}]`, time, { max: Number.MAX_SAFE_INTEGER });
    if (time <= previous) {
      throw new RangeError(`Expected \`schedule[${index}]\` to be after ${previous}, got ${time}`);
    }
    previous = time;
  }

  return times as readonly number[];
}
