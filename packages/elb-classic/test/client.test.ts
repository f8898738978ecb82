import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inspect, promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { constantBackoff } from '@jobwait/core';

import { tokenAuth, type ElbAuth } from '../src/auth.js';
import { ElbClient, type ElbClientOptions } from '../src/client.js';
import {
  ElbClientClosedError,
  ElbHttpError,
  ElbNetworkError,
  ElbProtocolError,
} from '../src/errors.js';
import { startSimulator, type Simulator } from '../src/testing/index.js';
import { gotTransport } from '../src/transport/got-transport.js';
import { waitForElbJob } from '../src/wait-for-elb-job.js';
import { eventually, everythingShown, jobFixture, rejectionOf, thrownBy } from './helpers.js';

const TOKEN = 'MIIsecret-token-value';
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const execFileAsync = promisify(execFile);

let sim: Simulator;
let client: ElbClient | undefined;

function newClient(options: Partial<ElbClientOptions> = {}): ElbClient {
  client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN), ...options });

  return client;
}

function getJob(jobId: string, extra: { signal?: AbortSignal } = {}) {
  return (client ?? newClient()).getJob({ projectId: sim.projectId, jobId, ...extra });
}

beforeEach(async () => {
  sim = await startSimulator({ token: TOKEN });
});

afterEach(async () => {
  client?.close();
  client = undefined;
  await sim.close();
});

describe('ElbClient.getJob', () => {
  it('fetches a job from /v1.0/ with the token', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'RUNNING' }] });

    const job = await getJob(job_id);

    expect(job).toMatchObject({ status: 'RUNNING', job_id, job_type: 'createELB' });
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      method: 'GET',
      path: `/v1.0/${sim.projectId}/jobs/${job_id}`,
      status: 200,
      headers: expect.objectContaining({ 'x-auth-token': '[redacted]' }),
    });
  });

  it('serves a fixture verbatim when the timeline says so', async () => {
    const body = jobFixture('create-elb-fail');
    const { job_id } = sim.addJob({ jobId: body.job_id, timeline: [{ status: 'FAIL', body }] });

    await expect(getJob(job_id)).resolves.toEqual(body);
  });

  it('polls /v1.0/ even for the id of a create response whose uri says /v1/', async () => {
    const created = sim.addJob();

    expect(created.uri).toMatch(/^\/v1\//);
    await getJob(created.job_id);
    expect(sim.requests[0]?.path).toMatch(/^\/v1\.0\//);
  });

  it('reuses one kept-alive connection and leaves none after close', async () => {
    const { job_id } = sim.addJob();

    await getJob(job_id);
    await getJob(job_id);
    expect(await sim.connections()).toBe(1);

    client?.close();
    expect(await eventually(async () => (await sim.connections()) === 0)).toBe(true);
  });

  it.each([
    ['a/b', 'jobId'],
    ['..', 'jobId'],
    ['a b', 'jobId'],
    ['', 'jobId'],
  ])('refuses the job id %p before any request', async (jobId, option) => {
    const error = await rejectionOf(getJob(jobId));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(`option \`${option}\``);
    expect(sim.requests).toHaveLength(0);
  });

  it.each([
    ['jobId', '.'],
    ['jobId', '..'],
    ['jobId', '...'],
    ['projectId', '.'],
    ['projectId', '..'],
  ])('refuses the %s %p before any request when it is only dots', async (option, id) => {
    const ids = { projectId: sim.projectId, jobId: 'j', [option]: id };

    const error = await rejectionOf(newClient().getJob(ids));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(`option \`${option}\``);
    expect(sim.requests).toHaveLength(0);
  });

  it.each(['jobId', 'projectId'])(
    'refuses the %s before any request when it holds a lone surrogate',
    async (option) => {
      const ids = { projectId: sim.projectId, jobId: 'j', [option]: 'ab\uD800' };

      const error = await rejectionOf(newClient().getJob(ids));

      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain(`option \`${option}\` to be a well-formed`);
      expect(sim.requests).toHaveLength(0);
    },
  );

  it('refuses a project id with a slash before any request', async () => {
    const request = newClient().getJob({ projectId: 'p/../q', jobId: 'j' });

    await expect(request).rejects.toThrow(/option `projectId`/);
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses requests after close', async () => {
    const { job_id } = sim.addJob();
    newClient().close();

    await expect(getJob(job_id)).rejects.toBeInstanceOf(ElbClientClosedError);
    expect(sim.requests).toHaveLength(0);
  });
  it('serves 50 waits at once without a listener-leak warning', async () => {
    // Node writes the warning to the real process's stderr, which a child shows and Jest hides.
    const ids = Array.from({ length: 50 }, () => sim.addJob({ timeline: [{ status: 'SUCCESS' }] }));
    const script = `
      import { Waiter } from '@jobwait/core';
      import { ElbClient, elbJobSource, tokenAuth } from '@jobwait/elb-classic';
      const auth = tokenAuth(process.env.TOKEN);
      const client = new ElbClient({ endpoint: process.env.URL, auth });
      const waiter = new Waiter({ initialDelayMs: 0 });
      const ids = process.env.IDS.split(',');
      await Promise.all(ids.map((jobId) =>
        waiter.wait(elbJobSource({ client, projectId: process.env.PROJECT, jobId }))));
      client.close();
      process.stdout.write('waited ' + ids.length);`;
    const env = {
      ...process.env,
      URL: sim.url,
      TOKEN,
      PROJECT: sim.projectId,
      IDS: ids.map(({ job_id }) => job_id).join(','),
    };

    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      ['--input-type=module', '--eval', script],
      { env, cwd: PACKAGE_DIR },
    );

    expect(stdout).toBe('waited 50');
    expect(stderr).not.toContain('MaxListenersExceededWarning');
  });
});

