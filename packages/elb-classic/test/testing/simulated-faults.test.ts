import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  constantBackoff,
  NotFoundError,
  PollFailedError,
  type BackoffEvent,
  type Clock,
  type RetryEvent,
} from '@jobwait/core';

import { tokenAuth } from '../../src/auth.js';
import { ElbClient } from '../../src/client.js';
import { ElbHttpError, ElbNetworkError, ElbProtocolError } from '../../src/errors.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { waitForElbJob, type WaitForElbJobOptions } from '../../src/wait-for-elb-job.js';
import { ManualClock, rejectionOf } from '../helpers.js';

const TOKEN = 'MIIsecret-fault-token';

let sim: Simulator;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ token: TOKEN, clock });
});

afterEach(async () => {
  await sim.close();
});

/** Options that poll at once and every millisecond; each poll moves the simulator 1 s on. */
function fast(jobId: string, overrides: Partial<WaitForElbJobOptions> = {}): WaitForElbJobOptions {
  return {
    endpoint: sim.url,
    token: TOKEN,
    projectId: sim.projectId,
    jobId,
    initialDelayMs: 0,
    minDelayMs: 1,
    maxDelayMs: 20,
    backoff: constantBackoff({ delayMs: 1 }),
    pollRetries: 0,
    pollRetryDelayMs: 1,
    requestTimeoutMs: 1000,
    on: { 'poll:end': () => clock.advance(1000) },
    ...overrides,
  };
}

/** What the simulator's log says of each request: the fault that answered it and the status. */
function answers(s: Simulator): [string | undefined, number | undefined][] {
  return s.requests.map((r) => [r.fault, r.status]);
}

const SUCCEEDS_AFTER_2S = [{ status: 'RUNNING', forMs: 2000 }, { status: 'SUCCESS' }] as const;

describe('the not-found fault', () => {
  it('hides a job from its first 2 polls, then the wait succeeds', async () => {
    const { job_id } = sim.addJob({ timeline: [...SUCCEEDS_AFTER_2S] });
    sim.setFault({ type: 'not-found' }, { jobId: job_id, times: 2 });

    const result = await waitForElbJob(fast(job_id));

    expect(result).toMatchObject({ state: 'SUCCESS', attempts: 3 });
    expect(answers(sim)).toEqual([
      ['not-found', 404],
      ['not-found', 404],
      [undefined, 200],
    ]);
  });

  it('ends the wait with NotFoundError when it outlasts maxNotFound', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'not-found' }, { jobId: job_id, times: 3 });

    const error = await rejectionOf(waitForElbJob(fast(job_id, { maxNotFound: 1 })));

    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).cause).toMatchObject({
      statusCode: 404,
      errorCode: 'SIM.JOB_NOT_FOUND',
    });
    expect(sim.requests).toHaveLength(2);
  });
});

describe('the truncated fault', () => {
  it('makes the client fail with a network error when the body is cut short', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'truncated' }, { times: 1 });
    const client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN) });

    try {
      const error = await rejectionOf(client.getJob({ projectId: sim.projectId, jobId: job_id }));

      expect(error).toBeInstanceOf(ElbNetworkError);
      expect(error).not.toBeInstanceOf(ElbProtocolError);
      expect(error).toMatchObject({ networkCode: 'ECONNRESET', timedOut: false });
    } finally {
      client.close();
    }
    expect(answers(sim)).toEqual([['truncated', 200]]);
  });

  it('counts as transient: the wait polls again and succeeds', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });
    sim.setFault({ type: 'truncated', sentBytes: 10 }, { jobId: job_id, times: 1 });

    const result = await waitForElbJob(fast(job_id));

    expect(result).toMatchObject({ state: 'SUCCESS', attempts: 2 });
    expect(answers(sim)).toEqual([
      ['truncated', 200],
      [undefined, 200],
    ]);
  });
});

describe('the malformed fault', () => {
  it('ends the wait at once with ElbProtocolError', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'malformed', body: '{"status":"RUNN' }, { jobId: job_id });

    const error = await rejectionOf(waitForElbJob(fast(job_id)));

    expect(error).toBeInstanceOf(ElbProtocolError);
    expect(error).toMatchObject({ problem: 'not-json', statusCode: 200 });
    expect(sim.requests).toHaveLength(1);
  });
});

