import type { DurationDistribution } from './distribution.js';

/** The limits every poll schedule keeps, as a waiter applies them. All in milliseconds. */
export interface PlanBounds {
  /** No two polls closer than this, and no first poll sooner; above 0. */
  readonly minDelayMs: number;
  /** No two polls further apart than this, and no first poll later; at least `minDelayMs`. */
  readonly maxDelayMs: number;
  /** The wait's deadline, counted from its start; the last poll is at it or before. */
  readonly timeoutMs: number;
}

/** What a {@link PollPlan} is optimised for. */
export interface PlanOptions extends PlanBounds {
  /** λ: how many milliseconds of expected lag one expected poll is worth; 0 or more. */
  readonly costPerPollMs: number;
  /** The step of the time grid; default the planned horizon / {@link GRID_POINTS}. */
  readonly resolutionMs?: number;
}

/** Points of the time grid when no resolution is given. */
export const GRID_POINTS = 2000;

/**
 * The most grid points a plan has: when `maxDelayMs` is tiny next to the horizon, the grid
 * stops after this many steps and the tail takes over, as the longest delay binds anyway.
 */
const MAX_GRID_POINTS = 20_000;

/** Polls of a tail counted one by one; a longer tail is summed as an integral. */
const EXACT_TAIL_POLLS = 10_000;

/**
 * The grid ends where fewer than this share of jobs are still running (plus one longest
 * delay); later polls are placed every `maxDelayMs`, which costs next to nothing there.
 */
const TAIL_PROBABILITY = 1e-6;

/** `next` of a state with no poll left before the deadline. */
const NONE = -2;
/** `next` of a state whose best continuation is a poll every `maxDelayMs` to the deadline. */
const TAIL = -1;

/**
 * The optimal poll policy for one duration distribution, λ and bounds: for every moment t at
 * which the job is still pending, when to poll next. It minimises E[lag] + λ·E[polls], where
 * lag is the time from the job's end to the first poll after it.
 *
 * @remarks
 * Computed by dynamic programming backwards over a time grid t_k = k·h. With F the cdf and
 * G(t) = E[D; D ≤ t], the expected cost still to come from a poll at t_i that found the job
 * pending, weighted by P(D > t_i), is
 *
 *   J(t_i) = min over t_j in [t_i + minDelay, t_i + maxDelay] of
 *            λ·S(t_i) + t_j·(F(t_j) − F(t_i)) − (G(t_j) − G(t_i)) + J(t_j),
 *
 * S = 1 − F: the poll at t_j is sent when the job was pending at t_i, and every job that ends
 * in (t_i, t_j] waits until t_j. The middle terms are exact for the continuous distribution,
 * so the grid only restricts where polls may go. A state within `minDelayMs` of the deadline
 * has nothing left to do (J = 0): a job still running then times out, and its lag does not
 * count. Past the grid's horizon (where P(D > t) < 1e-6), polls go every `maxDelayMs` and a
 * last one at the deadline. O(n·m) for n grid points and m = maxDelay / h choices each; for
 * ties the longer delay wins.
 */
export class PollPlan {
  /** The grid step h, in milliseconds. */
  readonly stepMs: number;
  /** E[lag; D ≤ deadline] + λ·E[polls] of the whole plan, in milliseconds. */
  readonly costMs: number;

  private readonly options: PlanOptions;
  private readonly distribution: DurationDistribution;
  private readonly last: number;
  private readonly next: Int32Array;
  /** Σ P(D > previous poll) over the polls still to come from each state. */
  private readonly pollWeight: Float64Array;

  private constructor(distribution: DurationDistribution, options: PlanOptions) {
    this.distribution = distribution;
    this.options = options;
    this.stepMs = gridStep(distribution, options);
    const steps = Math.floor(horizonOf(distribution, options) / this.stepMs + 1e-9);
    this.last = Math.min(steps, MAX_GRID_POINTS);
    this.next = new Int32Array(this.last + 1);
    this.pollWeight = new Float64Array(this.last + 1);
    this.costMs = this.solve();
  }

