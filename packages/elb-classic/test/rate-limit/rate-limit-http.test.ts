import { afterEach, describe, expect, it } from '@jest/globals';
import { constantBackoff, WaitAbortedError, WaitTimeoutError } from '@jobwait/core';
import { virtualClock, type VirtualClock } from '@jobwait/core/testing';

import { ElbClient } from '../../src/client.js';
import type { RateLimitOptions } from '../../src/rate-limit/rate-limit-options.js';
import {
  startSimulator,
  type Simulator,
  type SimulatorThrottle,
  type TimelineStep,
} from '../../src/testing/index.js';
import { waitForElbJob, type WaitForElbJobOptions } from '../../src/wait-for-elb-job.js';
import { rejectionOf } from '../helpers.js';
import { driveWhileIdle, longestGap, pollTimesByJob, wireCounter } from './virtual-http.js';

const TOKEN = 'test-token-rate-limit';
const T0 = Date.parse('2024-05-14T08:00:00.000Z');
const LONG_RUNNING: readonly TimelineStep[] = [
  { status: 'RUNNING', forMs: 3_600_000 },
  { status: 'SUCCESS' },
];

let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

interface Fleet {
  readonly clock: VirtualClock;
  readonly sim: Simulator;
  readonly wire: ReturnType<typeof wireCounter>;
  readonly jobIds: string[];
}

/** A simulator throttling per project on a virtual clock, with `jobs` jobs of `timeline`. */
async function fleet(
  throttle: SimulatorThrottle,
  jobs: number,
  timeline: readonly TimelineStep[] = LONG_RUNNING,
): Promise<Fleet> {
  const clock = virtualClock({ startMs: T0 });
  sim = await startSimulator({ token: TOKEN, clock, throttle });
  const started = sim;
  const jobIds = Array.from({ length: jobs }, () => started.addJob({ timeline }).job_id);

  return { clock, sim: started, wire: wireCounter(TOKEN), jobIds };
}

/** A wait that polls as often as the rate limit lets it, on the fleet's clock. */
function eagerWait(
  { clock, sim: server, wire }: Fleet,
  jobId: string,
  overrides: Partial<WaitForElbJobOptions>,
): Promise<unknown> {
  const reach = overrides.client ? {} : { endpoint: server.url, auth: wire.auth };

  return waitForElbJob({
    ...reach,
    projectId: server.projectId,
    jobId,
    clock,
    initialDelayMs: 0,
    minDelayMs: 1,
    maxDelayMs: 1000,
    backoff: constantBackoff({ delayMs: 1 }),
    pollRetries: 0,
    timeoutMs: 3_600_000,
    on: { 'poll:end': wire.pollEnd },
    ...overrides,
  });
}

/** Runs eager waits of every job for `durationMs` of virtual time, then aborts them. */
async function runFor(
  run: Fleet,
  durationMs: number,
  rateLimit: RateLimitOptions,
  stepMs?: number,
): Promise<PromiseSettledResult<unknown>[]> {
  const controllers = run.jobIds.map(() => new AbortController());
  const waits = run.jobIds.map((jobId, i) =>
    eagerWait(run, jobId, { rateLimit, signal: controllers[i]?.signal }),
  );
  const settled = Promise.allSettled(waits);

  await driveWhileIdle(run.clock, { busy: run.wire.busy, untilMs: T0 + durationMs, stepMs });
  for (const controller of controllers) controller.abort();

  return settled;
}