describe('ElbClient on a 401', () => {
  it('refreshes once and retries once with the new token', async () => {
    sim.setToken('second-token');
    const tokens = ['first-token', 'second-token'];
    const provider = jest.fn(async () => tokens.shift() ?? 'none');
    const { job_id } = sim.addJob();

    const job = await newClient({ auth: tokenAuth(provider) }).getJob({
      projectId: sim.projectId,
      jobId: job_id,
    });

    expect(job.status).toBe('INIT');
    expect(provider).toHaveBeenCalledTimes(2);
    expect(sim.requests.map((r) => r.status)).toEqual([401, 200]);
  });

  it('fails with the 401 when the refresh did not help, without looping', async () => {
    const refresh = jest.fn(async () => true);
    const auth: ElbAuth = { authorize: async () => ({ 'x-auth-token': 'wrong' }), refresh };
    const { job_id } = sim.addJob();

    const error = await rejectionOf(
      newClient({ auth }).getJob({ projectId: sim.projectId, jobId: job_id }),
    );

    expect(error).toBeInstanceOf(ElbHttpError);
    expect(error).toMatchObject({ statusCode: 401, errorCode: 'APIGW.0307' });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(sim.requests.map((r) => r.status)).toEqual([401, 401]);
  });

  it('fails at once with a fixed token, which cannot refresh', async () => {
    const { job_id } = sim.addJob();

    const error = await rejectionOf(
      newClient({ auth: tokenAuth('wrong') }).getJob({
        projectId: sim.projectId,
        jobId: job_id,
      }),
    );

    expect(error).toMatchObject({ statusCode: 401, errorCode: 'APIGW.0307' });
    expect((error as ElbHttpError).requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(sim.requests).toHaveLength(1);
  });

  it('keeps a failed refresh as the cause of the 401', async () => {
    const auth: ElbAuth = {
      authorize: async () => ({ 'x-auth-token': 'wrong' }),
      refresh: async () => {
        throw new Error('IAM unreachable');
      },
    };
    const { job_id } = sim.addJob();

    const error = await rejectionOf(
      newClient({ auth }).getJob({ projectId: sim.projectId, jobId: job_id }),
    );

    expect(error).toMatchObject({ statusCode: 401, cause: new Error('IAM unreachable') });
    expect(sim.requests).toHaveLength(1);
  });
});

describe('ElbClient on error answers', () => {
  it('reads the gateway envelope and the request id of a 403', async () => {
    const { job_id } = sim.addJob();
    sim.setFault(
      { type: 'status', statusCode: 403, errorCode: 'APIGW.0302', errorMessage: 'denied' },
      { times: 1 },
    );

    const error = await rejectionOf(getJob(job_id));

    expect(error).toBeInstanceOf(ElbHttpError);
    expect(error).toMatchObject({
      statusCode: 403,
      errorCode: 'APIGW.0302',
      errorMessage: 'denied',
    });
    expect((error as ElbHttpError).requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reads the service envelope, with the request id from X-Request-Id', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'status', statusCode: 400, envelope: 'service' }, { times: 1 });

    const error = (await rejectionOf(getJob(job_id))) as ElbHttpError;

    expect(error).toMatchObject({
      statusCode: 400,
      errorCode: 'ELB.1001',
      errorMessage: 'request parameter is not valid',
    });
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('explains the gateway 404 APIGW.0101', async () => {
    sim.setFault({ type: 'status', statusCode: 404 }, { times: 1 });

    const error = (await rejectionOf(getJob('ff8080827a1b2c3d017a1b2c3d4e0001'))) as ElbHttpError;

    expect(error).toMatchObject({
      statusCode: 404,
      errorCode: 'APIGW.0101',
      apiNotAvailable: true,
    });
    expect(error.message).toMatch(/classic ELB API is not available/);
  });

  it('answers an unknown job with a plain 404', async () => {
    const error = await rejectionOf(getJob('ff8080827a1b2c3d017a1b2c3d4e9999'));

    expect(error).toMatchObject({ statusCode: 404, apiNotAvailable: false });
  });

  it('does not follow a redirect, which would carry the token elsewhere', async () => {
    const { job_id } = sim.addJob();
    const location = `${sim.url}/v1.0/${sim.projectId}/jobs/${job_id}`;
    sim.setFault(
      { type: 'status', statusCode: 302, body: '', headers: { location } },
      { times: 1 },
    );

    const error = await rejectionOf(getJob(job_id));

    expect(error).toBeInstanceOf(ElbHttpError);
    expect(error).toMatchObject({ statusCode: 302 });
    expect(sim.requests).toHaveLength(1);
  });

  it('reads Retry-After in seconds on a 429', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'status', statusCode: 429, retryAfter: 3 }, { times: 1 });

    const error = await rejectionOf(getJob(job_id));

    expect(error).toMatchObject({ statusCode: 429, errorCode: 'APIGW.0308', retryAfterMs: 3000 });
  });

  it('reads Retry-After as an HTTP date', async () => {
    const { job_id } = sim.addJob();
    const at = new Date(Date.now() + 60_000).toUTCString();
    sim.setFault({ type: 'status', statusCode: 503, retryAfter: at }, { times: 1 });

    const error = (await rejectionOf(getJob(job_id))) as ElbHttpError;

    expect(error.statusCode).toBe(503);
    expect(error.retryAfterMs).toBeGreaterThan(55_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
  });
});

describe('ElbClient on broken exchanges', () => {
  it.each([
    ['not-json', '{"status": "RUNN'],
    ['missing-status', '{"job_id": "x"}'],
    ['error-envelope', '{"error_code": "APIGW.0101", "error_msg": "x", "request_id": "r"}'],
  ])('throws an ElbProtocolError (%s) for a malformed body', async (problem, body) => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'malformed', body }, { times: 1 });

    const error = await rejectionOf(getJob(job_id));

    expect(error).toBeInstanceOf(ElbProtocolError);
    expect(error).toMatchObject({ problem, statusCode: 200 });
  });

  it('throws an ElbProtocolError (too-deep) when the body nests 10 000 levels', async () => {
    const { job_id } = sim.addJob();
    const body = `{"status":"RUNNING","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    sim.setFault({ type: 'malformed', body }, { times: 1 });

    const error = await rejectionOf(getJob(job_id));

    expect(error).toBeInstanceOf(ElbProtocolError);
    expect(error).toMatchObject({ problem: 'too-deep', statusCode: 200 });
    expect(() => JSON.stringify(error)).not.toThrow();
  });

  it('refuses a 200 body over the size cap, with its status', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'malformed', body: `"${'x'.repeat(5000)}"` }, { times: 1 });

    const error = await rejectionOf(
      newClient({ maxResponseBytes: 1024 }).getJob({
        projectId: sim.projectId,
        jobId: job_id,
      }),
    );

    expect(error).toBeInstanceOf(ElbProtocolError);
    expect(error).toMatchObject({ problem: 'too-large', statusCode: 200 });
    expect((error as ElbProtocolError).body).toBe(`"${'x'.repeat(1023)}`);
  });

  it.each([503, 502, 429, 401, 403])(
    'keeps the status %p when its body is over the size cap, with the first bytes as body',
    async (statusCode) => {
      const { job_id } = sim.addJob();
      const body = `<html>${TOKEN} ${'x'.repeat(8192)}</html>`;
      sim.setFault({ type: 'status', statusCode, body, headers: { 'x-request-id': 'r-9' } });

      const error = await rejectionOf(
        newClient({ maxResponseBytes: 4096 }).getJob({ projectId: sim.projectId, jobId: job_id }),
      );

      expect(error).toBeInstanceOf(ElbHttpError);
      expect(error).toMatchObject({ statusCode, requestId: 'r-9' });
      expect((error as ElbHttpError).body).toBe(`<html>[redacted] ${'x'.repeat(4096 - 28)}`);
    },
  );

  it('cuts a hung request at the per-request timeout', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'hang' }, { times: 1 });

    const error = await rejectionOf(
      newClient({ requestTimeoutMs: 50 }).getJob({
        projectId: sim.projectId,
        jobId: job_id,
      }),
    );

    expect(error).toBeInstanceOf(ElbNetworkError);
    expect(error).toMatchObject({ networkCode: 'ETIMEDOUT', timedOut: true });
    await expect(getJob(job_id)).resolves.toMatchObject({ status: 'INIT' });
  });

  it('reports a reset connection as a network error', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'reset' }, { times: 1 });

    const error = await rejectionOf(getJob(job_id));

    expect(error).toBeInstanceOf(ElbNetworkError);
    expect(error).toMatchObject({ networkCode: 'ECONNRESET', timedOut: false });
  });

  it('rejects with the signal reason when the signal aborts', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'hang' }, { times: 1 });
    const controller = new AbortController();
    const reason = new Error('stop');

    const request = getJob(job_id, { signal: controller.signal });
    await eventually(async () => sim.requests.length === 1);
    controller.abort(reason);

    await expect(request).rejects.toBe(reason);
  });
});