  /** Solves the plan; the options are expected checked. */
  static compute(distribution: DurationDistribution, options: PlanOptions): PollPlan {
    return new PollPlan(distribution, options);
  }

  /**
   * When to poll next, in ms since the start, given the job was pending at `elapsedMs`;
   * `undefined` when no poll fits before the deadline any more.
   */
  nextPollAt(elapsedMs: number): number | undefined {
    const { minDelayMs, timeoutMs } = this.options;
    if (timeoutMs - elapsedMs < minDelayMs) return undefined;

    const index = Math.round(Math.max(0, elapsedMs) / this.stepMs);
    if (index > this.last) return this.tailStart(elapsedMs);

    const next = this.next[index]!;
    if (next === NONE) return timeoutMs;

    return next === TAIL ? this.tailStart(index * this.stepMs) : next * this.stepMs;
  }

  /** The expected number of polls still to come given the job was pending at `elapsedMs`. */
  expectedPollsLeft(elapsedMs: number): number {
    const index = Math.round(Math.max(0, elapsedMs) / this.stepMs);
    const beyond = index > this.last;
    const weight = beyond ? this.tail(elapsedMs, 0).pollWeight : this.pollWeight[index]!;
    const survival =
      index === 0 ? 1 : 1 - this.distribution.cdf(beyond ? elapsedMs : index * this.stepMs);

    // Past every job of an empirical sample, nothing is left to expect but the next poll.
    return survival > 0 ? weight / survival : 1;
  }

  /** The poll times of the plan from the start, in ms, ascending. */
  pollTimes(): number[] {
    const times: number[] = [];
    let index = 0;

    for (;;) {
      const next = this.next[index]!;
      if (next === NONE) return times;
      if (next === TAIL) return [...times, ...this.tailTimes(index * this.stepMs)];

      times.push(next * this.stepMs);
      index = next;
    }
  }

  private solve(): number {
    const { costPerPollMs: lambda, minDelayMs, maxDelayMs, timeoutMs } = this.options;
    const { stepMs: h, last, next, pollWeight } = this;
    const cdf = new Float64Array(last + 1);
    const partial = new Float64Array(last + 1);
    for (let i = 0; i <= last; i += 1) {
      cdf[i] = this.distribution.cdf(i * h);
      partial[i] = this.distribution.partialMean(i * h);
    }

    const shortest = Math.max(1, Math.ceil(minDelayMs / h - 1e-9));
    const longest = Math.max(shortest, Math.floor(maxDelayMs / h + 1e-9));
    // toward[j] = t_j·F(t_j) − G(t_j) + J(t_j): the part of a move to j that j alone decides.
    const toward = new Float64Array(last + 1);
    let cost = 0;

    for (let i = last; i >= 0; i -= 1) {
      const time = i * h;
      const survival = i === 0 ? 1 : 1 - cdf[i]!;
      cost = 0;
      next[i] = NONE;

      if (timeoutMs - time >= minDelayMs) {
        let best = Infinity;
        const end = Math.min(i + longest, last);
        for (let j = i + shortest; j <= end; j += 1) {
          const candidate = toward[j]! - j * h * cdf[i]!;
          if (candidate <= best) {
            best = candidate;
            next[i] = j;
          }
        }
        cost = next[i] === NONE ? Infinity : best + partial[i]! + lambda * survival;
        pollWeight[i] = next[i] === NONE ? 0 : survival + pollWeight[next[i]!]!;

        if (i + longest > last) {
          const tail = this.tail(time, lambda);
          if (tail.costMs < cost) {
            cost = tail.costMs;
            next[i] = TAIL;
            pollWeight[i] = tail.pollWeight;
          }
        }
      }

      toward[i] = time * cdf[i]! - partial[i]! + cost;
    }

    return cost;
  }

