import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import type {
  BackoffContext,
  BackoffLearnContext,
  InitialDelayContext,
} from '../../../src/backoff/backoff-strategy.js';
import { lognormalDistribution } from '../../../src/backoff/duration-aware/distribution.js';
import { durationAwareBackoff } from '../../../src/backoff/duration-aware/strategy.js';
import { DurationModel } from '../../../src/backoff/duration-aware/duration-model.js';
import { optimalSchedule } from '../../../src/backoff/duration-aware/optimal-schedule.js';
import type { VerdictType } from '../../../src/verdict.js';
import { noRandom } from '../helpers.js';

const priors = [{ kind: 'elb-classic', jobType: 'createELB', medianMs: 25_000, sigma: 0.5 }];
const bounds = { minDelayMs: 100, maxDelayMs: 60_000, timeoutMs: 600_000 };
const wait = { kind: 'elb-classic', jobId: 'job-1', jobType: 'createELB', ...bounds };

function start(elapsedMs = 0): InitialDelayContext {
  return { ...wait, elapsedMs, random: noRandom };
}

function after(elapsedMs: number, attempt = 1, verdict: VerdictType = 'pending'): BackoffContext {
  return { ...wait, attempt, verdict, previousDelayMs: undefined, elapsedMs, random: noRandom };
}

/** The poll times the strategy asks for on a job that never ends, from the start. */
function plannedTimes(strategy: ReturnType<typeof durationAwareBackoff>, polls: number): number[] {
  const times = [strategy.initialDelay!(start())];
  while (times.length < polls) {
    times.push(times.at(-1)! + strategy.nextDelay(after(times.at(-1)!, times.length)));
  }

  return times;
}

/** What a waiter tells the strategy of a job seen pending at `pendingAtMs`, done at `doneAtMs`. */
function ended(pendingAtMs: number, doneAtMs: number): BackoffLearnContext {
  return { ...wait, outcome: 'succeeded', elapsedMs: doneAtMs + 50, pendingAtMs, doneAtMs };
}