describe('ElbClient in a wait', () => {
  const fast = { initialDelayMs: 0, minDelayMs: 1, backoff: constantBackoff({ delayMs: 1 }) };

  it('retries a 503 whose body is over the size cap, and succeeds', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'SUCCESS' }] });
    sim.setFault({ type: 'status', statusCode: 503, body: 'x'.repeat(8192) }, { times: 1 });

    const result = await waitForElbJob({
      endpoint: sim.url,
      token: TOKEN,
      projectId: sim.projectId,
      jobId: job_id,
      maxResponseBytes: 4096,
      pollRetryDelayMs: 1,
      ...fast,
    });

    expect(result.observation.status).toBe('SUCCESS');
    expect(sim.requests.map((r) => r.status)).toEqual([503, 200]);
  });

  it('fails at once, without retries, when https meets a plain http server', async () => {
    const { job_id } = sim.addJob();
    const endpoint = sim.url.replace(/^http:/, 'https:');
    const host = new URL(endpoint).host;
    const polls: unknown[] = [];

    const error = await rejectionOf(
      waitForElbJob({
        endpoint,
        token: TOKEN,
        projectId: sim.projectId,
        jobId: job_id,
        ...fast,
        on: { 'poll:end': (event) => polls.push(event) },
      }),
    );

    expect(error).toBeInstanceOf(ElbNetworkError);
    expect(error).toMatchObject({ networkCode: 'EPROTO', wrongEndpoint: true, timedOut: false });
    expect((error as Error).message).toBe(
      `GET ${endpoint}/v1.0/${sim.projectId}/jobs/${job_id} failed: TLS handshake failed with ` +
        `${host}: is the endpoint http or https?`,
    );
    expect((error as Error).cause).toMatchObject({ code: 'EPROTO' });
    expect(((error as Error).cause as Error).message).toMatch(/wrong version number/);
    expect(polls).toHaveLength(1);
    expect(everythingShown(error)).not.toContain(TOKEN);
  });
});

