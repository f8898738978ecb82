import { describe, expect, it } from '@jest/globals';

import { lognormalDistribution } from '../../../src/backoff/duration-aware/distribution.js';
import { lagAtPolls, pollFrontier } from '../../../src/backoff/duration-aware/frontier.js';
import { optimalSchedule } from '../../../src/backoff/duration-aware/optimal-schedule.js';

const elb = lognormalDistribution({ medianMs: 25_000, sigma: 0.5 });

describe('pollFrontier', () => {
  const frontier = pollFrontier(elb);

  it('goes from many polls and little lag to few polls and much lag, monotonically', () => {
    expect(frontier.length).toBeGreaterThan(30);
    for (let i = 1; i < frontier.length; i += 1) {
      expect(frontier[i]!.expectedPolls).toBeGreaterThan(frontier[i - 1]!.expectedPolls);
      expect(frontier[i]!.expectedLagMs).toBeLessThan(frontier[i - 1]!.expectedLagMs);
    }
    expect(frontier[0]!.expectedPolls).toBeLessThan(2);
    expect(frontier.at(-1)!.expectedPolls).toBeGreaterThan(50);
  });

  it('solves the costs it is given, and refuses an empty list', () => {
    const points = pollFrontier(elb, { costsPerPollMs: [3_000, 300] });

    expect(points.map((point) => point.costPerPollMs)).toEqual([3_000, 300]);
    expect(() => pollFrontier(elb, { costsPerPollMs: [] })).toThrow(RangeError);
    expect(() => pollFrontier(elb, { costsPerPollMs: [1, NaN] })).toThrow(
      new TypeError('Expected option `costsPerPollMs[1]` to be a number, got NaN'),
    );
  });
});

describe('lagAtPolls', () => {
  const frontier = pollFrontier(elb);

  it('reads the least lag at a number of polls between two points of the frontier', () => {
    const six = lagAtPolls(frontier, 6)!;
    const direct = optimalSchedule(elb, { targetPolls: 6 });

    // The hull lies at or below any single schedule, and close to it.
    expect(six).toBeLessThanOrEqual(direct.expectedLagMs + 1e-9);
    expect(six).toBeGreaterThan(direct.expectedLagMs * 0.98);
  });

  it('interpolates linearly on the lower convex hull', () => {
    const points = [
      { expectedPolls: 1, expectedLagMs: 10 },
      { expectedPolls: 2, expectedLagMs: 9 }, // above the chord from 1 to 3: not on the hull
      { expectedPolls: 3, expectedLagMs: 4 },
    ];

    expect(lagAtPolls(points, 2)).toBe(7);
    expect(lagAtPolls(points, 3)).toBe(4);
  });

  it('answers undefined outside the frontier', () => {
    expect(lagAtPolls(frontier, 0.5)).toBeUndefined();
    expect(lagAtPolls(frontier, 1e6)).toBeUndefined();
    expect(() => lagAtPolls(frontier, NaN)).toThrow(TypeError);
  });
});
