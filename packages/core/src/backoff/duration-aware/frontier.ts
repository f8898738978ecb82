import { describeValue } from '../../describe-value.js';
import { assertKnownOptions, assertNumberInRange, assertOptionsObject } from '../validate.js';
import type { DurationDistribution } from './distribution.js';
import {
  assertBounds,
  assertDistribution,
  scheduleAt,
  type PollSchedule,
} from './optimal-schedule.js';

/** Options of {@link pollFrontier}. */
export interface PollFrontierOptions {
  /** Default 100, as the waiter's. */
  minDelayMs?: number;
  /** Default 60 000. */
  maxDelayMs?: number;
  /** Default 600 000. */
  timeoutMs?: number;
  /** The grid step; default 1/2000 of the horizon. */
  resolutionMs?: number;
  /**
   * The values of λ to solve for. Default: 49 values spread evenly on a log scale from 10⁻⁴
   * to 10 times the median duration, which goes from hundreds of polls a job to about one.
   */
  costsPerPollMs?: readonly number[];
}

const OPTION_NAMES = ['minDelayMs', 'maxDelayMs', 'timeoutMs', 'resolutionMs', 'costsPerPollMs'];

const DEFAULT_POINTS = 49;

/**
 * The lag-versus-polls frontier of a duration distribution: the optimal schedule for each λ,
 * sorted by expected polls, ascending, with duplicates removed. Each point is the least lag
 * any schedule within the bounds reaches for its number of polls; {@link lagAtPolls} reads
 * the frontier between them.
 *
 * @throws as `optimalSchedule` does, and RangeError for an empty or invalid `costsPerPollMs`,
 *   naming the index.
 */
export function pollFrontier(
  distribution: DurationDistribution,
  options: PollFrontierOptions = {},
): PollSchedule[] {
  assertDistribution(distribution);
  assertOptionsObject('pollFrontier', options);
  assertKnownOptions('pollFrontier', options, OPTION_NAMES);
  const { minDelayMs = 100, maxDelayMs = 60_000, timeoutMs = 600_000, resolutionMs } = options;
  assertBounds({ minDelayMs, maxDelayMs, timeoutMs });
  if (resolutionMs !== undefined) assertNumberInRange('resolutionMs', resolutionMs, { min: 1 });
  const costs = options.costsPerPollMs ?? defaultCosts(distribution);
  checkCosts(costs);

  const bounds = { minDelayMs, maxDelayMs, timeoutMs, ...(resolutionMs ? { resolutionMs } : {}) };
  const points = costs.map((costPerPollMs) =>
    scheduleAt(distribution, { ...bounds, costPerPollMs }),
  );
  points.sort((a, b) => a.expectedPolls - b.expectedPolls || a.expectedLagMs - b.expectedLagMs);

  return points.filter(
    (point, index) => index === 0 || point.expectedPolls !== points[index - 1]!.expectedPolls,
  );
}

/**
 * L*(r): the least expected lag, in milliseconds, of any way to poll that spends `expectedPolls`
 * polls a job on average, read from a {@link pollFrontier} by linear interpolation on its
 * lower convex hull; `undefined` outside the frontier's range of polls.
 *
 * @remarks
 * Between two optimal schedules the hull is reached by choosing one or the other at random
 * for each job, which any strategy with jitter may do, so the hull, not the points alone, is
 * the bound to compare with. Compare a contender's measured lag with `lagAtPolls(frontier,
 * its measured requests per job)`.
 *
 * @throws TypeError when `frontier` is not an array of points or `expectedPolls` not a number.
 */
export function lagAtPolls(
  frontier: readonly Pick<PollSchedule, 'expectedPolls' | 'expectedLagMs'>[],
  expectedPolls: number,
): number | undefined {
  if (!Array.isArray(frontier)) {
    throw new TypeError(`Expected \`frontier\` to be an array, got ${describeValue(frontier)}`);
  }
  if (typeof expectedPolls !== 'number' || Number.isNaN(expectedPolls)) {
    throw new TypeError(
      `Expected \`expectedPolls\` to be a number, got ${describeValue(expectedPolls)}`,
    );
  }

  const hull = lowerHull(frontier);
  for (let index = 1; index < hull.length; index += 1) {
    const [left, right] = [hull[index - 1]!, hull[index]!];
    if (expectedPolls >= left.expectedPolls && expectedPolls <= right.expectedPolls) {
      const share =
        (expectedPolls - left.expectedPolls) / (right.expectedPolls - left.expectedPolls);

      return left.expectedLagMs + share * (right.expectedLagMs - left.expectedLagMs);
    }
  }

  return hull.length === 1 && hull[0]!.expectedPolls === expectedPolls
    ? hull[0]!.expectedLagMs
    : undefined;
}

type Point = Pick<PollSchedule, 'expectedPolls' | 'expectedLagMs'>;

/** The lower convex hull of the points, by Andrew's monotone chain, left to right. */
function lowerHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.expectedPolls - b.expectedPolls);
  const hull: Point[] = [];

  for (const point of sorted) {
    while (hull.length >= 2 && !turnsLeft(hull[hull.length - 2]!, hull[hull.length - 1]!, point)) {
      hull.pop();
    }
    hull.push(point);
  }

  return hull;
}

function turnsLeft(a: Point, b: Point, c: Point): boolean {
  const cross =
    (b.expectedPolls - a.expectedPolls) * (c.expectedLagMs - a.expectedLagMs) -
    (b.expectedLagMs - a.expectedLagMs) * (c.expectedPolls - a.expectedPolls);

  return cross > 0;
}

function defaultCosts(distribution: DurationDistribution): number[] {
  const median = Math.max(1, distribution.quantile(0.5));

  return Array.from(
    { length: DEFAULT_POINTS },
    (_, index) => median * 10 ** (-4 + (5 * index) / (DEFAULT_POINTS - 1)),
  );
}

function checkCosts(costs: unknown): asserts costs is readonly number[] {
  if (!Array.isArray(costs)) {
    throw new TypeError(
      `Expected option \`costsPerPollMs\` to be an array, got ${describeValue(costs)}`,
    );
  }
  if (costs.length === 0) {
    throw new RangeError('Expected option `costsPerPollMs` to hold at least one cost, got none');
  }
  costs.forEach((cost: unknown, index) =>
    assertNumberInRange(`costsPerPollMs[${index}]`, cost, { max: Number.MAX_SAFE_INTEGER }),
  );
}
