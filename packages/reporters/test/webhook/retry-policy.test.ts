import { describe, expect, it } from '@jest/globals';

import { isRetryableStatus, retryDelayMs } from '../../src/webhook/retry-policy.js';

const policy = (random: number) => ({
  maxAttempts: 5,
  minDelayMs: 500,
  maxDelayMs: 30_000,
  random: () => random,
});

describe('isRetryableStatus', () => {
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [599, true],
    [200, false],
    [301, false],
    [400, false],
    [401, false],
    [404, false],
    [409, false],
    [600, false],
  ])('says %i is retryable: %s', (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable);
  });
});

describe('retryDelayMs', () => {
  it.each<[string, number, number, number | undefined, number]>([
    ['the first step without jitter', 0, 1, undefined, 500],
    ['the first step at most jitter', 0.999, 1, undefined, 1_000],
    ['the second step with half jitter', 0.5, 2, undefined, 1_500],
    ['the fourth step', 0, 4, undefined, 4_000],
    ['a step past maxDelayMs, clamped', 0, 10, undefined, 30_000],
    ['a step after many attempts, clamped', 0.5, 100, undefined, 30_000],
    ['a Retry-After longer than the step', 0, 1, 7_000, 7_000],
    ['a Retry-After shorter than the step', 0, 3, 100, 2_000],
    ['a Retry-After beyond maxDelayMs, clamped', 0, 1, 3_600_000, 30_000],
    ['a Retry-After of 0, held to minDelayMs', 0, 1, 0, 500],
    ['a random source returning NaN', Number.NaN, 1, undefined, 500],
    ['a random source returning 7', 7, 1, undefined, 1_000],
  ])('gives %s', (_case, random, failedAttempt, retryAfterMs, expected) => {
    expect(retryDelayMs(policy(random), failedAttempt, retryAfterMs)).toBe(expected);
  });
});