describe('the reset fault', () => {
  it('is retried inside the poll as transient, then the wait succeeds', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });
    sim.setFault({ type: 'reset' }, { times: 2 });
    const retries: RetryEvent[] = [];

    const result = await waitForElbJob(
      fast(job_id, { pollRetries: 2, on: { retry: (e) => retries.push(e) } }),
    );

    expect(result).toMatchObject({ state: 'SUCCESS', attempts: 1 });
    expect(retries.map((e) => e.error.code)).toEqual(['ERR_ELB_NETWORK', 'ERR_ELB_NETWORK']);
    expect(answers(sim)).toEqual([
      ['reset', undefined],
      ['reset', undefined],
      [undefined, 200],
    ]);
  });
});

describe('the hang fault', () => {
  it('is cut at requestTimeoutMs, then the next poll succeeds', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });
    sim.setFault({ type: 'hang' }, { jobId: job_id, times: 1 });
    const errors: unknown[] = [];

    const result = await waitForElbJob(
      fast(job_id, {
        requestTimeoutMs: 50,
        on: { 'poll:end': (e) => errors.push(e.error?.code) },
      }),
    );

    expect(result).toMatchObject({ state: 'SUCCESS', attempts: 2 });
    expect(errors).toEqual(['ERR_ELB_NETWORK', undefined]);
    expect(answers(sim)).toEqual([
      ['hang', undefined],
      [undefined, 200],
    ]);
  });
});

describe('the delay fault', () => {
  it('answers slowly but whole', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });
    sim.setFault({ type: 'delay', delayMs: 30 }, { times: 1 });
    const started = performance.now();

    const result = await waitForElbJob(fast(job_id));

    expect(result).toMatchObject({ state: 'SUCCESS', attempts: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(answers(sim)).toEqual([['delay', 200]]);
  });

  it('times out when it outlasts requestTimeoutMs', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });
    sim.setFault({ type: 'delay', delayMs: 200 }, { times: 1 });

    const error = await rejectionOf(
      waitForElbJob(fast(job_id, { requestTimeoutMs: 30, maxTransientPolls: 0 })),
    );

    expect(error).toBeInstanceOf(PollFailedError);
    expect((error as PollFailedError).cause).toMatchObject({ timedOut: true });
    expect(sim.requests).toHaveLength(1);
  });
});

describe('the status fault', () => {
  it.each([
    ['gateway', { error_code: 'SIM.503', error_msg: 'Service Unavailable' }],
    ['service', { error: { code: 'SIM.503', message: 'Service Unavailable' } }],
  ] as const)('is transient as a 503 in the %s envelope', async (envelope, body) => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });
    sim.setFault({ type: 'status', statusCode: 503, envelope }, { times: 1 });
    const polls: unknown[] = [];

    const result = await waitForElbJob(
      fast(job_id, { on: { 'poll:end': (e) => polls.push(e.verdict) } }),
    );

    expect(result.attempts).toBe(2);
    expect(polls).toEqual(['transient', 'success']);
    expect(answers(sim)).toEqual([
      ['status', 503],
      [undefined, 200],
    ]);
    await expect(statusFaultBody(envelope)).resolves.toMatchObject(body);
  });

  it('is fatal as a 400 with the code it names', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'status', statusCode: 400, envelope: 'service', errorCode: 'ELB.1001' });

    const error = await rejectionOf(waitForElbJob(fast(job_id)));

    expect(error).toBeInstanceOf(ElbHttpError);
    expect(error).toMatchObject({ statusCode: 400, errorCode: 'ELB.1001' });
    expect(sim.requests).toHaveLength(1);
  });
});

/** The body a 503 status fault in `envelope` answers, fetched with fetch. */
async function statusFaultBody(envelope: 'gateway' | 'service'): Promise<unknown> {
  sim.setFault({ type: 'status', statusCode: 503, envelope }, { times: 1 });
  const response = await fetch(`${sim.url}/any`);

  return response.json();
}

