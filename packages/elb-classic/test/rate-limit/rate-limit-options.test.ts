import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { systemClock } from '@jobwait/core';
import { virtualClock } from '@jobwait/core/testing';

import { tokenAuth } from '../../src/auth.js';
import { ElbClient, type ElbClientOptions } from '../../src/client.js';
import { ElbClientClosedError, ElbHttpError } from '../../src/errors.js';
import { checkedRateLimit, RATE_LIMIT_DEFAULTS } from '../../src/rate-limit/rate-limit-options.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { waitForElbJob } from '../../src/wait-for-elb-job.js';
import { rejectionOf } from '../helpers.js';

const TOKEN = 'test-token-rate-limit';

let sim: Simulator;
const clients: ElbClient[] = [];

beforeEach(async () => {
  sim = await startSimulator({ token: TOKEN });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await sim.close();
});

function client(rateLimit: ElbClientOptions['rateLimit']): ElbClient {
  const created = new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN), rateLimit });
  clients.push(created);

  return created;
}

describe('checkedRateLimit', () => {
  it('fills in the defaults', () => {
    expect(checkedRateLimit('rateLimit', { requestsPerSecond: 2 })).toEqual({
      requestsPerSecond: 2,
      burst: 1,
      adaptive: true,
      clock: systemClock,
    });
    expect(RATE_LIMIT_DEFAULTS).toMatchObject({ burst: 1, adaptive: true, headroom: 0.03 });
  });

  it.each([
    [{ requestsPerSecond: 0 }, RangeError, '`rateLimit.requestsPerSecond`'],
    [{ requestsPerSecond: 2e6 }, RangeError, '`rateLimit.requestsPerSecond`'],
    [{ requestsPerSecond: '5' }, TypeError, '`rateLimit.requestsPerSecond`'],
    [{ requestsPerSecond: Number.NaN }, TypeError, '`rateLimit.requestsPerSecond`'],
    [{ burst: 0 }, RangeError, '`rateLimit.burst`'],
    [{ burst: 1.5 }, RangeError, '`rateLimit.burst`'],
    [{ adaptive: 'yes' }, TypeError, '`rateLimit.adaptive`'],
    [{ adaptive: false }, TypeError, '`rateLimit.requestsPerSecond`'],
    [{ rps: 5 }, TypeError, 'Unknown option `rateLimit.rps`'],
    [{ requests_per_second: 5 }, TypeError, 'did you mean `requestsPerSecond`'],
    [{ clock: { now: () => 0 } }, TypeError, '`rateLimit.clock.setTimeout`'],
    [5, TypeError, '`rateLimit` to be an object'],
    [null, TypeError, '`rateLimit` to be an object'],
  ])('refuses %j with an error naming the option', (value, type, text) => {
    expect(() => checkedRateLimit('rateLimit', value)).toThrow(type);
    expect(() => checkedRateLimit('rateLimit', value)).toThrow(text);
  });
});

/** Two clients allowed one request a second, the first of which has just sent its request. */
async function twoClientsOfOneLimiter() {
  const clock = virtualClock();
  const [one, two] = [
    client({ requestsPerSecond: 1, clock }),
    client({ requestsPerSecond: 1, clock }),
  ];
  const { job_id: jobId } = sim.addJob();
  await one.getJob({ projectId: sim.projectId, jobId });

  return { clock, one, two, jobId };
}

describe('rateLimit of ElbClient and waitForElbJob', () => {
  it('refuses an invalid rate limit before any request', async () => {
    const error = await rejectionOf(
      waitForElbJob({
        endpoint: sim.url,
        token: TOKEN,
        projectId: sim.projectId,
        jobId: sim.addJob().job_id,
        rateLimit: { requestsPerSecond: -1 },
      }),
    );

    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toContain('`rateLimit.requestsPerSecond`');
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses rateLimit beside a client of its own', async () => {
    const error = await rejectionOf(
      waitForElbJob({
        client: client(undefined),
        projectId: sim.projectId,
        jobId: sim.addJob().job_id,
        rateLimit: { requestsPerSecond: 1 },
      }),
    );

    expect(error).toEqual(new TypeError('Option `rateLimit` cannot be given with option `client`'));
  });

  it('shares one limiter per project between the clients of one endpoint', async () => {
    const { clock, one, two, jobId } = await twoClientsOfOneLimiter();

    const queued = two.getJob({ projectId: sim.projectId, jobId });
    // Another project has a limiter of its own: its request goes at once (to a 404).
    const other = await rejectionOf(one.getJob({ projectId: 'another-project', jobId }));

    expect(other).toBeInstanceOf(ElbHttpError);
    expect(two.rateLimitState(sim.projectId)).toMatchObject({ granted: 1, queued: 1 });
    expect(one.rateLimitState('another-project')).toMatchObject({ granted: 1, queued: 0 });
    await clock.advance(1100);
    await queued;
    expect(sim.requests).toHaveLength(3);
  });

  it('refuses other settings while a client of the endpoint is open, and not after', () => {
    const first = client({ requestsPerSecond: 1 });

    expect(() => client({ requestsPerSecond: 2 })).toThrow(
      new TypeError(
        'Expected option `rateLimit` to be that of the other open clients of this endpoint ' +
          '(requestsPerSecond 1, burst 1, adaptive true), got requestsPerSecond 2, burst 1, ' +
          'adaptive true',
      ),
    );
    expect(() => client(undefined)).not.toThrow();

    first.close();
    expect(client({ requestsPerSecond: 2 }).rateLimitState(sim.projectId)).toBeUndefined();
  });

  it('rejects its own queued requests when it closes, and no other client’s', async () => {
    const { clock, one, two, jobId } = await twoClientsOfOneLimiter();
    const mine = one.getJob({ projectId: sim.projectId, jobId });
    const theirs = two.getJob({ projectId: sim.projectId, jobId });

    one.close();

    expect(await rejectionOf(mine)).toBeInstanceOf(ElbClientClosedError);
    expect(two.rateLimitState(sim.projectId)?.queued).toBe(1);
    await clock.advance(1100);
    await theirs;
    expect(clock.pendingTimers).toBe(0);
  });

  it('paces on the wait’s clock when the rate limit names none', async () => {
    const clock = virtualClock({ startMs: Date.now() });
    const controller = new AbortController();
    const wait = waitForElbJob({
      endpoint: sim.url,
      token: TOKEN,
      projectId: sim.projectId,
      jobId: sim.addJob().job_id,
      clock,
      signal: controller.signal,
      rateLimit: { requestsPerSecond: 1 },
    });

    // The same settings on the process clock are not those of the wait's client.
    expect(() => client({ requestsPerSecond: 1 })).toThrow(
      '(requestsPerSecond 1, burst 1, adaptive true, a clock of its own), got',
    );
    expect(() => client({ requestsPerSecond: 1, clock })).not.toThrow();
    controller.abort();
    await rejectionOf(wait);
  });
});