describe('ElbClient secrecy', () => {
  it('never shows the token in any error', async () => {
    const { job_id } = sim.addJob();
    const errors: unknown[] = [];
    const faults = [
      { type: 'status', statusCode: 403 },
      { type: 'status', statusCode: 503 },
      { type: 'reset' },
      { type: 'malformed', body: 'nope' },
      { type: 'hang' },
    ] as const;

    for (const fault of faults) {
      sim.setFault(fault, { times: 1 });
      errors.push(
        await rejectionOf(
          newClient({ requestTimeoutMs: 50 }).getJob({
            projectId: sim.projectId,
            jobId: job_id,
          }),
        ),
      );
      client?.close();
    }
    sim.setToken('another');
    errors.push(await rejectionOf(newClient().getJob({ projectId: sim.projectId, jobId: job_id })));

    expect(errors).toHaveLength(6);
    for (const error of errors) {
      expect(everythingShown(error)).not.toContain(TOKEN);
    }
  });

  it('redacts the token in every field when the server echoes it', async () => {
    const { job_id } = sim.addJob();
    const echo = `token ${TOKEN} expired`;
    sim.setFault({ type: 'status', statusCode: 401, errorMessage: echo }, { times: 1 });
    sim.setFault(
      {
        type: 'status',
        statusCode: 403,
        envelope: 'service',
        errorCode: `ELB.${TOKEN}`,
        errorMessage: echo,
        headers: { 'x-request-id': TOKEN },
      },
      { times: 1 },
    );
    sim.setFault({ type: 'malformed', body: `not json: ${TOKEN}` }, { times: 1 });

    const errors = [
      await rejectionOf(getJob(job_id)),
      await rejectionOf(getJob(job_id)),
      await rejectionOf(getJob(job_id)),
    ] as (ElbHttpError | ElbProtocolError)[];

    expect(errors[0]).toMatchObject({ statusCode: 401, errorMessage: 'token [redacted] expired' });
    expect(errors[1]).toMatchObject({
      statusCode: 403,
      errorCode: 'ELB.[redacted]',
      errorMessage: 'token [redacted] expired',
      requestId: '[redacted]',
    });
    expect(errors[2]).toMatchObject({ problem: 'not-json' });
    expect(errors[2]?.body).toBe('not json: [redacted]');
    for (const error of errors) {
      expect(error.body).toContain('[redacted]');
      expect(everythingShown(error)).not.toContain(TOKEN);
      expect(inspect(error, { showHidden: true, depth: 10 })).not.toContain(TOKEN);
    }
  });

  it('redacts both tokens when the answer after a refresh echoes the first one', async () => {
    const first = 'MIIfirst-token-value';
    const second = 'MIIsecond-token-value';
    const tokens = [first, second];
    const errorMessage = `neither ${first} nor ${second} is valid`;
    sim.setFault({ type: 'status', statusCode: 401, errorMessage });
    const { job_id } = sim.addJob();

    const error = await rejectionOf(
      newClient({ auth: tokenAuth(async () => tokens.shift() ?? 'none') }).getJob({
        projectId: sim.projectId,
        jobId: job_id,
      }),
    );

    expect(error).toMatchObject({
      statusCode: 401,
      errorMessage: 'neither [redacted] nor [redacted] is valid',
    });
    expect(sim.requests).toHaveLength(2);
  });

  it('keeps the token out of sight when the client is inspected', () => {
    expect(everythingShown(newClient())).not.toContain(TOKEN);
  });

  it('keeps the token out of the request log', async () => {
    const { job_id } = sim.addJob();

    await getJob(job_id);

    expect(JSON.stringify(sim.requests)).not.toContain(TOKEN);
  });
});

