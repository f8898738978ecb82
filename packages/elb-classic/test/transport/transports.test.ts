import { createServer, type Server, type Socket } from 'node:net';

import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { virtualClock } from '@jobwait/core/testing';

import { akskAuth } from '../../src/aksk-auth.js';
import { tokenAuth } from '../../src/auth.js';
import { classifyElbError } from '../../src/classify.js';
import { ElbClient, type ElbClientOptions } from '../../src/client.js';
import {
  ElbClientClosedError,
  ElbHttpError,
  ElbNetworkError,
  ElbProtocolError,
} from '../../src/errors.js';
import { startSimulator, type Simulator, type SimulatorFault } from '../../src/testing/index.js';
import { waitForElbJob } from '../../src/wait-for-elb-job.js';
import { startAnswerServer, type AnswerServer } from '../answer-server.js';
import { eventually, everythingShown, rejectionOf, turns } from '../helpers.js';
import { driveUntilSettled } from '../rate-limit/virtual-http.js';
import { CONTENDERS, closedPort } from './contenders.js';

const TOKEN = 'MIIsecret-transport-token';
const AKSK = { ak: 'JOBWAITTRANSPORTAK01', sk: 'jobwait-transport-sk-not-a-real-secret' };
const URL_AWAY = 'http://elb.eu-de.example';

