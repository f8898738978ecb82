import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { constantBackoff } from '@jobwait/core';

import { invitesRefresh, tokenAuth, type TokenProviderContext } from '../../src/auth.js';
import { ElbClient } from '../../src/client.js';
import { ElbHttpError } from '../../src/errors.js';
import {
  iamPasswordTokenProvider,
  type IamTokenProvider,
} from '../../src/iam/password-token-provider.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { waitForElbJob, type WaitForElbJobOptions } from '../../src/wait-for-elb-job.js';
import { fixture, ManualClock, rejectionOf } from '../helpers.js';
import { startIamServer, type IamServer } from './iam-server.js';

let sim: Simulator;
let iam: IamServer;
let provider: IamTokenProvider;
let clock: ManualClock;

beforeEach(async () => {
  iam = await startIamServer();
  clock = new ManualClock();
  // token-1 is the first the IAM server hands out; the gateway wants token-2.
  sim = await startSimulator({ token: 'token-2', clock });
  provider = iamPasswordTokenProvider({
    iamEndpoint: iam.url,
    username: 'deployer',
    password: 'Pa55word-never-shown',
    domainName: 'acme-account',
    projectName: 'eu-de',
  });
});

afterEach(async () => {
  await sim.close();
  await iam.close();
});

/** Options that poll at once and every millisecond, with the IAM provider's tokens. */
function fast(overrides: Partial<WaitForElbJobOptions> = {}): WaitForElbJobOptions {
  return {
    endpoint: sim.url,
    token: provider,
    projectId: sim.projectId,
    jobId: 'unset',
    initialDelayMs: 0,
    minDelayMs: 1,
    maxDelayMs: 5,
    backoff: constantBackoff({ delayMs: 1 }),
    pollRetryDelayMs: 1,
    requestTimeoutMs: 1000,
    ...overrides,
  };
}

function statuses(): (number | undefined)[] {
  return sim.requests.map((r) => r.status);
}

describe('the refresh rule', () => {
  it('refreshes once and retries once after a 401 APIGW.0307', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });

    const result = await waitForElbJob(fast({ jobId: job_id }));

    expect(result.observation.status).toBe('SUCCESS');
    expect(sim.requests[0]?.status).toBe(401);
    expect(statuses()).toEqual([401, 200]);
    expect(iam.requests).toHaveLength(2);
  });

  it('ends the wait when the refreshed token is rejected too', async () => {
    sim.setToken('never-issued');
    const { job_id } = sim.addJob();

    const error = await rejectionOf(waitForElbJob(fast({ jobId: job_id })));

    expect(error).toBeInstanceOf(ElbHttpError);
    expect(error).toMatchObject({ statusCode: 401, errorCode: 'APIGW.0307' });
    expect(statuses()).toEqual([401, 401]);
    expect(iam.requests).toHaveLength(2);
  });

  it('ends the wait on a later poll when the refreshed token was never accepted', async () => {
    sim.setToken('never-issued');
    sim.setFault({ type: 'status', statusCode: 401 }, { times: 1 });
    sim.setFault({ type: 'status', statusCode: 503 }, { times: 1 });
    const { job_id } = sim.addJob();

    const error = await rejectionOf(waitForElbJob(fast({ jobId: job_id })));

    expect(error).toMatchObject({ statusCode: 401, errorCode: 'APIGW.0307' });
    expect(statuses()).toEqual([401, 503, 401]);
    expect(iam.requests).toHaveLength(2);
  });

  it('refreshes again once a refreshed token was accepted and later expired', async () => {
    const { job_id } = sim.addJob({
      timeline: [{ status: 'RUNNING', forMs: 1500 }, { status: 'SUCCESS' }],
    });
    let polls = 0;
    // After the first poll, the gateway stops taking token-2, as if it had expired.
    const afterPoll = () => {
      polls += 1;
      if (polls === 1) sim.setToken('token-3');
      clock.advance(1000);
    };

    const result = await waitForElbJob(fast({ jobId: job_id, on: { 'poll:end': afterPoll } }));

    expect(result.observation.status).toBe('SUCCESS');
    expect(statuses()).toEqual([401, 200, 401, 200, 200]);
    expect(iam.requests).toHaveLength(3);
  });

  it('refreshes once after a 401 without a code', async () => {
    sim.setFault({ type: 'status', statusCode: 401, body: '' }, { times: 1 });
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });

    await waitForElbJob(fast({ jobId: job_id }));

    expect(statuses()).toEqual([401, 200]);
    expect(iam.requests).toHaveLength(2);
  });

  it('does not refresh after a 401 whose code says refreshing cannot help', async () => {
    sim.setFault({ type: 'status', statusCode: 401, errorCode: 'APIGW.0303' }, { times: 1 });
    const { job_id } = sim.addJob();

    const error = await rejectionOf(waitForElbJob(fast({ jobId: job_id })));

    expect(error).toMatchObject({ statusCode: 401, errorCode: 'APIGW.0303' });
    expect(statuses()).toEqual([401]);
    expect(iam.requests).toHaveLength(1);
  });

  it('shares one refresh among requests that meet a 401 together', async () => {
    const client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(provider) });
    const jobs = [sim.addJob().job_id, sim.addJob().job_id];

    try {
      const observed = await Promise.all(
        jobs.map((jobId) => client.getJob({ projectId: sim.projectId, jobId })),
      );

      expect(observed.map((job) => job.status)).toEqual(['INIT', 'INIT']);
    } finally {
      client.close();
    }

    expect(statuses()).toEqual([401, 401, 200, 200]);
    expect(iam.requests).toHaveLength(2);
  });
});

describe('tokenAuth with a provider', () => {
  it('asks for a new token, bypassing caches, only on refresh', async () => {
    const asked: TokenProviderContext[] = [];
    const auth = tokenAuth((context) => {
      asked.push(context);
      return `token-${asked.length}`;
    });
    const request = { method: 'GET', url: new URL(sim.url), headers: {}, body: new Uint8Array() };

    await auth.authorize(request);
    await auth.refresh?.();

    expect(asked.map(({ forceRefresh }) => forceRefresh)).toEqual([false, true]);
    expect(asked.every(({ signal }) => signal instanceof AbortSignal)).toBe(true);
  });

  it('gets a fresh IAM token on refresh though the cached one is far from expiry', async () => {
    const auth = tokenAuth(provider);
    const request = { method: 'GET', url: new URL(sim.url), headers: {}, body: new Uint8Array() };

    const first = await auth.authorize(request);
    const refreshed = await auth.refresh?.();
    const second = await auth.authorize(request);

    expect([first, refreshed, second]).toEqual([
      { 'x-auth-token': 'token-1' },
      true,
      { 'x-auth-token': 'token-2' },
    ]);
  });
});

describe('invitesRefresh', () => {
  it.each([
    [401, 'APIGW.0307', true],
    [401, 'APIGW.0301', true],
    [401, 'APIG.0307', true],
    [401, 'ELB.1102', true],
    [401, undefined, true],
    [401, 'APIGW.0303', false],
    [401, 'ELB.1001', false],
    [403, 'APIGW.0307', false],
  ])('answers a %d with code %p: %p', (statusCode, errorCode, expected) => {
    expect(invitesRefresh(statusCode, errorCode)).toBe(expected);
  });

  it('invites a refresh for the fixture of an expired token', () => {
    const body = fixture<{ error_code: string }>('errors/gateway-401-token-expired.json');

    expect(invitesRefresh(401, body.error_code)).toBe(true);
  });
});
