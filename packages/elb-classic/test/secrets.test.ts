import { inspect } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { constantBackoff, JobFailedError, WAITER_EVENT_NAMES } from '@jobwait/core';

import { failedSubJobs } from '../src/sub-jobs.js';
import { startSimulator, type Simulator } from '../src/testing/index.js';
import { waitForElbJob, type ElbWaitListeners } from '../src/wait-for-elb-job.js';
import { everythingShown, ManualClock, rejectionOf } from './helpers.js';

const TOKEN = 'MIIsecret-token-of-a-failing-run';
const STALE = 'MIIstale-token-of-a-failing-run';

let sim: Simulator;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ token: TOKEN, clock });
});

afterEach(async () => {
  await sim.close();
});

/** Listeners on every event of a wait, core's and the sub-job one, each keeping what it got. */
function listenToEverything(events: unknown[]): ElbWaitListeners {
  const core = Object.fromEntries(
    WAITER_EVENT_NAMES.map((name) => [
      name,
      (event: unknown) => {
        if (name === 'poll:end') clock.advance(1000);
        events.push({ name, event });
      },
    ]),
  );

  return { ...core, 'sub-job:change': (event) => events.push({ name: 'sub-job:change', event }) };
}

function addFailingJob(): string {
  const member = { jobType: 'createMember', status: 'RUNNING' };
  const failed = { ...member, status: 'FAIL', errorCode: 'ELB.2001', failReason: 'AddMember-fail' };

  return sim.addJob({
    timeline: [
      { status: 'RUNNING', forMs: 1000, subJobs: [member] },
      { status: 'FAIL', errorCode: 'ELB.1091', failReason: 'CreateLB-fail', subJobs: [failed] },
    ],
  }).job_id;
}

describe('waitForElbJob secrecy', () => {
  it('never shows the token in events or in the error when the job fails', async () => {
    const jobId = addFailingJob();
    const events: unknown[] = [];
    sim.setFault({ type: 'status', statusCode: 503 }, { times: 1 });
    const tokens = [STALE, TOKEN];

    const error = await rejectionOf(
      waitForElbJob({
        endpoint: sim.url,
        token: async () => tokens.shift() ?? TOKEN,
        projectId: sim.projectId,
        jobId,
        initialDelayMs: 0,
        minDelayMs: 1,
        backoff: constantBackoff({ delayMs: 1 }),
        pollRetryDelayMs: 1,
        on: listenToEverything(events),
      }),
    );

    expect(error).toBeInstanceOf(JobFailedError);
    expect(failedSubJobs(error as JobFailedError)).toHaveLength(1);
    expect(sim.requests.map((r) => r.status)).toEqual([503, 401, 200, 200]);
    const names = new Set(events.map((e) => (e as { name: string }).name));
    expect([...names].sort()).toEqual(
      [
        'backoff',
        'poll:end',
        'poll:start',
        'retry',
        'settled',
        'state:change',
        'sub-job:change',
        'wait:start',
      ].sort(),
    );
    const shown = [
      everythingShown(error),
      inspect(error, { showHidden: true, depth: 20 }),
      JSON.stringify(events),
      inspect(events, { showHidden: true, depth: 20 }),
    ];
    for (const text of shown) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(STALE);
    }
    expect(shown.join('\n')).toContain('CreateLB-fail (the load balancer quota is exceeded)');
  });
});