describe('new ElbClient', () => {
  it.each([
    [{ requestTimeoutMs: 0 }, RangeError, /`requestTimeoutMs`/],
    [{ requestTimeoutMs: 'fast' }, TypeError, /`requestTimeoutMs`/],
    [{ maxResponseBytes: 1.5 }, RangeError, /`maxResponseBytes`/],
    [{ maxSockets: 0 }, RangeError, /`maxSockets`/],
    [{ transport: 'undici' }, TypeError, /^Expected option `transport` to be a function/],
    [{ transport: () => ({ send: 1 }) }, TypeError, /`transport` to return an object with `send`/],
    [{ transport: () => null }, TypeError, /`transport` to return an object with `send`/],
    [{ auth: undefined }, TypeError, /`auth`/],
    [{ auth: {} }, TypeError, /`auth.authorize`/],
    [{ endpoint: 'file:///etc/passwd' }, TypeError, /`endpoint`/],
    [{ endpoint: 'http://127.0.0.1:0' }, TypeError, /^[^:]*`endpoint`[^:]*port from 1 to 65535$/],
  ])('refuses %p', (options, type, message) => {
    const make = () =>
      new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN), ...(options as object) });

    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });

  it.each([
    ['requestTimeout', 'requestTimeoutMs'],
    ['maxresponsebytes', 'maxResponseBytes'],
    ['max_sockets', 'maxSockets'],
  ])('refuses the unknown option `%s`, naming `%s`', (name, like) => {
    const make = () => new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN), [name]: 1 });

    expect(make).toThrow(TypeError);
    expect(make).toThrow(`Unknown option \`${name}\` (did you mean \`${like}\`?)`);
  });

  it('refuses an option meant for the wait, listing those it takes', () => {
    const make = () =>
      new ElbClient({
        endpoint: sim.url,
        auth: tokenAuth(TOKEN),
        token: TOKEN,
      } as ElbClientOptions);

    expect(make).toThrow(/^Unknown option `token`; known: endpoint, cloud, region, auth, /);
    expect(everythingShown(thrownBy(make))).not.toContain(TOKEN);
  });

  it('derives the endpoint from cloud and region', () => {
    const derived = new ElbClient({ cloud: 'otc', region: 'eu-nl', auth: tokenAuth(TOKEN) });
    derived.close();

    expect(derived.jobUrl('p1', 'j 1'.replace(' ', '%'))).toBe(
      'https://elb.eu-nl.otc.t-systems.com/v1.0/p1/jobs/j%251',
    );
  });
});

