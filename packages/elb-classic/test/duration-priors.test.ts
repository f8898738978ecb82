import { describe, expect, it } from '@jest/globals';
import { DurationModel } from '@jobwait/core';

import { ELB_CLASSIC_DURATION_PRIORS } from '../src/duration-priors.js';
import { elbJobDurationMs } from '../src/job-duration.js';
import { jobFixture } from './helpers.js';

const model = new DurationModel({ priors: ELB_CLASSIC_DURATION_PRIORS });

describe('ELB_CLASSIC_DURATION_PRIORS', () => {
  it.each([
    ['createELB', 25_000, 0.5],
    ['deleteELB', 45_000, 0.6],
    ['createMember', 35_000, 0.6],
    ['removeMember', 15_000, 0.6],
    ['createListener', 30_000, 0.8],
    [undefined, 30_000, 0.8],
  ])('gives a model the prior of job type %s: median %i ms, sigma %d', (jobType, median, sigma) => {
    const estimate = model.estimate('elb-classic', jobType);

    expect(estimate).toMatchObject({ medianMs: median, samples: 0 });
    expect(estimate.sigma).toBeCloseTo(sigma, 10);
  });

  it('counts a known job type as 5 durations and the kind as a whole as 2', () => {
    expect(model.estimate('elb-classic', 'createELB').priorWeight).toBe(5);
    expect(model.estimate('elb-classic', 'createListener').priorWeight).toBe(2);
  });

  it.each([
    ['create-elb-success', 'createELB'],
    ['create-elb-fail', 'createELB'],
    ['delete-elb-success', 'deleteELB'],
    ['create-member-success', 'createMember'],
    ['remove-member-success', 'removeMember'],
  ])('holds the duration of %s within the central 90 %% of its prior', (name, jobType) => {
    const durationMs = elbJobDurationMs(jobFixture(name)) ?? Number.NaN;
    const { cdf } = model.estimate('elb-classic', jobType).distribution;

    expect(cdf(durationMs)).toBeGreaterThan(0.05);
    expect(cdf(durationMs)).toBeLessThan(0.95);
  });

  it('is frozen, entries included', () => {
    expect(Object.isFrozen(ELB_CLASSIC_DURATION_PRIORS)).toBe(true);
    expect(ELB_CLASSIC_DURATION_PRIORS.every((prior) => Object.isFrozen(prior))).toBe(true);
  });
});
