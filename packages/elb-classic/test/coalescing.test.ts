import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { constantBackoff, Waiter } from '@jobwait/core';
import { virtualClock, type VirtualClock } from '@jobwait/core/testing';

import { tokenAuth } from '../src/auth.js';
import { ElbClient } from '../src/client.js';
import type { ElbJob } from '../src/job.js';
import { elbJobSource } from '../src/job-source.js';
import { startSimulator, type Simulator } from '../src/testing/index.js';
import { driveUntilSettled } from './rate-limit/virtual-http.js';

const TOKEN = 'MIIsecret-coalescing-token';
const T0 = Date.parse('2024-05-14T08:00:00.000Z');

let clock: VirtualClock;
let sim: Simulator;
let client: ElbClient;

beforeEach(async () => {
  clock = virtualClock({ startMs: T0 });
  sim = await startSimulator({ token: TOKEN, clock });
  client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN) });
});

afterEach(async () => {
  client.close();
  await sim.close();
});

/**
 * Runs `callers` waits at once on one new job (RUNNING for 30 s, then SUCCESS) through one
 * waiter that polls every 5 s, on virtual time, and tells what they saw and how many requests
 * the simulator served for the job.
 */
async function waitTogether(callers: number) {
  const { job_id: jobId } = sim.addJob({
    timeline: [{ status: 'RUNNING', forMs: 30_000 }, { status: 'SUCCESS' }],
  });
  const waiter = new Waiter<ElbJob>({
    clock,
    backoff: constantBackoff({ delayMs: 5_000 }),
    initialDelayMs: 5_000,
    pollRetries: 0,
  });
  let onWire = 0;
  waiter.on('poll:start', () => (onWire += 1));
  waiter.on('poll:end', () => (onWire -= 1));

  const all = Promise.all(
    Array.from({ length: callers }, () =>
      waiter.wait(elbJobSource({ client, projectId: sim.projectId, jobId })),
    ),
  );
  const busy = () => onWire > 0;
  const results = await driveUntilSettled(clock, all, { busy, forMs: 120_000, stepMs: 250 });

  return {
    states: results.map((result) => result.state),
    requests: sim.requests.filter((request) => request.path.endsWith(`/jobs/${jobId}`)).length,
  };
}

describe('waits on the same job through one waiter', () => {
  it('send one request per poll, however many callers wait', async () => {
    const alone = await waitTogether(1);
    const together = await waitTogether(8);

    expect(alone.states).toEqual(['SUCCESS']);
    expect(together.states).toEqual(Array(8).fill('SUCCESS'));
    // Polls at 5, 10, …, 30 s: the one at 30 s sees SUCCESS.
    expect(alone.requests).toBe(6);
    expect(together.requests).toBe(alone.requests);
  });
});