describe('durationAwareBackoff', () => {
  it('places its polls as the optimal schedule for the prior does, the first well after 0', () => {
    const strategy = durationAwareBackoff({ priors });
    const optimal = optimalSchedule(lognormalDistribution({ medianMs: 25_000, sigma: 0.5 }), {
      costPerPollMs: 25_000 / 80,
      ...bounds,
    });

    const times = plannedTimes(strategy, 8);

    expect(times[0]).toBeGreaterThan(10_000);
    times.forEach((time, index) => {
      expect(Math.abs(time - optimal.pollTimesMs[index]!)).toBeLessThanOrEqual(1);
    });
    expect(optimal.expectedPolls).toBeGreaterThan(5.5);
    expect(optimal.expectedPolls).toBeLessThan(6.5);
  });

  it('plans from when the job was last seen pending, whatever the attempt', () => {
    const strategy = durationAwareBackoff({ priors });
    const times = plannedTimes(strategy, 4);
    const late = times[1]! + 700;
    const next = late + strategy.nextDelay(after(late, 2));

    // A poll 700 ms late moves the next one later, by less than that, and the count of polls
    // made so far does not matter.
    expect(next - times[2]!).toBeGreaterThan(0);
    expect(next - times[2]!).toBeLessThan(700);
    expect(strategy.nextDelay(after(late, 9))).toBe(next - late);
  });

  it('moves its schedule toward the durations it learns', () => {
    const model = new DurationModel({ priors });
    const strategy = durationAwareBackoff({ model });
    const before = strategy.initialDelay!(start());

    for (let i = 0; i < 30; i += 1) strategy.learn!(ended(58_000, 61_000));
    const later = strategy.initialDelay!(start());

    expect(model.estimate('elb-classic', 'createELB').medianMs).toBeGreaterThan(50_000);
    expect(later).toBeGreaterThan(before * 1.8);

    const quick = durationAwareBackoff({ priors });
    for (let i = 0; i < 30; i += 1) quick.learn!(ended(5_000, 6_000));
    expect(quick.initialDelay!(start())).toBeLessThan(before / 2);
  });

  it('keeps what it learns per kind and job type', () => {
    const model = new DurationModel({ priors });
    const strategy = durationAwareBackoff({ model });
    for (let i = 0; i < 10; i += 1) {
      strategy.learn!({ ...ended(58_000, 61_000), jobType: 'deleteELB' });
    }

    expect(model.estimate('elb-classic', 'createELB').samples).toBe(0);
    expect(model.estimate('elb-classic', 'deleteELB').samples).toBe(10);
  });

  it('learns an exact duration when durationOf reads one from the last observation', () => {
    const model = new DurationModel({ priors });
    const reference = new DurationModel({ priors });
    const strategy = durationAwareBackoff({
      model,
      durationOf: (job) => (job as { tookMs?: number }).tookMs,
    });

    strategy.learn!({ ...ended(30_000, 45_000), observation: { tookMs: 40_000 } });
    strategy.learn!({ ...ended(30_000, 45_000), observation: {} });
    reference.observe('elb-classic', 'createELB', 40_000);
    reference.observeBetween('elb-classic', 'createELB', { afterMs: 30_000, byMs: 45_000 });

    expect(model.toJSON()).toEqual(reference.toJSON());
  });

  it('learns that a job outlasted a wait that timed out, and nothing from an early failure', () => {
    const model = new DurationModel({ priors });
    const strategy = durationAwareBackoff({ model });

    strategy.learn!({ ...wait, outcome: 'timedOut', elapsedMs: 600_000, pendingAtMs: 590_000 });
    strategy.learn!({ ...wait, outcome: 'failed', elapsedMs: 3_000, pendingAtMs: 1_000 });
    strategy.learn!({ ...wait, outcome: 'aborted', elapsedMs: 3_000 });

    expect(model.toJSON().entries[0]!.samples).toEqual([[590_000, null]]);
  });

  it('learns nothing with learn: false', () => {
    const model = new DurationModel({ priors });
    durationAwareBackoff({ model, learn: false }).learn!(ended(58_000, 61_000));

    expect(model.toJSON().entries).toEqual([]);
  });

  it('explains its first delay and each later one with the odds and the estimate', () => {
    const strategy = durationAwareBackoff({ priors });
    const first = strategy.initialDelay!(start());
    const second = strategy.nextDelay(after(first));

    const initial = strategy.explain!(start(), first)!;
    const next = strategy.explain!(after(first), second)!;

    expect(initial.text).toBe(
      'P(done by 14.2 s) = 0.13; expect 6.0 polls; lognormal median 25.0 s, sigma 0.50, 0 samples',
    );
    expect(next.text).toMatch(
      new RegExp(
        String.raw`^P\(done by 18\.\d s \| pending at 14\.2 s\) = 0\.1\d; ` +
          String.raw`expect 5\.\d more polls; lognormal median 25\.0 s, sigma 0\.50, 0 samples$`,
      ),
    );
    expect(next.details).toMatchObject({
      elapsedMs: first,
      nextPollAtMs: first + second,
      medianMs: 25_000,
      sigma: 0.5,
      samples: 0,
      costPerPollMs: 312.5,
    });
  });

  it('asks for the shortest delay while a success is confirmed', () => {
    const strategy = durationAwareBackoff({ priors });

    expect(strategy.nextDelay(after(30_000, 3, 'success'))).toBe(100);
    expect(strategy.explain!(after(30_000, 3, 'success'), 100)?.text).toBe(
      'confirming a success: the shortest delay',
    );
  });

  it('follows the plan by attempt when the context has no elapsed time', () => {
    const strategy = durationAwareBackoff({ priors });
    const times = plannedTimes(strategy, 3);
    const bare = {
      attempt: 1,
      verdict: 'pending' as const,
      previousDelayMs: undefined,
      random: noRandom,
    };

    // Without kind, job type or bounds: the fallback prior and the waiter's defaults.
    const fallback = durationAwareBackoff({ priors: [{ medianMs: 25_000, sigma: 0.5 }] });
    expect(fallback.nextDelay(bare)).toBe(times[1]! - times[0]!);
    expect(fallback.nextDelay({ ...bare, attempt: 2 })).toBe(times[2]! - times[1]!);
  });

  it('spends λ as given by costPerPollMs, whatever the median', () => {
    const cheap = durationAwareBackoff({ priors, costPerPollMs: 30 });
    const dear = durationAwareBackoff({ priors, costPerPollMs: 3_000 });

    expect(cheap.initialDelay!(start())).toBeLessThan(dear.initialDelay!(start()));
  });

  it('refuses invalid options, naming them', () => {
    expect(() => durationAwareBackoff({ model: {} as never })).toThrow(
      new TypeError('Expected option `model` to be a DurationModel, got an object'),
    );
    expect(() => durationAwareBackoff({ model: new DurationModel(), priors })).toThrow(
      new TypeError('Expected option `priors` only without `model`: give them to the model'),
    );
    expect(() => durationAwareBackoff({ costPerPollMs: 1, costPerPollOfMedian: 1 })).toThrow(
      RangeError,
    );
    expect(() => durationAwareBackoff({ costPerPollOfMedian: -0.1 })).toThrow(
      /costPerPollOfMedian/,
    );
    expect(() => durationAwareBackoff({ learn: 'yes' as never })).toThrow(/learn/);
    expect(() => durationAwareBackoff({ durationOf: 5 as never })).toThrow(/durationOf/);
    expect(() => durationAwareBackoff({ prior: {} } as never)).toThrow(
      new TypeError('Unknown option `prior` of durationAwareBackoff'),
    );
    expect(() => durationAwareBackoff(null as never)).toThrow(TypeError);
  });
});

