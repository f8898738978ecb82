import { inspect } from 'node:util';

import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  constantBackoff,
  JobFailedError,
  MAX_TIMER_MS,
  NotFoundError,
  PollFailedError,
  UnexpectedStateError,
  WaitAbortedError,
  WaitTimeoutError,
  WAITER_EVENT_NAMES,
  type BackoffEvent,
  type RetryEvent,
  type StateChangeEvent,
} from '@jobwait/core';

import { tokenAuth } from '../src/auth.js';
import { ElbClient } from '../src/client.js';
import { ELB_WAIT_DEFAULTS } from '../src/defaults.js';
import { ElbHttpError, ElbProtocolError } from '../src/errors.js';
import type { ElbJob } from '../src/job.js';
import { startSimulator, type Simulator } from '../src/testing/index.js';
import { gotTransport } from '../src/transport/got-transport.js';
import type { ElbTransportSettings } from '../src/transport/transport.js';
import { elbBackoff, waitForElbJob, type WaitForElbJobOptions } from '../src/wait-for-elb-job.js';
import { eventually, everythingShown, ManualClock, rejectionOf } from './helpers.js';

const TOKEN = 'MIIsecret-wait-token';

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
function fast(overrides: Partial<WaitForElbJobOptions> = {}): WaitForElbJobOptions {
  return {
    endpoint: sim.url,
    token: TOKEN,
    projectId: sim.projectId,
    jobId: 'unset',
    initialDelayMs: 0,
    minDelayMs: 1,
    maxDelayMs: 20,
    backoff: constantBackoff({ delayMs: 1 }),
    pollRetryDelayMs: 1,
    requestTimeoutMs: 1000,
    on: { 'poll:end': () => clock.advance(1000) },
    ...overrides,
  };
}

const RUNNING_WITH_SUB_JOBS = {
  status: 'RUNNING',
  forMs: 2000,
  subJobs: [
    { jobType: 'createPort', status: 'SUCCESS' },
    { jobType: 'createInternalVM', status: 'RUNNING' },
  ],
};

describe('waitForElbJob', () => {
  it('waits through INIT and RUNNING to SUCCESS and types the entities', async () => {
    const { job_id } = sim.addJob({
      timeline: [{ status: 'INIT', forMs: 1000 }, RUNNING_WITH_SUB_JOBS, { status: 'SUCCESS' }],
    });
    const changes: StateChangeEvent<ElbJob>[] = [];

    const result = await waitForElbJob(
      fast({
        jobId: job_id,
        on: { 'poll:end': () => clock.advance(1000), 'state:change': (e) => changes.push(e) },
      }),
    );

    expect(result).toMatchObject({ jobId: job_id, kind: 'elb-classic', state: 'SUCCESS' });
    expect(result.attempts).toBe(4);
    expect(sim.requests.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(result.entities?.kind).toBe('createELB');
    expect(changes.map((e) => [e.from, e.to, e.detail])).toEqual([
      [undefined, 'INIT', undefined],
      ['INIT', 'RUNNING', 'sub-jobs 1/2'],
      ['RUNNING', 'SUCCESS', undefined],
    ]);
  });

  it('takes the create response as the job id', async () => {
    const created = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });

    const result = await waitForElbJob(fast({ jobId: created }));

    expect(result.jobId).toBe(created.job_id);
    expect(sim.requests[0]?.path).toBe(`/v1.0/${sim.projectId}/jobs/${created.job_id}`);
  });

  it('rejects with JobFailedError carrying ELB.1009 and CreateIPTask-fail', async () => {
    const { job_id } = sim.addJob({
      timeline: [{ status: 'RUNNING', forMs: 1000 }, { status: 'FAIL' }],
    });

    const error = await rejectionOf(waitForElbJob(fast({ jobId: job_id })));

    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({
      providerCode: 'ELB.1009',
      reason: 'CreateIPTask-fail',
      state: 'FAIL',
      kind: 'elb-classic',
      attempts: 2,
      observation: { status: 'FAIL', job_id, error_code: 'ELB.1009' },
    });
  });

  it('rejects with UnexpectedStateError for an unknown status', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'DELETED' }] });

    const error = await rejectionOf(waitForElbJob(fast({ jobId: job_id })));

    expect(error).toBeInstanceOf(UnexpectedStateError);
    expect(error).toMatchObject({ state: 'DELETED', attempts: 1 });
  });

  it('closes its client, so no connection remains', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });

    await waitForElbJob(fast({ jobId: job_id }));

    expect(await eventually(async () => (await sim.connections()) === 0)).toBe(true);
  });

  it('leaves a given client open', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });
    const client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN) });
    const options = fast({ jobId: job_id, client });
    delete options.endpoint;
    delete options.token;
    delete options.requestTimeoutMs;

    try {
      await waitForElbJob(options);
      expect(client.closed).toBe(false);
      expect(await sim.connections()).toBe(1);
    } finally {
      client.close();
    }
  });
});

