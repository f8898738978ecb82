import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DurationModel,
  lognormalDistribution,
  optimalSchedule,
  Waiter,
  type BackoffEvent,
  type WaitCheckpoint,
} from '@jobwait/core';
import { virtualClock, type VirtualClock } from '@jobwait/core/testing';

import { tokenAuth } from '../src/auth.js';
import { ElbClient } from '../src/client.js';
import { ELB_WAIT_DEFAULTS } from '../src/defaults.js';
import { elbDurationAwareBackoff } from '../src/duration-aware-backoff.js';
import { ELB_CLASSIC_DURATION_PRIORS } from '../src/duration-priors.js';
import type { ElbJob } from '../src/job.js';
import { elbJobSource, elbJobSourceFromReference } from '../src/job-source.js';
import { startSimulator, type Simulator, type TimelineStep } from '../src/testing/index.js';
import {
  waitForElbJob,
  type ElbWaitListeners,
  type WaitForElbJobOptions,
} from '../src/wait-for-elb-job.js';
import { driveUntilSettled } from './rate-limit/virtual-http.js';

const TOKEN = 'MIIsecret-duration-token';
const T0 = Date.parse('2024-05-14T08:00:00.000Z');
/** How far the virtual clock moves at a time, while no poll is on the wire. */
const STEP_MS = 50;

let clock: VirtualClock;
let sim: Simulator;

beforeEach(async () => {
  clock = virtualClock({ startMs: T0 });
  sim = await startSimulator({ token: TOKEN, clock });
});

afterEach(async () => {
  await sim.close();
});

/** A job of `jobType` that runs for `runningMs`, then succeeds. */
function addJob(jobType: string, runningMs: number): string {
  const timeline: TimelineStep[] = [{ status: 'RUNNING', forMs: runningMs }, { status: 'SUCCESS' }];

  return sim.addJob({ jobType, timeline }).job_id;
}

/** What a test sees of one wait: its backoff events and the elapsed time of each poll. */
interface Seen {
  readonly backoffs: BackoffEvent[];
  readonly pollsAtMs: number[];
}

/** The listeners of {@link watch}. */
interface Watching extends Seen {
  readonly listeners: Required<Pick<ElbWaitListeners, 'backoff' | 'poll:start' | 'poll:end'>>;
  readonly busy: () => boolean;
}

/**
 * Listeners that record what a test sees, and tell whether a poll is on the wire: the clock
 * moves only when none is, so each request reaches the simulator at most one step late.
 */
function watch(): Watching {
  const seen: Seen = { backoffs: [], pollsAtMs: [] };
  let onWire = 0;
  const listeners: Watching['listeners'] = {
    backoff: (event) => seen.backoffs.push(event),
    'poll:start': ({ elapsedMs }) => {
      onWire += 1;
      seen.pollsAtMs.push(elapsedMs);
    },
    'poll:end': () => {
      onWire -= 1;
    },
  };

  return { ...seen, listeners, busy: () => onWire > 0 };
}

/** {@link watch} for a core waiter of the test's own. */
function watchWaiter(waiter: Waiter<ElbJob>): Watching {
  const watching = watch();
  const { backoff, 'poll:start': pollStart, 'poll:end': pollEnd } = watching.listeners;
  waiter.on('backoff', backoff).on('poll:start', pollStart).on('poll:end', pollEnd);

  return watching;
}

/** Runs `wait` to its end on the virtual clock. */
function drive<R>(wait: Promise<R>, busy: () => boolean): Promise<R> {
  return driveUntilSettled(clock, wait, { busy, forMs: 700_000, stepMs: STEP_MS });
}

/** Waits for `jobId` through `waitForElbJob`, with this API's defaults and `options`. */
async function waitOnClock(
  jobId: string,
  options: Partial<WaitForElbJobOptions> & { on?: ElbWaitListeners } = {},
): Promise<Seen & { attempts: number }> {
  const seen = watch();
  const wait = waitForElbJob({
    endpoint: sim.url,
    token: TOKEN,
    projectId: sim.projectId,
    jobId,
    clock,
    pollRetries: 0,
    ...options,
    on: { ...options.on, ...seen.listeners },
  });
  const { attempts } = await drive(wait, seen.busy);

  return { backoffs: seen.backoffs, pollsAtMs: seen.pollsAtMs, attempts };
}

/** The poll times of the optimal schedule for a lognormal, at λ of 1/80 of its median. */
function optimalPolls(medianMs: number, sigma: number): number[] {
  const bounds = {
    minDelayMs: ELB_WAIT_DEFAULTS.minDelayMs,
    maxDelayMs: ELB_WAIT_DEFAULTS.maxDelayMs,
    timeoutMs: ELB_WAIT_DEFAULTS.timeoutMs,
  };
  const distribution = lognormalDistribution({ medianMs, sigma });

  return optimalSchedule(distribution, { costPerPollMs: medianMs / 80, ...bounds }).pollTimesMs;
}

function newModel(): DurationModel {
  return new DurationModel({ priors: ELB_CLASSIC_DURATION_PRIORS });
}

