import { describe, expect, it } from '@jest/globals';

import type {
  BackoffContext,
  BackoffLearnContext,
  BackoffStrategy,
} from '../../../src/backoff/backoff-strategy.js';
import { constantBackoff } from '../../../src/backoff/constant.js';
import { durationAwareBackoff } from '../../../src/backoff/duration-aware/strategy.js';
import { DurationModel } from '../../../src/backoff/duration-aware/duration-model.js';
import type { BackoffEvent } from '../../../src/events.js';
import { stateSets } from '../../../src/state-sets.js';
import { scriptedSource, virtualClock, type VirtualClock } from '../../../src/testing/index.js';
import { Waiter } from '../../../src/waiter.js';

interface Build {
  state: string;
}

const classify = stateSets<Build>({
  state: 'state',
  pending: ['running'],
  success: ['passed'],
  failure: ['failed'],
});

const priors = [{ kind: 'scripted', jobType: 'build', medianMs: 25_000, sigma: 0.5 }];

/** A build on `clock` that runs until `doneAtMs`, then ends as `end`. */
function build(clock: VirtualClock, doneAtMs: number, end = 'passed', id = 'job-1') {
  const source = scriptedSource<Build>({
    clock,
    classify,
    id,
    script: [
      { atMs: 0, value: { state: 'running' }, latencyMs: 100 },
      { atMs: doneAtMs, value: { state: end }, latencyMs: 100 },
    ],
  });

  return Object.assign(source, { jobType: 'build' });
}