describe('fault scopes', () => {
  it('applies a job fault to that job only, and a global one to every job', async () => {
    const faulty = sim.addJob({ timeline: [{ status: 'SUCCESS' }] }).job_id;
    const healthy = sim.addJob({ timeline: [{ status: 'SUCCESS' }] }).job_id;
    sim.setFault({ type: 'status', statusCode: 500 }, { jobId: faulty });

    const failed = await rejectionOf(waitForElbJob(fast(faulty, { maxTransientPolls: 1 })));
    const succeeded = await waitForElbJob(fast(healthy));
    sim.clearFaults();
    sim.setFault({ type: 'status', statusCode: 502 }, { times: 2 });
    await waitForElbJob(fast(faulty));
    await waitForElbJob(fast(healthy));

    expect(failed).toBeInstanceOf(PollFailedError);
    expect(succeeded.attempts).toBe(1);
    expect(sim.requests.map((r) => [r.jobId === faulty ? 'faulty' : 'healthy', r.status])).toEqual([
      ['faulty', 500],
      ['faulty', 500],
      ['healthy', 200],
      ['faulty', 502],
      ['faulty', 502],
      ['faulty', 200],
      ['healthy', 200],
    ]);
  });
});

/**
 * A clock whose time moves only when one of its timers fires, to that timer's due time; the
 * timers run on real timers 1000 times shorter. The simulator reads the same time, so the gaps
 * between requests in its log are the waiter's delays, exactly.
 */
function steppingClock(startMs: number): Clock {
  let nowMs = startMs;

  return {
    now: () => nowMs,
    setTimeout(callback, delayMs) {
      const dueMs = nowMs + delayMs;

      return setTimeout(() => {
        nowMs = Math.max(nowMs, dueMs);
        callback();
      }, delayMs / 1000);
    },
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}

describe('the throttle', () => {
  it('answers 429 APIGW.0308 with a Retry-After that the waiter honours', async () => {
    const stepping = steppingClock(Date.parse('2024-05-14T08:00:00Z'));
    const throttled = await startSimulator({
      token: TOKEN,
      clock: stepping,
      throttle: { limit: 2, windowMs: 10_000 },
    });
    const { job_id } = throttled.addJob({
      timeline: [{ status: 'RUNNING', forMs: 5000 }, { status: 'SUCCESS' }],
    });
    const backoffs: BackoffEvent[] = [];

    try {
      const result = await waitForElbJob({
        ...fast(job_id),
        endpoint: throttled.url,
        clock: stepping,
        backoff: constantBackoff({ delayMs: 1000 }),
        minDelayMs: 1000,
        maxDelayMs: 15_000,
        // A day here is 86 real seconds: neither fires while a request is under way.
        pollTimeoutMs: 86_400_000,
        timeoutMs: 86_400_000,
        on: { backoff: (e) => backoffs.push(e) },
      });

      expect(result).toMatchObject({ state: 'SUCCESS', attempts: 4 });
    } finally {
      await throttled.close();
    }

    const start = throttled.requests[0]?.time ?? Number.NaN;
    expect(throttled.requests.map((r) => [r.time - start, r.status, r.throttled])).toEqual([
      [0, 200, false],
      [1000, 200, false],
      [2000, 429, true],
      [10_000, 200, false],
    ]);
    expect(backoffs.map((e) => [e.verdict, e.reason, e.delayMs])).toEqual([
      ['pending', 'strategy', 1000],
      ['pending', 'strategy', 1000],
      ['throttled', 'retry-after', 8000],
    ]);
  });

  it('makes the client fail with the gateway code, request id and Retry-After', async () => {
    sim.setThrottle({ limit: 0, windowMs: 90_000 });
    const client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN) });

    try {
      const error = await rejectionOf(client.getJob({ projectId: sim.projectId, jobId: 'j' }));

      expect(error).toBeInstanceOf(ElbHttpError);
      expect(error).toMatchObject({
        statusCode: 429,
        errorCode: 'APIGW.0308',
        errorMessage:
          'The throttling threshold has been reached: ' +
          'policy api over ratelimit,limit:0,time:90 second',
        retryAfterMs: 90_000,
        requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    } finally {
      client.close();
    }
  });
});