describe('waitForElbJob with elbDurationAwareBackoff', () => {
  it('polls first, and then, where the createELB prior plans, and says why', async () => {
    const jobId = addJob('createELB', 20_000);
    const planned = optimalPolls(25_000, 0.5).slice(0, 3);

    const { backoffs, pollsAtMs, attempts } = await waitOnClock(jobId, {
      jobType: 'createELB',
      backoff: elbDurationAwareBackoff(),
    });

    expect(attempts).toBe(3);
    expect(pollsAtMs).toHaveLength(3);
    pollsAtMs.forEach((atMs, i) =>
      expect(Math.abs(atMs - (planned[i] ?? 0))).toBeLessThanOrEqual(1),
    );
    expect(pollsAtMs[0]).toBe(14_133);
    expect(sim.requests[0]?.time).toBeGreaterThanOrEqual(T0 + 14_133);
    expect(sim.requests[0]?.time).toBeLessThanOrEqual(T0 + 14_133 + STEP_MS);
    expect(backoffs.map((event) => event.explanation?.text)).toEqual([
      'P(done by 14.1 s) = 0.13; expect 6.0 polls; lognormal median 25.0 s, sigma 0.50, 0 samples',
      expect.stringMatching(/^P\(done by 18\.1 s \| pending at 14\.\d s\) = 0\.\d\d; expect /),
      expect.stringMatching(/^P\(done by 21\.6 s \| pending at 18\.\d s\) = 0\.\d\d; expect /),
    ]);
    expect(backoffs[0]).toMatchObject({ reason: 'initial', delayMs: 14_133 });
  });

  it('lets the caller place the first poll with initialDelayMs', async () => {
    const jobId = addJob('createELB', 1000);

    const { backoffs, pollsAtMs } = await waitOnClock(jobId, {
      backoff: elbDurationAwareBackoff(),
      initialDelayMs: 5000,
    });

    expect(pollsAtMs).toEqual([5000]);
    expect(backoffs).toEqual([expect.objectContaining({ reason: 'initial', delayMs: 5000 })]);
    expect(backoffs[0]?.explanation).toBeUndefined();
  });

  it('moves a second wait’s plan by what the first learned in a shared model', async () => {
    const model = newModel();
    const first = await waitOnClock(addJob('createELB', 10_000), {
      jobType: 'createELB',
      backoff: elbDurationAwareBackoff({ model }),
    });
    const learned = model.estimate('elb-classic', 'createELB');

    const second = await waitOnClock(addJob('createELB', 10_000), {
      jobType: 'createELB',
      backoff: elbDurationAwareBackoff({ model }),
    });

    expect(first.pollsAtMs).toEqual([14_133]);
    expect(model.toJSON().entries).toEqual([
      {
        kind: 'elb-classic',
        jobType: 'createELB',
        samples: [
          [10_000, 10_000],
          [10_000, 10_000],
        ],
      },
    ]);
    expect(learned.medianMs).toBeCloseTo(25_000 * 0.4 ** (1 / 6), 6);
    const [plannedFirst = 0] = optimalPolls(learned.medianMs, learned.sigma);
    expect(Math.abs((second.pollsAtMs[0] ?? 0) - plannedFirst)).toBeLessThanOrEqual(1);
    expect(second.pollsAtMs[0]).toBeLessThan(14_133);
    expect(second.backoffs[0]?.explanation?.text).toMatch(
      /lognormal median 21\.5 s, .*, 1 sample$/,
    );
  });

  it.each([
    ['without a sub-job listener', {}],
    ['with a sub-job listener', { 'sub-job:change': () => undefined }],
  ])('plans by the job type of the first answer when none is given, %s', async (_, on) => {
    const model = newModel();
    const jobId = addJob('deleteELB', 40_000);
    const [kindFirst] = optimalPolls(30_000, 0.8);

    const { backoffs, pollsAtMs } = await waitOnClock(jobId, {
      backoff: elbDurationAwareBackoff({ model }),
      on,
    });

    expect(Math.abs((pollsAtMs[0] ?? 0) - (kindFirst ?? 0))).toBeLessThanOrEqual(1);
    expect(backoffs[0]?.explanation?.text).toMatch(/lognormal median 30\.0 s, sigma 0\.80/);
    expect(backoffs[1]?.explanation?.text).toMatch(/lognormal median 45\.0 s, sigma 0\.60/);
    expect(model.toJSON().entries).toEqual([
      { kind: 'elb-classic', jobType: 'deleteELB', samples: [[40_000, 40_000]] },
    ]);
  });

  it('keeps the job type through a checkpoint, for a job whose answers name none', async () => {
    const model = newModel();
    const backoff = elbDurationAwareBackoff({ model });
    const client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN) });
    const options = { clock, backoff, minDelayMs: 2000, maxDelayMs: 15_000, pollRetries: 0 };
    const { job_id } = sim.addJob({
      jobType: '',
      timeline: [{ status: 'RUNNING', forMs: 40_000 }, { status: 'SUCCESS' }],
    });

    try {
      const source = elbJobSource({
        client,
        projectId: sim.projectId,
        jobId: job_id,
        jobType: 'createMember',
      });
      const controller = new AbortController();
      const first = new Waiter<ElbJob>(options);
      const handing = watchWaiter(first);
      first.on('poll:end', () => controller.abort('handing over'));
      const handle = first.start(source, { signal: controller.signal });
      await drive(handle.settled, handing.busy);
      const checkpoint = JSON.parse(JSON.stringify(handle.checkpoint())) as WaitCheckpoint;
      const beforeResume = model.estimate('elb-classic', 'createMember');

      const resumed = elbJobSourceFromReference(checkpoint.job, client);
      const second = new Waiter<ElbJob>(options);
      const seen = watchWaiter(second);
      await drive(second.wait(resumed, { resumeFrom: checkpoint }), seen.busy);

      expect(checkpoint.job).toMatchObject({ id: job_id, jobType: 'createMember' });
      expect(resumed.jobType).toBe('createMember');
      expect(seen.backoffs[0]?.explanation?.details).toMatchObject({
        medianMs: beforeResume.medianMs,
        samples: 1,
      });
      expect(model.toJSON().entries.map((entry) => [entry.jobType, entry.samples.length])).toEqual([
        ['createMember', 2],
      ]);
    } finally {
      client.close();
    }
  });
});