/** A TCP server on loopback that writes `reply` to each request, and counts open sockets. */
async function startRawServer(reply: string): Promise<{
  url: string;
  open: () => number;
  close: () => Promise<void>;
}> {
  const sockets = new Set<Socket>();
  const raw: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('data', () => socket.write(reply));
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  const { port } = raw.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}`,
    open: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    },
  };
}

/**
 * Moves fake time the last millisecond to a request's timeout, and one more: got ends a timed
 * out request from a timer of 0 ms that the timeout sets, which fake timers run 1 ms later.
 */
function passTimeout(): void {
  jest.advanceTimersByTime(1);
  jest.advanceTimersByTime(1);
}

/** Only the timers: I/O, `setImmediate` and the clock of the simulator stay real. */
const TIMERS_ONLY: Parameters<typeof jest.useFakeTimers>[0] = {
  doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'Date'],
};

describe.each(CONTENDERS)('the $name transport', ({ name, transport, failingLookup }) => {
  let sim: Simulator;
  let server: AnswerServer | undefined;
  let client: ElbClient | undefined;

  beforeEach(async () => {
    sim = await startSimulator({ token: TOKEN, aksk: [AKSK] });
  });

  afterEach(async () => {
    jest.useRealTimers();
    client?.close();
    client = undefined;
    await server?.close();
    server = undefined;
    await sim.close();
  });

  function newClient(options: Partial<ElbClientOptions> = {}): ElbClient {
    client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN), transport, ...options });

    return client;
  }

  function getJob(jobId: string, options: Partial<ElbClientOptions> = {}, signal?: AbortSignal) {
    return newClient(options).getJob({ projectId: sim.projectId, jobId, signal });
  }

  /** The error `getJob` rejects with, once sure that nothing of it shows the token. */
  async function failure(request: Promise<unknown>): Promise<unknown> {
    const error = await rejectionOf(request);
    expect(everythingShown(error)).not.toContain(TOKEN);

    return error;
  }

  it('fetches a 2xx job with the token, asking for no compression', async () => {
    const { job_id } = sim.addJob({ timeline: [{ status: 'RUNNING' }] });

    const job = await getJob(job_id);

    expect(job).toMatchObject({ status: 'RUNNING', job_id, job_type: 'createELB' });
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ method: 'GET', status: 200 });
    expect(sim.requests[0]?.headers).toMatchObject({
      'x-auth-token': '[redacted]',
      accept: 'application/json',
      'user-agent': 'jobwait-elb-classic',
    });
    expect(sim.requests[0]?.headers['accept-encoding']).toBeUndefined();
  });

  it('sends the bytes an AK/SK signature was made over, so the simulator accepts it', async () => {
    const { job_id } = sim.addJob();

    const job = await getJob(job_id, { auth: akskAuth(AKSK) });

    expect(job.status).toBe('INIT');
    expect(sim.requests.map((request) => request.status)).toEqual([200]);
  });

  it.each<[string, SimulatorFault, object, object]>([
    [
      '403 of the gateway',
      { type: 'status', statusCode: 403, errorCode: 'APIGW.0302', errorMessage: 'denied' },
      { statusCode: 403, errorCode: 'APIGW.0302', errorMessage: 'denied' },
      { type: 'fatal' },
    ],
    [
      '503 of the service',
      { type: 'status', statusCode: 503, envelope: 'service' },
      { statusCode: 503 },
      { type: 'transient' },
    ],
    [
      '429 with Retry-After',
      { type: 'status', statusCode: 429, retryAfter: 3 },
      { statusCode: 429, errorCode: 'APIGW.0308', retryAfterMs: 3000 },
      { type: 'throttled', retryAfterMs: 3000 },
    ],
    [
      '404 APIGW.0101',
      { type: 'status', statusCode: 404 },
      { statusCode: 404, errorCode: 'APIGW.0101', apiNotAvailable: true },
      { type: 'fatal' },
    ],
    [
      '404 of an unknown job',
      { type: 'not-found' },
      { statusCode: 404, apiNotAvailable: false },
      { type: 'not-found' },
    ],
    [
      '302, not followed',
      { type: 'status', statusCode: 302, body: '', headers: { location: '/elsewhere' } },
      { statusCode: 302 },
      { type: 'fatal' },
    ],
  ])('reads a %s as an ElbHttpError', async (_, fault, fields, verdict) => {
    const { job_id } = sim.addJob();
    sim.setFault(fault, { times: 1 });

    const error = await failure(getJob(job_id));

    expect(error).toBeInstanceOf(ElbHttpError);
    expect(error).toMatchObject(fields);
    expect((error as ElbHttpError).requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(classifyElbError(error)).toEqual(verdict);
    expect(sim.requests).toHaveLength(1);
  });

  it('redacts the token where an error answer echoes it', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'status', statusCode: 403, errorMessage: `bad ${TOKEN}` }, { times: 1 });

    const error = await failure(getJob(job_id));

    expect(error).toMatchObject({ statusCode: 403, errorMessage: 'bad [redacted]' });
    expect((error as ElbHttpError).body).toContain('bad [redacted]');
  });

  it('refuses a 2xx body over maxResponseBytes as too-large, keeping its first bytes', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'malformed', body: `"${'x'.repeat(5000)}"` }, { times: 1 });

    const error = await failure(getJob(job_id, { maxResponseBytes: 1024 }));

    expect(error).toBeInstanceOf(ElbProtocolError);
    expect(error).toMatchObject({ problem: 'too-large', statusCode: 200 });
    expect((error as ElbProtocolError).body).toBe(`"${'x'.repeat(1023)}`);
    expect(classifyElbError(error)).toEqual({ type: 'fatal' });
  });

  it('keeps the status of a 503 whose body is over maxResponseBytes', async () => {
    const { job_id } = sim.addJob();
    const body = `<html>${'x'.repeat(8192)}</html>`;
    sim.setFault({ type: 'status', statusCode: 503, body }, { times: 1 });

    const error = await failure(getJob(job_id, { maxResponseBytes: 4096 }));

    expect(error).toBeInstanceOf(ElbHttpError);
    expect(error).toMatchObject({ statusCode: 503 });
    expect((error as ElbHttpError).body).toBe(body.slice(0, 4096));
    expect(classifyElbError(error)).toEqual({ type: 'transient' });
  });

  it('stops at maxResponseBytes of a body still coming, and drops its connection', async () => {
    const body = `{"status":"RUNNING","pad":"${'x'.repeat(64 * 1024)}`;
    server = await startAnswerServer(() => ({ statusCode: 200, body, holdOpen: true }));
    const endpoint = server.url;
    client = new ElbClient({ endpoint, auth: tokenAuth(TOKEN), transport, maxResponseBytes: 4096 });

    const error = await failure(client.getJob({ projectId: 'p1', jobId: 'j1' }));

    expect(error).toMatchObject({ problem: 'too-large', statusCode: 200 });
    expect((error as ElbProtocolError).body).toBe(body.slice(0, 4096));
    const open = server;
    expect(await eventually(async () => (await open.connections()) === 0)).toBe(true);
  });

  it('cuts a request that gets no answer at requestTimeoutMs, as transient', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'hang' }, { times: 1 });
    jest.useFakeTimers(TIMERS_ONLY);

    let settled = false;
    const request = failure(getJob(job_id, { requestTimeoutMs: 500 })).finally(() => {
      settled = true;
    });
    await eventually(async () => sim.requests.length === 1);
    jest.advanceTimersByTime(499);
    await turns(5);
    expect(settled).toBe(false);
    expect(await sim.connections()).toBe(1);
    passTimeout();
    const error = await request;

    expect(error).toBeInstanceOf(ElbNetworkError);
    expect(error).toMatchObject({ networkCode: 'ETIMEDOUT', timedOut: true, wrongEndpoint: false });
    expect(classifyElbError(error)).toEqual({ type: 'transient' });
    expect(await eventually(async () => (await sim.connections()) === 0)).toBe(true);
  });

  it('cuts a body that stalls midway at requestTimeoutMs', async () => {
    server = await startAnswerServer(() => ({
      statusCode: 200,
      body: '{"status":"RUNN',
      holdOpen: true,
    }));
    jest.useFakeTimers(TIMERS_ONLY);
    client = new ElbClient({
      endpoint: server.url,
      auth: tokenAuth(TOKEN),
      transport,
      requestTimeoutMs: 500,
    });

    const request = failure(client.getJob({ projectId: 'p1', jobId: 'j1' }));
    const open = server;
    await eventually(async () => open.requests.length === 1);
    await turns(10);
    jest.advanceTimersByTime(499);
    passTimeout();
    const error = await request;

    expect(error).toMatchObject({ networkCode: 'ETIMEDOUT', timedOut: true });
    expect(await eventually(async () => (await open.connections()) === 0)).toBe(true);
  });

  it('rejects with the signal reason when the signal aborts, closing the connection', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'hang' }, { times: 1 });
    const controller = new AbortController();
    const reason = new Error('stop');

    const request = rejectionOf(getJob(job_id, {}, controller.signal));
    await eventually(async () => sim.requests.length === 1);
    controller.abort(reason);

    expect(await request).toBe(reason);
    expect(await eventually(async () => (await sim.connections()) === 0)).toBe(true);
  });

  it('rejects with ElbClientClosedError when the client closes mid-request', async () => {
    const { job_id } = sim.addJob();
    sim.setFault({ type: 'hang' }, { times: 1 });

    const request = rejectionOf(getJob(job_id));
    await eventually(async () => sim.requests.length === 1);
    client?.close();

    expect(await request).toBeInstanceOf(ElbClientClosedError);
    expect(await eventually(async () => (await sim.connections()) === 0)).toBe(true);
  });

  it.each<[string, SimulatorFault]>([
    ['a reset connection', { type: 'reset' }],
    ['a body cut short', { type: 'truncated' }],
  ])('reads %s as ECONNRESET, transient', async (_, fault) => {
    const { job_id } = sim.addJob();
    sim.setFault(fault, { times: 1 });

    const error = await failure(getJob(job_id));

    expect(error).toBeInstanceOf(ElbNetworkError);
    expect(error).toMatchObject({ networkCode: 'ECONNRESET', timedOut: false });
    expect((error as Error).cause).toBeUndefined();
    expect(classifyElbError(error)).toEqual({ type: 'transient' });
  });

  it('reads a refused connection as ECONNREFUSED, transient', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;

    const error = await failure(getJob('j1', { endpoint }));

    expect(error).toBeInstanceOf(ElbNetworkError);
    expect(error).toMatchObject({ networkCode: 'ECONNREFUSED', timedOut: false });
    expect((error as Error).message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/v1\.0\/.* failed: /);
    expect((error as Error).cause).toBeUndefined();
    expect(classifyElbError(error)).toEqual({ type: 'transient' });
  });

  it('fails as fatal, naming the host, when the host name does not resolve', async () => {
    const url = `${URL_AWAY}/v1.0/${sim.projectId}/jobs/j1`;

    const error = await failure(
      getJob('j1', { endpoint: URL_AWAY, transport: failingLookup('ENOTFOUND') }),
    );

    expect(error).toBeInstanceOf(ElbNetworkError);
    expect(error).toMatchObject({ networkCode: 'ENOTFOUND', wrongEndpoint: true, timedOut: false });
    expect((error as Error).message).toBe(
      `GET ${url} failed: cannot resolve host elb.eu-de.example: check the cloud and region ` +
        '(or the endpoint)',
    );
    expect((error as Error).cause).toMatchObject({
      code: 'ENOTFOUND',
      message: 'getaddrinfo ENOTFOUND elb.eu-de.example',
    });
    expect(classifyElbError(error)).toEqual({ type: 'fatal' });
  });

  it('stays transient, quoting Node, when the resolver does not answer (EAI_AGAIN)', async () => {
    const url = `${URL_AWAY}/v1.0/${sim.projectId}/jobs/j1`;

    const error = await failure(
      getJob('j1', { endpoint: URL_AWAY, transport: failingLookup('EAI_AGAIN') }),
    );

    expect(error).toMatchObject({ networkCode: 'EAI_AGAIN', wrongEndpoint: false });
    expect((error as Error).message).toBe(
      `GET ${url} failed: getaddrinfo EAI_AGAIN elb.eu-de.example`,
    );
    expect((error as Error).cause).toBeUndefined();
    expect(classifyElbError(error)).toEqual({ type: 'transient' });
  });

  it('fails as fatal when https meets a plain http server', async () => {
    const endpoint = sim.url.replace(/^http:/, 'https:');

    const error = await failure(getJob('j1', { endpoint }));

    // Node says EPROTO when the request was written first (got), its OpenSSL code otherwise.
    expect(error).toMatchObject({ wrongEndpoint: true, timedOut: false });
    const { networkCode } = error as ElbNetworkError;
    expect(networkCode).toMatch(/^(EPROTO|ERR_SSL_WRONG_VERSION_NUMBER)$/);
    expect((error as Error).message).toMatch(/TLS handshake failed with .*: is the endpoint http/);
    expect((error as Error).cause).toMatchObject({ code: networkCode });
    expect(((error as Error).cause as Error).message).toMatch(/wrong version number/);
    expect(classifyElbError(error)).toEqual({ type: 'fatal' });
  });

  it('answers a body followed by stray bytes on its socket, and nothing escapes', async () => {
    const body = JSON.stringify({ status: 'RUNNING', job_id: 'j1' });
    const head = `content-type: application/json\r\ncontent-length: ${body.length}`;
    const raw = await startRawServer(`HTTP/1.1 200 OK\r\n${head}\r\n\r\n${body}garbage`);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);

    try {
      const outcome = await getJob('j1', { endpoint: raw.url }).then(
        (job) => job.status,
        (error: unknown) => error,
      );
      await turns(20);

      // Node's parser (got) fails the whole exchange on the stray bytes; undici's has read the
      // answer by then and drops the connection.
      if (name === 'got') {
        expect(outcome).toBeInstanceOf(ElbNetworkError);
        expect(outcome).toMatchObject({ networkCode: 'HPE_INVALID_CONSTANT' });
        expect(everythingShown(outcome)).not.toContain(TOKEN);
        expect(classifyElbError(outcome)).toEqual({ type: 'transient' });
      } else {
        expect(outcome).toBe('RUNNING');
      }
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await raw.close();
    }
  });

  it('fails a 101 Switching Protocols as transient ECONNRESET, and closes its socket', async () => {
    const raw = await startRawServer(
      'HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\n',
    );

    try {
      const error = await failure(getJob('j1', { endpoint: raw.url }));

      expect(error).toBeInstanceOf(ElbNetworkError);
      expect(error).toMatchObject({ networkCode: 'ECONNRESET', timedOut: false });
      expect(classifyElbError(error)).toEqual({ type: 'transient' });
      expect(await eventually(async () => raw.open() === 0)).toBe(true);
    } finally {
      await raw.close();
    }
  });

  it('leaves no connection open after close', async () => {
    const { job_id } = sim.addJob();

    await getJob(job_id);
    await client?.getJob({ projectId: sim.projectId, jobId: job_id });
    expect(await sim.connections()).toBeGreaterThan(0);
    client?.close();

    expect(await eventually(async () => (await sim.connections()) === 0)).toBe(true);
  });

  it('keeps a connection alive from one request to the next', async () => {
    server = await startAnswerServer(() => ({ statusCode: 200, body: { status: 'RUNNING' } }));
    const endpoint = server.url;
    client = new ElbClient({ endpoint, auth: tokenAuth(TOKEN), transport, maxSockets: 1 });

    for (const jobId of ['a', 'b', 'c']) {
      await client.getJob({ projectId: 'p1', jobId });
    }

    expect(server.requests).toHaveLength(3);
    expect(server.accepted()).toBe(1);
  });

  it('opens no more than maxSockets connections at once', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server = await startAnswerServer(async () => {
      await gate;
      return { statusCode: 200, body: { status: 'RUNNING' } };
    });
    const open = server;
    client = new ElbClient({
      endpoint: open.url,
      auth: tokenAuth(TOKEN),
      transport,
      maxSockets: 2,
    });
    const shared = client;

    const polls = ['a', 'b', 'c', 'd', 'e'].map((jobId) =>
      shared.getJob({ projectId: 'p1', jobId }),
    );
    await eventually(async () => open.requests.length === 2);
    await turns(20);
    expect(open.requests).toHaveLength(2);
    expect(await open.connections()).toBe(2);
    release();

    const jobs = await Promise.all(polls);
    expect(jobs.map((job) => job.status)).toEqual(Array(5).fill('RUNNING'));
    expect(open.requests).toHaveLength(5);
    expect(open.accepted()).toBe(2);
  });

  it('carries a whole wait on the simulator, a 503 retried on the way', async () => {
    const clock = virtualClock({ startMs: Date.parse('2024-05-14T08:00:00.000Z') });
    await sim.close();
    sim = await startSimulator({ token: TOKEN, clock });
    const created = sim.addJob({
      timeline: [
        { status: 'INIT', forMs: 4000 },
        { status: 'RUNNING', forMs: 8000 },
        { status: 'SUCCESS' },
      ],
    });
    sim.setFault({ type: 'status', statusCode: 503 }, { times: 1 });
    let onWire = 0;

    const wait = waitForElbJob({
      endpoint: sim.url,
      token: TOKEN,
      projectId: sim.projectId,
      jobId: created,
      transport,
      clock,
      // A retry inside a poll would wait on the virtual clock, which moves only between polls.
      pollRetries: 0,
      on: { 'poll:start': () => (onWire += 1), 'poll:end': () => (onWire -= 1) },
    });
    const busy = () => onWire > 0;
    const result = await driveUntilSettled(clock, wait, { busy, forMs: 120_000, stepMs: 250 });

    expect(result.observation.status).toBe('SUCCESS');
    expect(result.entities?.kind).toBe('createELB');
    expect(sim.requests[0]).toMatchObject({ status: 503, fault: 'status' });
    expect(sim.requests.slice(1).map((request) => request.status)).toEqual(
      Array(sim.requests.length - 1).fill(200),
    );
    expect(await eventually(async () => (await sim.connections()) === 0)).toBe(true);
  });
});