  /** The first poll of the tail that starts at `timeMs`. */
  private tailStart(timeMs: number): number {
    const { maxDelayMs, timeoutMs } = this.options;

    return timeMs + maxDelayMs <= timeoutMs ? timeMs + maxDelayMs : timeoutMs;
  }

  /** The poll times of the tail that starts at `fromMs`. */
  private tailTimes(fromMs: number): number[] {
    const { minDelayMs, timeoutMs } = this.options;
    const times: number[] = [];

    for (let previous = fromMs; timeoutMs - previous >= minDelayMs;) {
      previous = this.tailStart(previous);
      times.push(previous);
    }

    return times;
  }

  /**
   * The cost of the tail that starts at `fromMs` (weighted by P(D > fromMs), as J is) and its
   * summed poll weights. Past the grid's end, or past {@link EXACT_TAIL_POLLS} polls, the rest
   * is summed as integrals, Σ S(tₖ) ≈ ∫ S dt / maxDelay and a lag of half a delay: past the
   * grid fewer than 1e-6 of the jobs are left, unless the grid was cut short because the
   * longest delay is tiny next to the horizon, where the integrals are exact in the limit.
   */
  private tail(fromMs: number, lambda: number): { costMs: number; pollWeight: number } {
    const { minDelayMs, maxDelayMs, timeoutMs } = this.options;
    const { cdf, partialMean } = this.distribution;
    let previous = fromMs;
    let costMs = 0;
    let pollWeight = 0;

    const gridEndMs = this.last * this.stepMs;

    for (let polls = 0; timeoutMs - previous >= minDelayMs; polls += 1) {
      const beyond = previous >= gridEndMs && timeoutMs - previous > 2 * maxDelayMs;
      if (polls === EXACT_TAIL_POLLS || beyond) {
        const end = timeoutMs;
        // ∫ S dt over [a, b] = (b − a) − (b·F(b) − a·F(a) − (G(b) − G(a))).
        const area =
          end -
          previous -
          (end * cdf(end) - previous * cdf(previous)) +
          (partialMean(end) - partialMean(previous));
        const weight = area / maxDelayMs;
        return {
          costMs: costMs + lambda * weight + (maxDelayMs / 2) * (cdf(end) - cdf(previous)),
          pollWeight: pollWeight + weight,
        };
      }

      const time = this.tailStart(previous);
      const survival = previous === 0 ? 1 : 1 - cdf(previous);
      const lag = time * (cdf(time) - cdf(previous)) - (partialMean(time) - partialMean(previous));
      costMs += lambda * survival + lag;
      pollWeight += survival;
      previous = time;
    }

    return { costMs, pollWeight };
  }
}

/**
 * Where the grid ends: the deadline, or sooner, one longest delay past the time by which all
 * but {@link TAIL_PROBABILITY} of the jobs have ended.
 */
function horizonOf(distribution: DurationDistribution, options: PlanOptions): number {
  const nearlyAll = distribution.quantile(1 - TAIL_PROBABILITY);
  const horizon = Number.isFinite(nearlyAll) ? nearlyAll + options.maxDelayMs : Infinity;

  return Math.min(options.timeoutMs, horizon);
}

/**
 * The grid step: the resolution asked for, or the horizon over {@link GRID_POINTS}; made to
 * divide `minDelayMs` when that is longer, so the shortest delay is a whole number of steps,
 * and no longer than `maxDelayMs`, so every state has a move.
 */
function gridStep(distribution: DurationDistribution, options: PlanOptions): number {
  const { minDelayMs, maxDelayMs, resolutionMs } = options;
  const wanted = Math.max(1, resolutionMs ?? horizonOf(distribution, options) / GRID_POINTS);

  if (maxDelayMs <= wanted) return maxDelayMs;
  if (minDelayMs >= wanted) return minDelayMs / Math.ceil(minDelayMs / wanted);

  return wanted;
}
