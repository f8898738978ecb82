import { describe, expect, it } from '@jest/globals';

import {
  empiricalDistribution,
  lognormalDistribution,
  type DurationDistribution,
} from '../../../src/backoff/duration-aware/distribution.js';
import { normalPdf } from '../../../src/backoff/duration-aware/normal.js';
import {
  optimalSchedule,
  scheduleStats,
} from '../../../src/backoff/duration-aware/optimal-schedule.js';
import { terraformBackoff } from '../../../src/backoff/terraform.js';
import { schedule } from '../helpers.js';

/** Job durations like the classic ELB's: lognormal, median 25 s, sigma 0.5. */
const elb = lognormalDistribution({ medianMs: 25_000, sigma: 0.5 });

/** E[lag; D ≤ last] + λ·E[polls] of a schedule: the objective the optimiser minimises. */
function objective(times: readonly number[], distribution: DurationDistribution, lambda: number) {
  const stats = scheduleStats(times, distribution);

  return stats.expectedLagMs * stats.detectedProbability + lambda * stats.expectedPolls;
}

/**
 * Every schedule on the grid 1..timeout whose delays (the first from 0 included) lie in
 * [min, max] and whose last poll leaves less than `min` before the deadline.
 */
function allSchedules(timeout: number, min: number, max: number): number[][] {
  const found: number[][] = [];
  const extend = (times: number[]): void => {
    const last = times.at(-1) ?? 0;
    if (timeout - last < min) {
      found.push(times);
      return;
    }
    for (let next = last + min; next <= Math.min(last + max, timeout); next += 1) {
      extend([...times, next]);
    }
  };
  extend([]);

  return found;
}

