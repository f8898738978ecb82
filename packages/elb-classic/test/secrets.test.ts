import type { IncomingHttpHeaders } from 'node:http';
import { inspect } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  constantBackoff,
  JobFailedError,
  UnexpectedStateError,
  WAITER_EVENT_NAMES,
} from '@jobwait/core';

import { akskAuth } from '../src/aksk-auth.js';
import { tokenAuth, type ElbAuth } from '../src/auth.js';
import { failedSubJobs } from '../src/sub-jobs.js';
import { startSimulator, type Simulator } from '../src/testing/index.js';
import { waitForElbJob, type ElbWaitListeners } from '../src/wait-for-elb-job.js';
import { startAnswerServer, type AnswerServer } from './answer-server.js';
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

const SK = 'sk-never-to-be-seen-0123456789abcdef';
const SECURITY_TOKEN = 'gQpjbi1ub3J0aC00-security-token-value';

/** The credentials of a request, as a server that echoes them would find them. */
function credentialsIn(headers: IncomingHttpHeaders): string[] {
  const authorization = headers.authorization ?? '';
  const signature = /Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? '';
  const values = [headers['x-auth-token'], authorization, signature, headers['x-security-token']];

  return values.filter((value): value is string => typeof value === 'string' && value !== '');
}

/** A job body that holds `echo` in every field, keys of `entities` included. */
function echoingJob(status: string, echo: string): object {
  const subJob = { status, job_id: echo, job_type: echo, error_code: echo, fail_reason: echo };

  return {
    status,
    job_id: echo,
    job_type: echo,
    begin_time: echo,
    error_code: echo,
    fail_reason: `bad token ${echo}`,
    entities: { note: echo, [echo]: [echo], sub_jobs: [subJob] },
    sub_jobs: [subJob],
  };
}

/** Everything shown of an error and of each error in its `cause` chain. */
function shownWithCauses(error: unknown): string {
  const shown: string[] = [];

  for (let at = error; at !== undefined && at !== null; at = (at as { cause?: unknown }).cause) {
    shown.push(everythingShown(at), inspect(at, { showHidden: true, depth: 20 }));
  }

  return shown.join('\n');
}

describe('waitForElbJob secrecy when a 2xx job body echoes the credentials', () => {
  const auths: [string, () => ElbAuth, string[]][] = [
    ['an IAM token', () => tokenAuth(TOKEN), [TOKEN]],
    [
      'an AK/SK signature with a security token',
      () => akskAuth({ ak: 'AKEXAMPLE01', sk: SK, securityToken: SECURITY_TOKEN }),
      [SK, SECURITY_TOKEN],
    ],
  ];

  let echo: AnswerServer;

  afterEach(async () => {
    await echo.close();
  });

  /** Waits on a server whose answers hold the credentials it received, in every field. */
  async function waitEchoing(auth: ElbAuth, statuses: string[]) {
    const sent: string[] = [];
    echo = await startAnswerServer((request, index) => {
      const credentials = credentialsIn(request.headers);
      sent.push(...credentials);
      const status = statuses[Math.min(index, statuses.length - 1)] ?? 'RUNNING';
      const said = credentials.join(' ');

      return { statusCode: 200, body: echoingJob(status.replace('<echo>', said), said) };
    });
    const events: unknown[] = [];
    const error = await rejectionOf(
      waitForElbJob({
        endpoint: echo.url,
        auth,
        projectId: 'p1',
        jobId: 'job-1',
        initialDelayMs: 0,
        minDelayMs: 1,
        backoff: constantBackoff({ delayMs: 1 }),
        on: listenToEverything(events),
      }),
    );

    return { error, events, sent, shown: [shownWithCauses(error), JSON.stringify(events)] };
  }

  it.each(auths)(
    'shows [redacted] for every echoed credential of %s when the job fails',
    async (_, makeAuth, secrets) => {
      const { error, events, sent, shown } = await waitEchoing(makeAuth(), ['RUNNING', 'FAIL']);

      expect(error).toBeInstanceOf(JobFailedError);
      expect((error as JobFailedError).reason).toMatch(/^bad token \[redacted\]/);
      expect(failedSubJobs(error as JobFailedError)).toEqual([
        expect.objectContaining({ job_id: expect.stringMatching(/^\[redacted\]/) }),
      ]);
      expect(events.map((e) => (e as { name: string }).name)).toContain('sub-job:change');
      expect(sent.length).toBeGreaterThanOrEqual(2);
      shown.push(inspect(events, { showHidden: true, depth: 20 }));
      for (const secret of [...secrets, ...sent]) {
        for (const text of shown) expect(text).not.toContain(secret);
      }
    },
  );

  it.each(auths)(
    'shows [redacted] for the credentials of %s when an unknown status echoes them',
    async (_, makeAuth, secrets) => {
      const { error, sent, shown } = await waitEchoing(makeAuth(), ['WEIRD <echo>']);

      expect(error).toBeInstanceOf(UnexpectedStateError);
      expect((error as Error).message).toContain('WEIRD [redacted]');
      for (const secret of [...secrets, ...sent]) {
        for (const text of shown) expect(text).not.toContain(secret);
      }
    },
  );
});