describe('durationAwareBackoff properties', () => {
  const SEED = 20_250_601;

  const setting = fc
    .record({
      minDelayMs: fc.integer({ min: 1, max: 10_000 }),
      extraMaxMs: fc.integer({ min: 0, max: 200_000 }),
      extraTimeoutMs: fc.integer({ min: 0, max: 3_600_000 }),
      medianMs: fc.double({ min: 10, max: 1e6, noNaN: true }),
      sigma: fc.double({ min: 0.05, max: 2, noNaN: true }),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      verdict: fc.constantFrom<VerdictType>('pending', 'not-found', 'transient', 'throttled'),
    })
    .map(({ minDelayMs, extraMaxMs, extraTimeoutMs, share, ...rest }) => {
      const maxDelayMs = minDelayMs + extraMaxMs;
      const timeoutMs = minDelayMs + extraTimeoutMs;

      return { ...rest, minDelayMs, maxDelayMs, timeoutMs, elapsedMs: share * timeoutMs };
    });

  it('names finite delays within [minDelayMs, maxDelayMs] whatever the bounds and estimate', () => {
    fc.assert(
      fc.property(setting, ({ medianMs, sigma, verdict, elapsedMs, ...limits }) => {
        const strategy = durationAwareBackoff({ priors: [{ kind: 'k', medianMs, sigma }] });
        const context = { kind: 'k', jobId: 'j', ...limits, random: noRandom };
        const delays = [
          strategy.initialDelay!({ ...context, elapsedMs: 0 }),
          strategy.nextDelay({ ...context, elapsedMs, attempt: 2, verdict, previousDelayMs: 1 }),
        ];

        for (const delay of delays) {
          expect(Number.isFinite(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(limits.minDelayMs);
          expect(delay).toBeLessThanOrEqual(limits.maxDelayMs);
        }
        expect(delays[0]).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
