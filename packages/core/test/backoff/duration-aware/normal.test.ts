import { describe, expect, it } from '@jest/globals';

import {
  erfc,
  normalCdf,
  normalPdf,
  normalQuantile,
} from '../../../src/backoff/duration-aware/normal.js';

describe('normalCdf', () => {
  it('matches published values of the standard normal cdf when given common quantiles', () => {
    // Values from standard tables (Abramowitz and Stegun, table 26.1).
    const table: [number, number][] = [
      [0, 0.5],
      [1, 0.8413447461],
      [1.959963985, 0.975],
      [-2.326347874, 0.01],
      [3, 0.998650102],
    ];

    for (const [x, p] of table) expect(normalCdf(x)).toBeCloseTo(p, 7);
  });

  it('keeps its relative precision in the far tail when x is very negative', () => {
    // Φ(−6) = 9.8658765e-10.
    expect(normalCdf(-6) / 9.8658765e-10).toBeCloseTo(1, 6);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
  });
});

describe('erfc', () => {
  it('answers 1 at 0 and 2 − erfc(x) at −x', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(-0.7)).toBeCloseTo(2 - erfc(0.7), 12);
    expect(erfc(0.5)).toBeCloseTo(0.4795001222, 7);
  });
});

describe('normalPdf', () => {
  it('is the gaussian density, and 0 at either infinity', () => {
    expect(normalPdf(0)).toBeCloseTo(0.3989422804, 9);
    expect(normalPdf(2)).toBeCloseTo(0.05399096651, 9);
    expect(normalPdf(Infinity)).toBe(0);
  });
});

describe('normalQuantile', () => {
  it('inverts normalCdf when given probabilities across (0, 1)', () => {
    for (const p of [1e-9, 1e-6, 0.001, 0.02, 0.3, 0.5, 0.77, 0.975, 0.999999]) {
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 5);
    }
  });

  it('answers ∓Infinity at 0 and 1', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 6);
  });
});
