import { describe, expect, it } from '@jest/globals';
import {
  DurationModel,
  lognormalDistribution,
  optimalSchedule,
  type BackoffLearnContext,
  type InitialDelayContext,
} from '@jobwait/core';

import { ELB_WAIT_DEFAULTS } from '../src/defaults.js';
import { elbDurationAwareBackoff } from '../src/duration-aware-backoff.js';
import { ELB_CLASSIC_DURATION_PRIORS } from '../src/duration-priors.js';
import { jobFixture } from './helpers.js';

const BOUNDS = {
  minDelayMs: ELB_WAIT_DEFAULTS.minDelayMs,
  maxDelayMs: ELB_WAIT_DEFAULTS.maxDelayMs,
  timeoutMs: ELB_WAIT_DEFAULTS.timeoutMs,
};

/** The context of a wait on a classic ELB job of `jobType`, before its first poll. */
function start(jobType?: string): InitialDelayContext {
  return { kind: 'elb-classic', jobId: 'j1', jobType, elapsedMs: 0, random: () => 0, ...BOUNDS };
}

/** How a wait on a `createELB` job ended: pending at 20 s, done at 30 s, seen as `job`. */
function succeeded(observation: unknown): BackoffLearnContext {
  const ending = { outcome: 'succeeded', elapsedMs: 30_100, pendingAtMs: 20_000, doneAtMs: 30_000 };

  return { kind: 'elb-classic', jobId: 'j1', jobType: 'createELB', ...ending, observation };
}

/** The first poll of the optimal schedule for a lognormal, at λ of 1/80 of its median. */
function optimalFirstPoll(medianMs: number, sigma: number): number {
  const elb = lognormalDistribution({ medianMs, sigma });
  const [first] = optimalSchedule(elb, { costPerPollMs: medianMs / 80, ...BOUNDS }).pollTimesMs;

  return first ?? Number.NaN;
}

describe('elbDurationAwareBackoff', () => {
  it.each([
    ['createELB', 25_000, 0.5],
    ['removeMember', 15_000, 0.6],
    [undefined, 30_000, 0.8],
  ])('places the first poll of a %s job where its prior plans it', (jobType, median, sigma) => {
    const delayMs = elbDurationAwareBackoff().initialDelay?.(start(jobType)) ?? Number.NaN;

    expect(Math.abs(delayMs - optimalFirstPoll(median, sigma))).toBeLessThanOrEqual(1);
    expect(delayMs).toBeGreaterThan(ELB_WAIT_DEFAULTS.initialDelayMs);
  });

  it('explains the first poll by the createELB prior', () => {
    const backoff = elbDurationAwareBackoff();
    const delayMs = backoff.initialDelay?.(start('createELB')) ?? Number.NaN;

    const explanation = backoff.explain?.(start('createELB'), delayMs);

    expect(delayMs).toBe(14_133);
    expect(explanation?.text).toBe(
      'P(done by 14.1 s) = 0.13; expect 6.0 polls; lognormal median 25.0 s, sigma 0.50, 0 samples',
    );
  });

  it('learns the exact duration from begin_time and end_time', () => {
    const model = new DurationModel({ priors: ELB_CLASSIC_DURATION_PRIORS });

    elbDurationAwareBackoff({ model }).learn?.(succeeded(jobFixture('create-elb-success')));

    expect(model.toJSON().entries).toEqual([
      { kind: 'elb-classic', jobType: 'createELB', samples: [[28_787, 28_787]] },
    ]);
  });

  it('learns the interval between two polls when the times do not read', () => {
    const model = new DurationModel({ priors: ELB_CLASSIC_DURATION_PRIORS });

    elbDurationAwareBackoff({ model }).learn?.(succeeded({ status: 'SUCCESS', end_time: '' }));

    expect(model.toJSON().entries).toEqual([
      { kind: 'elb-classic', jobType: 'createELB', samples: [[20_000, 30_000]] },
    ]);
  });

  it('takes a durationOf of the caller', () => {
    const model = new DurationModel();

    elbDurationAwareBackoff({ model, durationOf: () => 12_345 }).learn?.(succeeded({}));

    expect(model.toJSON().entries[0]?.samples).toEqual([[12_345, 12_345]]);
  });

  it('plans from the given priors instead of the ELB ones', () => {
    const priors = [{ kind: 'elb-classic', jobType: 'createELB', medianMs: 10_000, sigma: 0.3 }];

    const delayMs = elbDurationAwareBackoff({ priors }).initialDelay?.(start('createELB')) ?? 0;

    expect(Math.abs(delayMs - optimalFirstPoll(10_000, 0.3))).toBeLessThanOrEqual(1);
    expect(delayMs).toBeLessThan(10_000);
  });

  it.each([
    [{ modle: new DurationModel() }, TypeError, /Unknown option `modle`/],
    [{ costPerPoll: 100 }, TypeError, /Unknown option `costPerPoll`.*did you mean `costPerPollMs`/],
    [{ model: new DurationModel(), priors: [] }, TypeError, /`priors` only without `model`/],
    [{ model: {} }, TypeError, /`model` to be a DurationModel/],
    [{ durationOf: 'end_time' }, TypeError, /`durationOf` to be a function/],
    [{ costPerPollMs: -1 }, RangeError, /`costPerPollMs`/],
  ])('refuses %p, naming the option', (options, type, message) => {
    const build = () => elbDurationAwareBackoff(options as never);

    expect(build).toThrow(type);
    expect(build).toThrow(message);
  });

  it('refuses options that are not an object', () => {
    expect(() => elbDurationAwareBackoff(null as never)).toThrow(/`options` to be an object/);
  });
});