describe('Waiter with durationAwareBackoff', () => {
  it('polls first where completion becomes likely and says why in each backoff event', async () => {
    const clock = virtualClock();
    const waiter = new Waiter<Build>({ clock, backoff: durationAwareBackoff({ priors }) });
    const events: BackoffEvent[] = [];
    waiter.on('backoff', (event) => events.push(event));
    const source = build(clock, 30_000);

    const result = await clock.runUntilSettled(waiter.wait(source));

    expect(result.state).toBe('passed');
    expect(source.polls[0]!.atMs).toBe(14_157);
    expect(events[0]).toMatchObject({ reason: 'initial', delayMs: 14_157, elapsedMs: 0 });
    expect(events[0]!.explanation!.text).toBe(
      'P(done by 14.2 s) = 0.13; expect 6.0 polls; lognormal median 25.0 s, sigma 0.50, 0 samples',
    );
    expect(events[1]).toMatchObject({ reason: 'strategy', verdict: 'pending' });
    expect(events[1]!.explanation!.text).toMatch(
      /^P\(done by 18\.\d s \| pending at 14\.3 s\) = 0\.\d\d; expect 5\.\d more polls; lognormal/,
    );
    expect(events[1]!.explanation!.details).toMatchObject({ elapsedMs: 14_257 });
    expect(events.every((event) => event.explanation !== undefined)).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('polls at once when the caller asks for it with initialDelayMs: 0', async () => {
    const clock = virtualClock();
    const waiter = new Waiter<Build>({
      clock,
      initialDelayMs: 0,
      backoff: durationAwareBackoff({ priors }),
    });
    const source = build(clock, 30_000);

    await clock.runUntilSettled(waiter.wait(source));

    expect(source.polls[0]!.atMs).toBe(0);
  });

  it('learns from settled waits, so the next wait on slow jobs polls later', async () => {
    const clock = virtualClock();
    const model = new DurationModel({ priors });
    const waiter = new Waiter<Build>({ clock, backoff: durationAwareBackoff({ model }) });
    const firsts: number[] = [];

    for (let job = 0; job < 12; job += 1) {
      const source = build(clock, 70_000, job % 4 === 3 ? 'failed' : 'passed', `job-${job}`);
      await clock.runUntilSettled(waiter.settle(source));
      firsts.push(source.polls[0]!.atMs);
    }

    const { medianMs, samples } = model.estimate('scripted', 'build');
    expect(samples).toBe(12);
    // Twelve jobs of about 70 s against a prior of 25 s worth five.
    expect(medianMs).toBeGreaterThan(50_000);
    expect(firsts.at(-1)).toBeGreaterThan(firsts[0]! * 1.8);
  });

  it('hands learn how the wait ended, with the last pending and first done polls', async () => {
    const clock = virtualClock();
    const learned: BackoffLearnContext[] = [];
    const backoff: BackoffStrategy = {
      ...constantBackoff({ delayMs: 1_000 }),
      learn: (context) => learned.push(context),
    };
    const waiter = new Waiter<Build>({ clock, backoff, timeoutMs: 20_000 });

    await clock.runUntilSettled(waiter.wait(build(clock, 2_500)));
    await clock.runUntilSettled(waiter.settle(build(clock, 60_000, 'passed', 'job-2')));

    // Polls start at 0, 1.1 s, 2.2 s and 3.3 s (each answers in 100 ms).
    expect(learned[0]).toEqual({
      kind: 'scripted',
      jobId: 'job-1',
      jobType: 'build',
      outcome: 'succeeded',
      elapsedMs: 3_400,
      pendingAtMs: 2_200,
      doneAtMs: 3_300,
      observation: { state: 'passed' },
    });
    expect(learned[1]).toMatchObject({ outcome: 'timedOut', jobId: 'job-2' });
    expect(learned[1]!.doneAtMs).toBeUndefined();
    expect(learned[1]!.pendingAtMs).toBeGreaterThan(18_000);
  });

  it('tells every strategy the wait it schedules: elapsed time, job and bounds', async () => {
    const clock = virtualClock();
    const contexts: BackoffContext[] = [];
    const backoff: BackoffStrategy = {
      nextDelay: (context) => (contexts.push(context), 1_000),
    };
    const waiter = new Waiter<Build>({ clock, backoff, minDelayMs: 50, maxDelayMs: 9_000 });

    await clock.runUntilSettled(waiter.wait(build(clock, 1_500)));

    expect(contexts[0]).toMatchObject({
      attempt: 1,
      verdict: 'pending',
      kind: 'scripted',
      jobId: 'job-1',
      jobType: 'build',
      elapsedMs: 100,
      timeoutMs: 600_000,
      minDelayMs: 50,
      maxDelayMs: 9_000,
    });
    expect(contexts[1]).toMatchObject({ attempt: 2, elapsedMs: 1_200, previousDelayMs: 1_000 });
  });

  it('keeps the first poll at once for a strategy without initialDelay', async () => {
    const clock = virtualClock();
    const waiter = new Waiter<Build>({ clock, backoff: constantBackoff({ delayMs: 5_000 }) });
    const source = build(clock, 7_000);

    await clock.runUntilSettled(waiter.wait(source));

    expect(source.polls.map(({ atMs }) => atMs)).toEqual([0, 5_100, 10_200]);
  });

  it("clamps a strategy's initial delay, and reads a non-number as the minimum", async () => {
    const clock = virtualClock();
    const long: BackoffStrategy = { nextDelay: () => 1_000, initialDelay: () => 99_000 };
    const odd: BackoffStrategy = { nextDelay: () => 1_000, initialDelay: () => NaN };
    const first = build(clock, 1_000);
    const second = build(clock, 1_000, 'passed', 'job-2');

    await clock.runUntilSettled(
      new Waiter<Build>({ clock, backoff: long, maxDelayMs: 8_000 }).wait(first),
    );
    const startedAt = clock.now();
    await clock.runUntilSettled(
      new Waiter<Build>({ clock, backoff: odd, minDelayMs: 300 }).wait(second),
    );

    expect(first.polls[0]!.atMs).toBe(8_000);
    expect(second.polls[0]!.atMs).toBe(startedAt + 300);
  });

  it('polls a resumed wait at once, even with a strategy that places first polls', async () => {
    const clock = virtualClock();
    const waiter = new Waiter<Build>({ clock, backoff: durationAwareBackoff({ priors }) });
    const controller = new AbortController();
    const handle = waiter.start(build(clock, 60_000), { signal: controller.signal });
    await clock.advance(20_000);
    const checkpoint = handle.checkpoint();
    controller.abort();
    await clock.runUntilSettled(handle.settled);
    const again = Object.assign(
      scriptedSource<Build>({ clock, classify, script: [{ value: { state: 'passed' } }] }),
      { jobType: 'build' },
    );

    const result = await clock.runUntilSettled(waiter.wait(again, { resumeFrom: checkpoint }));

    expect(again.polls[0]!.atMs).toBe(0);
    // Two polls before the checkpoint (at 14.2 s and 18.3 s), one after it.
    expect(result).toMatchObject({ state: 'passed', attempts: 3 });
  });

  it('leaves out an explanation that throws or has no text, and goes on', async () => {
    const clock = virtualClock();
    const throwing: BackoffStrategy = {
      nextDelay: () => 1_000,
      explain: () => {
        throw new Error('broken');
      },
    };
    const shapeless: BackoffStrategy = {
      nextDelay: () => 1_000,
      explain: () => ({ words: 'no text' }) as never,
    };

    for (const backoff of [throwing, shapeless]) {
      const waiter = new Waiter<Build>({ clock, backoff });
      const events: BackoffEvent[] = [];
      waiter.on('backoff', (event) => events.push(event));
      const result = await clock.runUntilSettled(waiter.wait(build(clock, 1_500)));

      expect(result.state).toBe('passed');
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((event) => !('explanation' in event))).toBe(true);
    }
  });

  it('asks for an explanation only when a backoff listener hears it', async () => {
    const clock = virtualClock();
    let explained = 0;
    const backoff: BackoffStrategy = {
      nextDelay: () => 1_000,
      explain: () => ({ text: `call ${++explained}` }),
    };
    const waiter = new Waiter<Build>({ clock, backoff });

    await clock.runUntilSettled(waiter.wait(build(clock, 2_500)));
    expect(explained).toBe(0);

    const texts: string[] = [];
    waiter.on('backoff', (event) => texts.push(event.explanation!.text));
    await clock.runUntilSettled(waiter.wait(build(clock, 2_500, 'passed', 'job-2')));
    expect(texts).toEqual(['call 1', 'call 2', 'call 3']);
  });

  it('settles as it would have when learn throws', async () => {
    const clock = virtualClock();
    const backoff: BackoffStrategy = {
      nextDelay: () => 1_000,
      learn: () => {
        throw new Error('cannot learn');
      },
    };
    const waiter = new Waiter<Build>({ clock, backoff });

    const result = await clock.runUntilSettled(waiter.settle(build(clock, 1_500, 'failed')));

    expect(result.outcome).toBe('failed');
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses a job source whose jobType is not a string, before any poll', async () => {
    const clock = virtualClock();
    const source = Object.assign(build(clock, 1_000), { jobType: 42 as never });

    await expect(new Waiter<Build>({ clock }).wait(source)).rejects.toThrow(
      new TypeError('Expected the `jobType` of the job source to be a string when present'),
    );
    expect(source.polls).toEqual([]);
  });
});
