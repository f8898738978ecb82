import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Waiter, constantBackoff, type WaitCheckpoint } from '@jobwait/core';

import { tokenAuth } from '../src/auth.js';
import { ElbClient } from '../src/client.js';
import type { ElbJob } from '../src/job.js';
import { elbJobSource, elbJobSourceFromReference } from '../src/job-source.js';
import { startSimulator, type Simulator } from '../src/testing/index.js';
import { ManualClock } from './helpers.js';

const TOKEN = 'MIIsecret-checkpoint-token';

let sim: Simulator;
let clock: ManualClock;
const clients: ElbClient[] = [];

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ token: TOKEN, clock });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await sim.close();
});

function newClient(): ElbClient {
  const client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN) });
  clients.push(client);

  return client;
}

/** Polls every millisecond; the simulator's job clock is moved by hand. */
const waiterOptions = { minDelayMs: 1, backoff: constantBackoff({ delayMs: 1 }) };

describe('elb-classic checkpoints', () => {
  it('resumes a wait in a new client from the job reference of its checkpoint', async () => {
    const { job_id } = sim.addJob({
      timeline: [{ status: 'RUNNING', forMs: 10_000 }, { status: 'SUCCESS' }],
    });
    const controller = new AbortController();
    const first = new Waiter<ElbJob>(waiterOptions);
    first.on('poll:end', ({ attempt }) => {
      if (attempt === 2) controller.abort('handing over');
    });
    const source = elbJobSource({ client: newClient(), projectId: sim.projectId, jobId: job_id });
    const handle = first.start(source, { signal: controller.signal });
    await expect(handle.settled).resolves.toMatchObject({ outcome: 'aborted', attempts: 2 });
    const text = JSON.stringify(handle.checkpoint());
    clock.advance(10_000);

    const checkpoint = JSON.parse(text) as WaitCheckpoint;
    const resumed = elbJobSourceFromReference(checkpoint.job, newClient());
    const result = await new Waiter<ElbJob>(waiterOptions).wait(resumed, {
      resumeFrom: checkpoint,
    });

    expect(checkpoint.job).toEqual({
      id: job_id,
      kind: 'elb-classic',
      projectId: sim.projectId,
      endpoint: sim.url,
    });
    expect(text).not.toContain(TOKEN);
    expect(result).toMatchObject({ jobId: job_id, state: 'SUCCESS', attempts: 3 });
    expect(result.history.map((entry) => entry.state)).toEqual(['RUNNING', 'SUCCESS']);
    expect(sim.requests).toHaveLength(3);
  });

  it.each([
    [{ id: 'j1', kind: 'other', projectId: 'p1' }, 'Expected a reference of kind "elb-classic"'],
    [{ id: 'j1', kind: 'elb-classic' }, 'Expected `reference.projectId` to be a string'],
    [{ id: 'a/../b', kind: 'elb-classic', projectId: 'p1' }, '`jobId`'],
  ])('refuses the reference %j before any request', (reference, message) => {
    expect(() => elbJobSourceFromReference(reference, newClient())).toThrow(message);
    expect(sim.requests).toHaveLength(0);
  });
});