describe('waitForElbJob on HTTP errors', () => {
  it('refreshes a 401 once, then fails with it', async () => {
    const tokens = ['stale-1', 'stale-2'];
    const provider = jest.fn(async () => tokens.shift() ?? 'none');
    const { job_id } = sim.addJob();

    const error = await rejectionOf(waitForElbJob(fast({ jobId: job_id, token: provider })));

    expect(error).toBeInstanceOf(ElbHttpError);
    expect(error).toMatchObject({ statusCode: 401, errorCode: 'APIGW.0307' });
    expect(provider).toHaveBeenCalledTimes(2);
    expect(sim.requests.map((r) => r.status)).toEqual([401, 401]);
  });

  it('goes on after a 401 that a refresh cured', async () => {
    sim.setToken('fresh');
    const tokens = ['stale', 'fresh'];
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });

    const result = await waitForElbJob(
      fast({ jobId: job_id, token: async () => tokens.shift() ?? 'none' }),
    );

    expect(result.attempts).toBe(1);
    expect(sim.requests.map((r) => r.status)).toEqual([401, 200]);
  });

  it.each([
    [403, 'APIGW.0302'],
    [400, 'ELB.1001'],
    [405, 'SIM.405'],
  ])('fails at once on a %i', async (statusCode, errorCode) => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'status', statusCode, errorCode });

    const error = await rejectionOf(waitForElbJob(fast({ jobId: job_id })));

    expect(error).toBeInstanceOf(ElbHttpError);
    expect(error).toMatchObject({ statusCode, errorCode });
    expect(sim.requests).toHaveLength(1);
  });

  it('fails at once on the gateway 404 APIGW.0101, explaining why', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'status', statusCode: 404 });

    const error = await rejectionOf(waitForElbJob(fast({ jobId: job_id })));

    expect(error).toMatchObject({ statusCode: 404, errorCode: 'APIGW.0101' });
    expect((error as Error).message).toMatch(/not available .* region or cloud/s);
    expect(sim.requests).toHaveLength(1);
  });

  it('counts other 404s against maxNotFound', async () => {
    const error = await rejectionOf(
      waitForElbJob(fast({ jobId: 'ff8080827a1b2c3d017a1b2c3d4e9999', maxNotFound: 2 })),
    );

    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).cause).toMatchObject({ statusCode: 404 });
    expect(sim.requests).toHaveLength(3);
  });

  it('waits as long as a 429 Retry-After asks, within maxDelayMs', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });
    sim.setFault({ type: 'status', statusCode: 429, retryAfter: 1 }, { times: 1 });
    const backoffs: BackoffEvent[] = [];

    const result = await waitForElbJob(
      fast({ jobId: job_id, maxDelayMs: 30, on: { backoff: (e) => backoffs.push(e) } }),
    );

    expect(result.attempts).toBe(2);
    expect(sim.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(backoffs).toEqual([
      expect.objectContaining({ verdict: 'throttled', reason: 'retry-after', delayMs: 30 }),
    ]);
  });

  it('waits maxDelayMs when a 429 Retry-After is beyond a safe integer', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });
    const retryAfter = '99999999999999999999';
    sim.setFault({ type: 'status', statusCode: 429, retryAfter }, { times: 1 });
    const backoffs: BackoffEvent[] = [];

    const result = await waitForElbJob(
      fast({ jobId: job_id, maxDelayMs: 30, on: { backoff: (e) => backoffs.push(e) } }),
    );

    expect(result.attempts).toBe(2);
    expect(backoffs).toEqual([
      expect.objectContaining({ verdict: 'throttled', reason: 'retry-after', delayMs: 30 }),
    ]);
  });

  it('ends at once when a custom auth gives a header value with a line break', async () => {
    const { job_id } = sim.addJob();
    const auth = { authorize: async () => ({ 'x-auth-token': 'MIIvalue\r\nx-evil: 1' }) };
    const retries: RetryEvent[] = [];
    const options = fast({
      jobId: job_id,
      auth,
      pollRetries: 2,
      on: { retry: (e) => retries.push(e) },
    });
    delete options.token;

    const error = await rejectionOf(waitForElbJob(options));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/header `x-auth-token`/);
    expect(everythingShown(error)).not.toContain('MIIvalue');
    expect(retries).toEqual([]);
    expect(sim.requests).toHaveLength(0);
  });

  it('retries a 503 inside the poll, then succeeds', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });
    sim.setFault({ type: 'status', statusCode: 503 }, { times: 2 });
    const retries: RetryEvent[] = [];

    const result = await waitForElbJob(
      fast({ jobId: job_id, pollRetries: 2, on: { retry: (e) => retries.push(e) } }),
    );

    expect(result.attempts).toBe(1);
    expect(sim.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(retries.map((e) => e.error.code)).toEqual(['ERR_ELB_HTTP', 'ERR_ELB_HTTP']);
  });

  it('gives up after maxTransientPolls of 503s', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'status', statusCode: 503 });

    const error = await rejectionOf(
      waitForElbJob(fast({ jobId: job_id, pollRetries: 0, maxTransientPolls: 2 })),
    );

    expect(error).toBeInstanceOf(PollFailedError);
    expect((error as PollFailedError).cause).toMatchObject({ statusCode: 503 });
    expect(sim.requests).toHaveLength(3);
  });

  it('fails at once with too-deep when a body nests 10 000 levels', async () => {
    const { job_id } = sim.addJob();
    const body = `{"status":"RUNNING","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    sim.setFault({ type: 'malformed', body });
    const events: unknown[] = [];
    const on = Object.fromEntries(
      WAITER_EVENT_NAMES.map((name) => [name, (e: unknown) => events.push(e)]),
    );

    const error = await rejectionOf(waitForElbJob(fast({ jobId: job_id, on })));

    expect(error).toMatchObject({ name: 'ElbProtocolError', problem: 'too-deep' });
    expect(events.length).toBeGreaterThan(2);
    expect(() => JSON.stringify(events)).not.toThrow();
    expect(sim.requests).toHaveLength(1);
  });

  it('fails with a typed JobFailedError when a sub-job has fields of odd types', async () => {
    const body = JSON.parse(
      '{"status":"FAIL","job_type":{"toString":1},"error_code":"ELB.1009",' +
        '"sub_jobs":[{"status":"FAIL","job_type":{"toString":1},"error_code":{"a":1}}]}',
    ) as unknown;
    const { job_id } = sim.addJob({ timeline: [{ status: 'FAIL', body }] });
    const changes: StateChangeEvent<ElbJob>[] = [];

    const error = await rejectionOf(
      waitForElbJob(fast({ jobId: job_id, on: { 'state:change': (e) => changes.push(e) } })),
    );

    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({
      providerCode: 'ELB.1009',
      state: 'FAIL',
      reason: expect.stringContaining('failed sub-jobs: sub-job'),
    });
    expect(changes.map((e) => e.detail)).toEqual(['sub-jobs 0/1']);
  });

  it('fails at once on a malformed body, never reading it as still running', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'malformed', body: '<html>maintenance</html>' });

    const error = await rejectionOf(waitForElbJob(fast({ jobId: job_id })));

    expect(error).toBeInstanceOf(ElbProtocolError);
    expect(sim.requests).toHaveLength(1);
  });
});

describe('waitForElbJob on slow answers', () => {
  it('cuts a hung request at requestTimeoutMs and polls on to success', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });
    sim.setFault({ type: 'hang' }, { times: 1 });

    const result = await waitForElbJob(
      fast({ jobId: job_id, requestTimeoutMs: 100, pollRetries: 0 }),
    );

    expect(result.attempts).toBe(2);
    expect(sim.requests.map((r) => [r.fault, r.status])).toEqual([
      ['hang', undefined],
      [undefined, 200],
    ]);
  });

  it('rejects with WaitTimeoutError at the deadline, with the last observation', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'RUNNING' }] });
    // The first poll sees RUNNING; every later request hangs until the deadline cuts it.
    const hangFromNowOn = () => sim.setFault({ type: 'hang' });

    const error = await rejectionOf(
      waitForElbJob(fast({ jobId: job_id, timeoutMs: 150, on: { 'poll:end': hangFromNowOn } })),
    );

    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({
      timeoutMs: 150,
      lastObservation: { status: 'RUNNING' },
      attempts: 2,
    });
    expect(sim.requests.map((r) => [r.fault, r.status])).toEqual([
      [undefined, 200],
      ['hang', undefined],
    ]);
  });

  it('stops when the signal aborts, even in a hung request', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'hang' });
    const controller = new AbortController();

    const waiting = rejectionOf(waitForElbJob(fast({ jobId: job_id, signal: controller.signal })));
    await eventually(async () => sim.requests.length === 1);
    controller.abort(new Error('user cancelled'));

    expect(await waiting).toBeInstanceOf(WaitAbortedError);
    expect(await eventually(async () => (await sim.connections()) === 0)).toBe(true);
  });
});

describe('waitForElbJob defaults and options', () => {
  it('uses the defaults of this API', async () => {
    const { job_id } = sim.addJob();
    const controller = new AbortController();
    const timeouts: number[] = [];
    const delays: [string, number][] = [];

    const error = await rejectionOf(
      waitForElbJob({
        endpoint: sim.url,
        token: TOKEN,
        projectId: sim.projectId,
        jobId: job_id,
        signal: controller.signal,
        on: {
          'wait:start': (e) => timeouts.push(e.timeoutMs),
          backoff: (e) => {
            delays.push([e.reason, e.delayMs]);
            controller.abort();
          },
        },
      }),
    );

    expect(error).toBeInstanceOf(WaitAbortedError);
    expect(timeouts).toEqual([600_000]);
    expect(delays).toEqual([['initial', 3000]]);
    expect(sim.requests).toHaveLength(0);
  });

  it('exports defaults suited to the API', () => {
    expect(ELB_WAIT_DEFAULTS).toMatchObject({
      initialDelayMs: 3000,
      minDelayMs: 2000,
      maxDelayMs: 15_000,
      timeoutMs: 600_000,
      requestTimeoutMs: 10_000,
    });
    expect(Object.isFrozen(ELB_WAIT_DEFAULTS)).toBe(true);
  });

  it('backs off from 2 s, doubling, up to 15 s', () => {
    const backoff = elbBackoff();
    const delays = [1, 2, 3, 4, 5].map((attempt) =>
      backoff.nextDelay({
        attempt,
        verdict: 'pending',
        previousDelayMs: undefined,
        random: () => 0,
      }),
    );

    expect(delays).toEqual([2000, 4000, 8000, 15_000, 15_000]);
  });

  it.each([
    ['a job id with a slash', { jobId: 'a/b' }, /`jobId`/],
    ['a job id with dot-dot', { jobId: '..' }, /`jobId`/],
    ['a job id with a space', { jobId: 'a b' }, /`jobId`/],
    ['a project id with a slash', { projectId: 'p/q' }, /`projectId`/],
    ['a job id of one dot', { jobId: '.' }, /`jobId`/],
    ['a project id of one dot', { projectId: '.' }, /`projectId`/],
    ['a job id with a lone surrogate', { jobId: 'ab\uD800' }, /`jobId` to be a well-formed/],
    ['a project id with a lone surrogate', { projectId: '\uDFFF' }, /`projectId`/],
    ['an endpoint on port 0', { endpoint: 'http://127.0.0.1:0' }, /`endpoint`.*port from 1/],
    ['a negative timeout', { timeoutMs: -1 }, /`timeoutMs`/],
    ['a zero request timeout', { requestTimeoutMs: 0 }, /`requestTimeoutMs`/],
    [
      'a request timeout that is no number',
      { requestTimeoutMs: 'fast' as never },
      /`requestTimeoutMs`/,
    ],
    ['both auth and token', { auth: tokenAuth('x') }, /`auth` and `token`/],
    ['neither auth nor token', { token: undefined }, /`auth` and `token`/],
    ['a misspelt option', { timeout: 300 } as never, /Unknown option `timeout`.*`timeoutMs`/],
    ['a bad region', { endpoint: undefined, cloud: 'otc' as const, region: 'EU' }, /`region`/],
    ['a signal that is not one', { signal: 'stop' as never }, /`signal`/],
    ['a listener that is not a function', { on: { settled: 1 as never } }, /on.settled/],
    ['a job type with a space', { jobType: 'create ELB' }, /option `jobType` to be a job type/],
    ['a job type that is no string', { jobType: 7 as never }, /option `jobType`/],
  ])('refuses %s before any request', async (_, overrides, message) => {
    const { job_id } = sim.addJob();

    await expect(waitForElbJob(fast({ jobId: job_id, ...overrides }))).rejects.toThrow(message);
    expect(sim.requests).toHaveLength(0);
  });

  it('emits no event when the job id holds a lone surrogate', async () => {
    const events: string[] = [];
    const on = Object.fromEntries(
      WAITER_EVENT_NAMES.map((name) => [name, () => events.push(name)]),
    );

    const error = await rejectionOf(waitForElbJob(fast({ jobId: 'ab\uD800', on })));

    expect(error).toBeInstanceOf(TypeError);
    expect(events).toEqual([]);
    expect(sim.requests).toHaveLength(0);
  });

  it('waits when requestTimeoutMs is the longest a timer holds', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });

    const result = await waitForElbJob(fast({ jobId: job_id, requestTimeoutMs: MAX_TIMER_MS }));

    expect(result.state).toBe('SUCCESS');
  });

  it('builds its client with the transport given, closing it when the wait settles', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });
    const built: ElbTransportSettings[] = [];
    let closed = 0;
    const transport = (settings: ElbTransportSettings) => {
      built.push(settings);
      const made = gotTransport(settings);
      return { send: made.send, close: () => ((closed += 1), made.close()) };
    };

    const result = await waitForElbJob(fast({ jobId: job_id, transport, maxSockets: 3 }));

    expect(result.state).toBe('SUCCESS');
    expect(built).toEqual([{ maxSockets: 3 }]);
    expect(closed).toBe(1);
  });

  it('refuses a transport next to a client', async () => {
    const client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN) });
    client.close();
    const options = { ...fast({ jobId: 'j', client, transport: gotTransport }) };
    delete options.endpoint;
    delete options.token;
    delete options.requestTimeoutMs;

    await expect(waitForElbJob(options)).rejects.toThrow(
      /^Option `transport` cannot be given with option `client`$/,
    );
  });

  it('refuses client options next to a client', async () => {
    const client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN) });
    client.close();

    await expect(waitForElbJob({ ...fast(), jobId: 'j', client })).rejects.toThrow(
      /`endpoint` cannot be given with option `client`/,
    );
  });
});

describe('waitForElbJob secrecy', () => {
  it('never shows the token in errors or events', async () => {
    const { job_id } = sim.addJob();
    const seen: unknown[] = [];
    const on = {
      'poll:end': (e: unknown) => {
        clock.advance(1000);
        seen.push(e);
      },
      retry: (e: unknown) => seen.push(e),
      settled: (e: unknown) => seen.push(e),
    };
    const scenarios: [Parameters<Simulator['setFault']>[0] | undefined, string][] = [
      [{ type: 'status', statusCode: 403 }, TOKEN],
      [{ type: 'hang' }, TOKEN],
      [{ type: 'malformed', body: 'x' }, TOKEN],
      [undefined, 'wrong-token-value'],
    ];

    for (const [fault, token] of scenarios) {
      sim.clearFaults();
      if (fault) sim.setFault(fault);
      const options = fast({ jobId: job_id, token, requestTimeoutMs: 50, pollRetries: 1, on });
      seen.push(await rejectionOf(waitForElbJob({ ...options, maxTransientPolls: 0 })));
    }

    expect(seen.length).toBeGreaterThan(8);
    for (const item of seen) {
      expect(everythingShown(item)).not.toContain(TOKEN);
      expect(everythingShown(item)).not.toContain('wrong-token-value');
    }
  });
});

/** The hidden `body` of an error and of each error in its chain of causes. */
function hiddenBodies(error: unknown): string[] {
  const bodies: string[] = [];

  for (let e = error; e instanceof Error; e = e.cause) {
    const { body } = e as { body?: unknown };
    if (typeof body === 'string') bodies.push(body);
  }

  return bodies;
}

describe('waitForElbJob when the server echoes the token', () => {
  const ECHOED = 'MIIecho/token+value==';

  it('keeps the token out of errors and events when the server echoes it', async () => {
    sim.setToken(ECHOED);
    const { job_id } = sim.addJob();
    const escaped = ECHOED.replaceAll('/', '\\/');
    const faults: Parameters<Simulator['setFault']>[0][] = [
      { type: 'status', statusCode: 401, errorMessage: `token ${ECHOED} expired` },
      {
        type: 'status',
        statusCode: 403,
        envelope: 'service',
        errorMessage: `denied for ${ECHOED}`,
        headers: { 'x-request-id': ECHOED },
      },
      {
        type: 'status',
        statusCode: 400,
        body: { error_code: 'APIGW.0307', error_msg: ECHOED, request_id: ECHOED },
      },
      { type: 'status', statusCode: 503, errorMessage: `overloaded, ${ECHOED}` },
      {
        type: 'malformed',
        body: `{"error_code":"APIGW.0307","error_msg":"${escaped}","request_id":"${escaped}"}`,
      },
      { type: 'malformed', body: `<html>${ECHOED}</html>` },
    ];
    const shown: string[] = [];

    for (const fault of faults) {
      sim.clearFaults();
      sim.setFault(fault);
      const events: unknown[] = [];
      const on = Object.fromEntries(
        WAITER_EVENT_NAMES.map((name) => [
          name,
          (e: unknown) => {
            if (name === 'poll:end') clock.advance(1000);
            events.push(e);
          },
        ]),
      );
      const options = fast({ jobId: job_id, token: ECHOED, pollRetries: 1, on });
      const error = await rejectionOf(waitForElbJob({ ...options, maxTransientPolls: 0 }));

      shown.push(
        everythingShown(error),
        inspect(error, { showHidden: true, depth: 10 }),
        JSON.stringify(events),
        inspect(events, { showHidden: true, depth: 10 }),
        // inspect escapes a backslash, so the hidden bodies are also read as they are.
        ...hiddenBodies(error),
      );
    }

    expect(sim.requests.length).toBeGreaterThanOrEqual(faults.length);
    expect(shown.join('\n')).toContain('[redacted]');
    expect(shown.filter((text) => text.startsWith('{"error_code"'))).toHaveLength(2);
    for (const text of shown) {
      expect(text).not.toContain(ECHOED);
      expect(text).not.toContain(escaped);
    }
  });
});
