import { describe, expect, it } from '@jest/globals';

import {
  empiricalDistribution,
  lognormalDistribution,
} from '../../../src/backoff/duration-aware/distribution.js';

/** ∫₀ᵗ x f(x) dx by the midpoint rule on `steps` steps, f taken from the cdf's differences. */
function integratePartialMean(cdf: (t: number) => number, t: number, steps = 20_000): number {
  let sum = 0;
  for (let k = 0; k < steps; k += 1) {
    const [a, b] = [(k * t) / steps, ((k + 1) * t) / steps];
    sum += ((a + b) / 2) * (cdf(b) - cdf(a));
  }

  return sum;
}

describe('lognormalDistribution', () => {
  const elb = lognormalDistribution({ medianMs: 25_000, sigma: 0.5 });

  it('puts half the jobs below the median and 97.5 % below median·e^(1.96σ)', () => {
    expect(elb.cdf(25_000)).toBeCloseTo(0.5, 7);
    expect(elb.cdf(25_000 * Math.exp(1.959964 * 0.5))).toBeCloseTo(0.975, 6);
    expect(elb.cdf(0)).toBe(0);
    expect(elb.quantile(0.5)).toBeCloseTo(25_000, 3);
  });

  it('gives the partial mean that numeric integration of the cdf gives', () => {
    for (const t of [10_000, 25_000, 60_000]) {
      expect(elb.partialMean(t) / integratePartialMean(elb.cdf, t)).toBeCloseTo(1, 4);
    }
    // The whole mean of a lognormal is e^(μ + σ²/2).
    expect(elb.partialMean(1e9)).toBeCloseTo(25_000 * Math.exp(0.125), 2);
  });

  it('refuses parameters that make no distribution, naming them', () => {
    expect(() => lognormalDistribution({ medianMs: 0, sigma: 1 })).toThrow(
      new RangeError('Expected `medianMs` to be above 0 and finite, got 0'),
    );
    expect(() => lognormalDistribution({ medianMs: 10, sigma: 0 })).toThrow(
      new RangeError('Expected `sigma` to be above 0 and at most 10, got 0'),
    );
    expect(() => lognormalDistribution({ medianMs: 10, sigma: NaN })).toThrow(
      new TypeError('Expected `sigma` to be a number, got NaN'),
    );
    expect(() => lognormalDistribution(null as never)).toThrow(TypeError);
  });
});

describe('empiricalDistribution', () => {
  const sample = empiricalDistribution([30, 10, 20, 20]);

  it('gives each duration its share and sums them for the partial mean', () => {
    expect(sample.samplesMs).toEqual([10, 20, 20, 30]);
    expect([sample.cdf(9), sample.cdf(10), sample.cdf(20), sample.cdf(29), sample.cdf(30)]).toEqual(
      [0, 0.25, 0.75, 0.75, 1],
    );
    expect(sample.partialMean(20)).toBe((10 + 20 + 20) / 4);
    expect([sample.quantile(0), sample.quantile(0.5), sample.quantile(1)]).toEqual([10, 20, 30]);
  });

  it('copies the sample, so changing the array later changes nothing', () => {
    const durations = [5, 6];
    const distribution = empiricalDistribution(durations);
    durations.push(1_000);

    expect(distribution.cdf(6)).toBe(1);
  });

  it('refuses an empty sample and names a bad entry by index', () => {
    expect(() => empiricalDistribution([])).toThrow(
      new RangeError('Expected `samplesMs` to hold at least one duration, got none'),
    );
    expect(() => empiricalDistribution([1, -2])).toThrow(
      new RangeError('Expected `samplesMs[1]` to be 0 or more and finite, got -2'),
    );
    expect(() => empiricalDistribution([1, '2' as never])).toThrow(
      new TypeError('Expected `samplesMs[1]` to be a number, got "2"'),
    );
    expect(() => empiricalDistribution('1,2' as never)).toThrow(TypeError);
  });
});
