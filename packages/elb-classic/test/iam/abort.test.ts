import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { WaitAbortedError } from '@jobwait/core';

import { tokenAuth } from '../../src/auth.js';
import { ElbClient } from '../../src/client.js';
import { ElbClientClosedError } from '../../src/errors.js';
import {
  iamPasswordTokenProvider,
  type IamTokenProvider,
} from '../../src/iam/password-token-provider.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { waitForElbJob } from '../../src/wait-for-elb-job.js';
import { NEVER, type Answer } from '../answer-server.js';
import { eventually, rejectionOf } from '../helpers.js';
import { numberedTokens, startIamServer, tokenAnswer, type IamServer } from './iam-server.js';

let iam: IamServer;
let sim: Simulator;
let provider: IamTokenProvider;

beforeEach(async () => {
  iam = await startIamServer(() => NEVER);
  sim = await startSimulator({ token: 'token-1' });
  provider = iamPasswordTokenProvider({
    iamEndpoint: iam.url,
    username: 'deployer',
    password: 'Pa55word-never-shown',
    domainName: 'acme-account',
    projectId: sim.projectId,
  });
});

afterEach(async () => {
  await iam.close();
  await sim.close();
});

/** How many of the process's active resources are sockets and timers. */
function socketsAndTimers(): { sockets: number; timers: number } {
  const active = process.getActiveResourcesInfo();

  return {
    sockets: active.filter((name) => name === 'TCPSocketWrap').length,
    timers: active.filter((name) => name === 'Timeout').length,
  };
}

/**
 * Whether the process is back to at most the sockets and timers of `before`. The kernel closes
 * a socket on its own time, which a loaded machine stretches, so this looks again every 10 ms
 * for up to 2 s rather than for a number of event-loop turns.
 */
async function released(before: { sockets: number; timers: number }): Promise<boolean> {
  for (let look = 0; look < 200; look += 1) {
    const now = socketsAndTimers();
    if (now.sockets <= before.sockets && now.timers <= before.timers) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  return false;
}

/** Resolves once IAM has the sign-in request. */
async function signingIn(count = 1): Promise<void> {
  expect(await eventually(async () => iam.requests.length === count)).toBe(true);
}

async function closedAtIam(): Promise<boolean> {
  return eventually(async () => (await iam.connections()) === 0);
}

describe('a password sign-in that IAM does not answer', () => {
  it('leaves no socket and no timer once the wait is aborted', async () => {
    const before = socketsAndTimers();
    const controller = new AbortController();
    const wait = waitForElbJob({
      endpoint: sim.url,
      token: provider,
      projectId: sim.projectId,
      jobId: 'ff8080827a1b2c3d017a1b2c3d4e0001',
      initialDelayMs: 0,
      signal: controller.signal,
    });
    await signingIn();

    controller.abort(new Error('interrupted'));

    expect(await rejectionOf(wait)).toBeInstanceOf(WaitAbortedError);
    expect(await closedAtIam()).toBe(true);
    expect(await released(before)).toBe(true);
    expect(sim.requests).toHaveLength(0);
  });

  it('is aborted when the client is closed', async () => {
    const client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(provider) });
    const request = client.getJob({ projectId: sim.projectId, jobId: 'j1' });
    await signingIn();

    client.close();

    await expect(request).rejects.toBeInstanceOf(ElbClientClosedError);
    expect(await closedAtIam()).toBe(true);
  });

  it('goes on for a caller still waiting when another caller aborts', async () => {
    let answer: (value: Answer) => void = () => undefined;
    iam.respond(() => new Promise((resolve) => (answer = resolve)));
    const [left, stays] = [new AbortController(), new AbortController()];
    const reason = new Error('left');
    const first = provider({ signal: left.signal });
    const second = provider({ signal: stays.signal });
    await signingIn();

    left.abort(reason);
    await expect(first).rejects.toBe(reason);
    expect(await iam.connections()).toBe(1);
    answer(tokenAnswer('token-1'));

    await expect(second).resolves.toBe('token-1');
    expect(iam.requests).toHaveLength(1);
  });

  it('is aborted once every caller has aborted, and asked afresh by the next', async () => {
    const controllers = [new AbortController(), new AbortController()];
    const callers = controllers.map(({ signal }) => rejectionOf(provider({ signal })));
    await signingIn();

    controllers.forEach((controller) => controller.abort(new Error('gone')));

    expect(await Promise.all(callers)).toEqual([new Error('gone'), new Error('gone')]);
    expect(await closedAtIam()).toBe(true);
    iam.respond(numberedTokens);
    await expect(provider()).resolves.toBe('token-2');
    expect(iam.requests).toHaveLength(2);
  });
});