describe('ElbClient with a transport of its own', () => {
  it('builds it once with maxSockets, sends through it, and closes it once', async () => {
    const { job_id } = sim.addJob();
    const built: unknown[] = [];
    let closed = 0;
    const transport = (settings: { maxSockets: number }) => {
      built.push(settings);
      const made = gotTransport(settings);
      return { send: made.send, close: () => ((closed += 1), made.close()) };
    };

    const own = newClient({ transport, maxSockets: 5 });
    const job = await own.getJob({ projectId: sim.projectId, jobId: job_id });
    own.close();
    own.close();

    expect(job.status).toBe('INIT');
    expect(built).toEqual([{ maxSockets: 5 }]);
    expect(closed).toBe(1);
    expect(await eventually(async () => (await sim.connections()) === 0)).toBe(true);
  });

  it('closes the transport it built when the constructor fails after building it', () => {
    const first = newClient({ rateLimit: { requestsPerSecond: 5 } });
    let closed = 0;
    const transport = (settings: { maxSockets: number }) => ({
      ...gotTransport(settings),
      close: () => (closed += 1),
    });

    const make = () =>
      new ElbClient({
        endpoint: sim.url,
        auth: tokenAuth(TOKEN),
        transport,
        rateLimit: { requestsPerSecond: 9 },
      });

    expect(make).toThrow(/`rateLimit`/);
    expect(closed).toBe(1);
    first.close();
  });
});

describe('ElbClient with a custom auth', () => {
  const SECRET = 'MIIheader-secret-value';

  it.each([
    ['a line break', { 'x-auth-token': `${SECRET}\r\nx-evil: 1` }, /header `x-auth-token`/],
    ['a character beyond Latin-1', { 'x-auth-token': `${SECRET}\u20ac` }, /header `x-auth-token`/],
    ['a NUL', { 'x-auth-token': `${SECRET}\u0000` }, /header `x-auth-token`/],
    ['a value that is no string', { 'x-auth-token': 42 }, /header `x-auth-token`/],
    ['a name with a space', { 'x auth': SECRET }, /valid header names, got "x auth"/],
    ['an empty name', { '': SECRET }, /valid header names/],
  ])('refuses the headers before any request when one holds %s', async (_, headers, message) => {
    const auth = { authorize: async () => headers as unknown as Record<string, string> };
    const { job_id } = sim.addJob();

    const error = await rejectionOf(
      newClient({ auth }).getJob({ projectId: sim.projectId, jobId: job_id }),
    );

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
    expect(everythingShown(error)).not.toContain(SECRET);
    expect(sim.requests).toHaveLength(0);
  });

  it('sends a Latin-1 header value when it has no control characters', async () => {
    const auth = { authorize: async () => ({ 'x-auth-token': TOKEN, 'x-note': 'caf\u00e9\tok' }) };
    const { job_id } = sim.addJob();

    await newClient({ auth }).getJob({ projectId: sim.projectId, jobId: job_id });

    expect(sim.requests[0]?.headers['x-note']).toBe('caf\u00e9\tok');
  });
});