describe('rate limit over HTTP', () => {
  it('sends 95 % of the limit or more with no 429, from waits in separate clients', async () => {
    const run = await fleet({ limit: 50, windowMs: 1000, per: 'project' }, 20);

    const results = await runFor(run, 10_000, { requestsPerSecond: 50 });

    const requests = run.sim.requests;
    // The first second fills the queue; from then on the rate is sustained.
    const sustained = requests.filter(({ time }) => time >= T0 + 1000 && time < T0 + 10_000);
    expect(requests.filter(({ status }) => status === 429)).toHaveLength(0);
    expect(sustained.length / (50 * 9)).toBeGreaterThanOrEqual(0.95);
    expect(
      results.every((r) => r.status === 'rejected' && r.reason instanceof WaitAbortedError),
    ).toBe(true);
    expect(run.clock.pendingTimers).toBe(0);
  });

  it('gives each of 50 jobs its turn under a low limit: no job waits much longer', async () => {
    const run = await fleet({ limit: 5, windowMs: 1000, per: 'project' }, 50);

    await runFor(run, 60_000, { requestsPerSecond: 5 }, 10);

    const byJob = pollTimesByJob(run.sim.requests);
    const counts = run.jobIds.map((jobId) => byJob.get(jobId)?.length ?? 0);
    const gaps = run.jobIds.map((jobId) => longestGap(byJob.get(jobId) ?? [], T0));
    // 50 jobs at 5 × 0.97 requests a second: each gets a turn every 10.3 s.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(10_400);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(run.sim.requests.filter(({ status }) => status === 429)).toHaveLength(0);
  });

  it.each([
    { limit: 'set too high', rateLimit: { requestsPerSecond: 100 } },
    { limit: 'unknown', rateLimit: {} },
  ])('backs off on 429 and recovers when the limit is $limit; every job completes', async (c) => {
    const run = await fleet({ limit: 20, windowMs: 1000, per: 'project' }, 30, [
      { status: 'RUNNING', forMs: 30_000 },
      { status: 'SUCCESS' },
    ]);
    const { clock, sim: server, wire } = run;
    const client = new ElbClient({
      endpoint: server.url,
      auth: wire.auth,
      rateLimit: { ...c.rateLimit, clock },
    });
    const rates: { time: number; rate: number }[] = [];
    let settled = 0;
    const waits = run.jobIds.map((jobId) =>
      eagerWait(run, jobId, { client }).finally(() => (settled += 1)),
    );

    await driveWhileIdle(clock, {
      busy: wire.busy,
      untilMs: T0 + 120_000,
      done: () => settled === waits.length,
      onStep: () => {
        const rate = client.rateLimitState(server.projectId)?.requestsPerSecond ?? Infinity;
        rates.push({ time: clock.now(), rate });
      },
    });
    const results = await Promise.allSettled(waits);
    const state = client.rateLimitState(server.projectId);
    client.close();

    expect(results.map((r) => r.status)).toEqual(run.jobIds.map(() => 'fulfilled'));
    expect(state?.throttled).toBeGreaterThan(0);
    expect(state?.decreases).toBeGreaterThan(0);
    const lowest = rates.reduce((low, sample) => (sample.rate < low.rate ? sample : low));
    const after = rates.filter(({ time }) => time > lowest.time);
    expect(lowest.rate).toBeLessThan(20);
    expect(Math.max(...after.map(({ rate }) => rate))).toBeGreaterThan(lowest.rate);
    const byJob = pollTimesByJob(server.requests);
    expect(Math.max(...run.jobIds.map((id) => longestGap(byJob.get(id) ?? [], T0)))).toBeLessThan(
      10_000,
    );
  });
});

describe('rate limit of one wait', () => {
  /** Two jobs and a client allowing one request every 2 s or so; job 1 polls first. */
  async function twoJobs() {
    const run = await fleet({ limit: 100, windowMs: 1000 }, 2);
    const { clock, sim: server, wire } = run;
    const rateLimit = { requestsPerSecond: 0.5, clock };
    const client = new ElbClient({ endpoint: server.url, auth: wire.auth, rateLimit });
    const first = new AbortController();
    const waiting = eagerWait(run, run.jobIds[0] ?? '', { client, signal: first.signal });
    await driveWhileIdle(clock, { busy: wire.busy, untilMs: T0 + 100 });

    return { run, client, stopFirst: () => first.abort(), waiting };
  }

  it('leaves the queue at once when the wait is aborted, having sent nothing', async () => {
    const { run, client, stopFirst, waiting } = await twoJobs();
    const controller = new AbortController();
    const second = run.jobIds[1] ?? '';
    const queued = eagerWait(run, second, { client, signal: controller.signal });
    await driveWhileIdle(run.clock, { busy: run.wire.busy, untilMs: T0 + 200 });
    expect(client.rateLimitState(run.sim.projectId)?.queued).toBe(2);

    controller.abort();

    expect(await rejectionOf(queued)).toBeInstanceOf(WaitAbortedError);
    expect(run.clock.now()).toBe(T0 + 200);
    expect(client.rateLimitState(run.sim.projectId)?.queued).toBe(1);
    expect(run.sim.requests.filter(({ jobId }) => jobId === second)).toHaveLength(0);
    stopFirst();
    await rejectionOf(waiting);
    client.close();
    expect(run.clock.pendingTimers).toBe(0);
  });

  it('ends at its deadline while still queued, having sent nothing', async () => {
    const { run, client, stopFirst, waiting } = await twoJobs();
    const second = run.jobIds[1] ?? '';
    const queued = eagerWait(run, second, { client, timeoutMs: 500, pollTimeoutMs: 400 });
    const outcome = rejectionOf(queued);

    await driveWhileIdle(run.clock, { busy: run.wire.busy, untilMs: T0 + 1000 });

    expect(await outcome).toBeInstanceOf(WaitTimeoutError);
    expect(run.sim.requests.filter(({ jobId }) => jobId === second)).toHaveLength(0);
    stopFirst();
    await rejectionOf(waiting);
    client.close();
  });
});