describe('optimalSchedule', () => {
  const cases: [string, DurationDistribution, number, number, number][] = [
    ['a lognormal', lognormalDistribution({ medianMs: 5, sigma: 0.6 }), 12, 1, 4],
    ['a skewed lognormal', lognormalDistribution({ medianMs: 3, sigma: 1.2 }), 14, 1, 5],
    ['an empirical sample', empiricalDistribution([1, 2, 2, 3, 5, 8, 9, 9, 11]), 12, 1, 4],
    ['a sample with a 2 ms floor', empiricalDistribution([2, 4, 4, 7, 7, 7, 12]), 15, 2, 5],
  ];

  it.each(cases)(
    'finds the schedule of least cost that brute force finds on %s',
    (_name, distribution, timeoutMs, minDelayMs, maxDelayMs) => {
      const schedules = allSchedules(timeoutMs, minDelayMs, maxDelayMs);
      expect(schedules.length).toBeGreaterThan(50);

      for (const lambda of [0, 0.3, 1, 4, 20]) {
        const best = Math.min(...schedules.map((times) => objective(times, distribution, lambda)));
        const found = optimalSchedule(distribution, {
          costPerPollMs: lambda,
          minDelayMs,
          maxDelayMs,
          timeoutMs,
          resolutionMs: 1,
        });

        expect(objective(found.pollTimesMs, distribution, lambda)).toBeCloseTo(best, 9);
      }
    },
  );

  it('meets F(tᵢ) − F(tᵢ₋₁) = f(tᵢ)(tᵢ₊₁ − tᵢ + λ) where no bound binds', () => {
    const lambda = 300;
    const { pollTimesMs: t } = optimalSchedule(elb, { costPerPollMs: lambda, resolutionMs: 10 });
    const density = (ms: number) => normalPdf(Math.log(ms / 25_000) / 0.5) / (ms * 0.5);
    let checked = 0;

    for (let i = 1; i + 1 < t.length && elb.cdf(t[i]!) < 0.99; i += 1) {
      const left = elb.cdf(t[i]!) - elb.cdf(t[i - 1]!);
      const right = density(t[i]!) * (t[i + 1]! - t[i]! + lambda);
      expect(left / right).toBeGreaterThan(0.97);
      expect(left / right).toBeLessThan(1.03);
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  // The optimum for lognormal(25 s, 0.5) jobs: about 1.8 s late for 6 polls, 5 s for 2.4.
  it.each([
    [6, 5.9, 1_700, 1_850],
    [2.4, 2.35, 4_900, 5_250],
  ])(
    'notices a lognormal(25 s, 0.5) job in time for at most %s polls',
    (targetPolls, fewestPolls, lowestLagMs, highestLagMs) => {
      const schedule = optimalSchedule(elb, { targetPolls });

      expect(schedule.expectedPolls).toBeLessThanOrEqual(targetPolls);
      expect(schedule.expectedPolls).toBeGreaterThan(fewestPolls);
      expect(schedule.expectedLagMs).toBeGreaterThan(lowestLagMs);
      expect(schedule.expectedLagMs).toBeLessThan(highestLagMs);
      expect(schedule.pollTimesMs[0]).toBeGreaterThan(10_000);
    },
  );

  it("cuts the lag of Terraform's schedule by more than half for no more polls", () => {
    // Terraform's delays with a 2 s MinTimeout (2, 4, 8, then 10 s), from a poll at 0.
    const delays = schedule(terraformBackoff({ minTimeoutMs: 2000 }), 60);
    const terraform = delays.reduce((times, delay) => [...times, times.at(-1)! + delay], [0]);
    const theirs = scheduleStats(terraform, elb);

    const ours = optimalSchedule(elb, { targetPolls: theirs.expectedPolls, minDelayMs: 2000 });

    expect(terraform.slice(0, 6)).toEqual([0, 2000, 6000, 14_000, 24_000, 34_000]);
    expect(theirs.expectedPolls).toBeCloseTo(5.93, 2);
    expect(theirs.expectedLagMs).toBeCloseTo(4_968, -1);
    expect(ours.expectedPolls).toBeLessThanOrEqual(theirs.expectedPolls);
    expect(ours.expectedLagMs * 2.5).toBeLessThan(theirs.expectedLagMs);
  });

  it('keeps every delay within the bounds, the first from the start included', () => {
    const bounds = { minDelayMs: 2_000, maxDelayMs: 15_000, timeoutMs: 300_000 };
    const { pollTimesMs } = optimalSchedule(elb, { costPerPollMs: 5_000, ...bounds });
    const delays = pollTimesMs.map((time, index) => time - (pollTimesMs[index - 1] ?? 0));

    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2_000 - 1e-6);
    expect(Math.max(...delays)).toBeLessThanOrEqual(15_000 + 1e-6);
    // The last poll leaves less than the shortest delay before the deadline.
    expect(300_000 - pollTimesMs.at(-1)!).toBeLessThan(2_000);
  });

  it('polls every longest delay when that delay is tiny next to the durations', () => {
    const bounds = { minDelayMs: 1, maxDelayMs: 5, timeoutMs: 600_000 };
    const schedule = optimalSchedule(elb, { costPerPollMs: 100, ...bounds });

    expect(schedule.pollTimesMs.length).toBeGreaterThanOrEqual(120_000);
    expect(schedule.pollTimesMs.slice(0, 3)).toEqual([5, 10, 15]);
    expect(schedule.expectedLagMs).toBeCloseTo(2.5, 1);
  });

  it('spends fewer polls and more lag as a poll costs more', () => {
    const costs = [10, 100, 1_000, 10_000];
    const schedules = costs.map((costPerPollMs) => optimalSchedule(elb, { costPerPollMs }));

    for (let i = 1; i < schedules.length; i += 1) {
      expect(schedules[i]!.expectedPolls).toBeLessThan(schedules[i - 1]!.expectedPolls);
      expect(schedules[i]!.expectedLagMs).toBeGreaterThan(schedules[i - 1]!.expectedLagMs);
    }
  });

  it('refuses options that make no schedule, naming them', () => {
    expect(() => optimalSchedule(elb, {})).toThrow(
      new RangeError('Expected exactly one of options `costPerPollMs` and `targetPolls`'),
    );
    expect(() => optimalSchedule(elb, { costPerPollMs: 1, targetPolls: 3 })).toThrow(RangeError);
    expect(() => optimalSchedule(elb, { costPerPollMs: -1 })).toThrow(
      new RangeError(
        'Expected option `costPerPollMs` to be a number from 0 to 9007199254740991, got -1',
      ),
    );
    expect(() => optimalSchedule(elb, { costPerPollMs: 1, maxDelayMs: 50 })).toThrow(/maxDelayMs/);
    expect(() => optimalSchedule(elb, { costPerPollMs: 1, minDelay: 5 } as never)).toThrow(
      new TypeError('Unknown option `minDelay` of optimalSchedule (did you mean `minDelayMs`?)'),
    );
    expect(() => optimalSchedule(elb, { costPerPollMs: 1, resolutionMs: 0.001 })).toThrow(
      /resolutionMs/,
    );
    expect(() => optimalSchedule({} as never, { costPerPollMs: 1 })).toThrow(
      new TypeError('Expected `distribution` to have a `cdf` function, got an object'),
    );
  });

  it('refuses a target below the fewest polls the bounds allow', () => {
    expect(() => optimalSchedule(elb, { targetPolls: 1.5, maxDelayMs: 10_000 })).toThrow(
      /^Expected option `targetPolls` to be at least 3\.\d+, the fewest polls these bounds allow/,
    );
  });
});

describe('scheduleStats', () => {
  it('counts the first poll always and each later one when the job was still pending', () => {
    const sample = empiricalDistribution([10, 20, 30, 40]);
    // Polls at 15, 25, 50: jobs of 10 wait 5, 20 waits 5, 30 and 40 wait 20 and 10.
    const stats = scheduleStats([15, 25, 50], sample);

    expect(stats.expectedPolls).toBeCloseTo(1 + 0.75 + 0.5, 12);
    expect(stats.expectedLagMs).toBeCloseTo((5 + 5 + 20 + 10) / 4, 12);
    expect(stats.detectedProbability).toBe(1);
  });

  it('averages the lag over the jobs seen to end, and says how many those are', () => {
    const sample = empiricalDistribution([10, 20, 30, 40]);
    const stats = scheduleStats({ pollTimesMs: [12, 24] }, sample);

    expect(stats.detectedProbability).toBe(0.5);
    expect(stats.expectedLagMs).toBeCloseTo((2 + 4) / 2, 12);
  });

  it('refuses a schedule that is empty or out of order, naming the entry', () => {
    expect(() => scheduleStats([], elb)).toThrow(
      new RangeError('Expected `schedule` to hold a poll, got none'),
    );
    expect(() => scheduleStats([5, 5], elb)).toThrow(
      new RangeError('Expected `schedule[1]` to be after 5, got 5'),
    );
    expect(() => scheduleStats([1, Infinity], elb)).toThrow(/schedule\[1\]/);
    expect(() => scheduleStats('1,2' as never, elb)).toThrow(TypeError);
  });
});
