import dns from 'node:dns';
import { request } from 'node:http';
import { connect } from 'node:net';

import { afterEach, describe, expect, it } from '@jest/globals';

import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/testing/index.js';
import { everythingShown, eventually, fixture, ManualClock, rejectionOf } from '../helpers.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// An SK that no error may show.
const HIDDEN_SK = 'hidden-sk-value-7c2d';

let sim: Simulator | undefined;

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator(options);

  return sim;
}

/** One GET with node:http, without keep-alive, so each test sees the server's plain answer. */
function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, sim?.url);

  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function jobPath(s: Simulator, jobId: string): string {
  return `/v1.0/${s.projectId}/jobs/${jobId}`;
}

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('startSimulator', () => {
  it('listens on 127.0.0.1 on a free port by default', async () => {
    const s = await start();

    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.projectId).toBe('3f0c9a1e6b7d4c2a9e8f1a2b3c4d5e6f');
  });

  it('serves a timeline by its clock', async () => {
    const clock = new ManualClock();
    const s = await start({ clock });
    const { job_id } = s.addJob({
      timeline: [
        { status: 'INIT', forMs: 1000 },
        { status: 'RUNNING', forMs: 5000 },
        { status: 'SUCCESS' },
      ],
    });
    const statuses: string[] = [];

    for (const advance of [0, 1000, 4999, 1]) {
      clock.advance(advance);
      statuses.push(
        (JSON.parse((await get(jobPath(s, job_id))).body) as { status: string }).status,
      );
    }

    expect(statuses).toEqual(['INIT', 'RUNNING', 'RUNNING', 'SUCCESS']);
    expect(s.requests.map((r) => r.time - s.requests[0]!.time)).toEqual([0, 1000, 5999, 6000]);
  });

  it('serves the jobs it was started with', async () => {
    const s = await start({ jobs: [{ jobId: 'ff8080827a1b2c3d017a1b2c3d4e0001' }] });

    expect((await get(jobPath(s, 'ff8080827a1b2c3d017a1b2c3d4e0001'))).status).toBe(200);
  });

  it('answers like a create call when a job is added', async () => {
    const s = await start();
    const created = s.addJob({ jobId: 'ff8080827a1b2c3d017a1b2c3d4e0001' });

    expect(created).toEqual(fixture('create-response.json'));
    expect(() => s.addJob({ jobId: created.job_id })).toThrow(/to be new/);
  });

  it('answers an unknown path with the gateway 404 APIGW.0101', async () => {
    const s = await start();
    const answer = await get(`/v1/${s.projectId}/jobs/x`);
    const body = JSON.parse(answer.body) as Record<string, string>;

    expect(answer.status).toBe(404);
    expect(body).toMatchObject({ error_code: 'APIGW.0101' });
    expect(body['request_id']).toBe(answer.headers['x-request-id']);
  });

  it('answers an unknown job with a 404 in the service envelope', async () => {
    const s = await start();
    const answer = await get(jobPath(s, 'nope'));

    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SIM.JOB_NOT_FOUND' } });
  });

  it.each([
    ['0.0.0.0', { host: '0.0.0.0' }, TypeError],
    ['a port out of range', { port: 70_000 }, RangeError],
    ['a bad project id', { projectId: 'a/b' }, TypeError],
    ['a token with a line break', { token: 'a\nb' }, TypeError],
    ['a clock without now', { clock: {} }, TypeError],
  ])('refuses %s', async (_, options, type) => {
    await expect(startSimulator(options as SimulatorOptions)).rejects.toThrow(type);
  });

  it.each([
    ['127.999.0.1', 'an octet over 255'],
    ['127.0.0.256', 'a last octet over 255'],
    ['127.0.1', 'three parts'],
    ['127.0.0.01', 'a leading zero'],
    ['128.0.0.1', 'an address outside 127.0.0.0/8'],
    ['elb.example', 'a host name'],
  ])('refuses the host %p when it has %s', async (host) => {
    await expect(startSimulator({ host })).rejects.toThrow(
      /^Expected option `host` to be a loopback address/,
    );
  });

  it('listens on another loopback address when it is given one', async () => {
    const s = await start({ host: '127.0.0.2' });

    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    expect((await get('/x')).status).toBe(404);
  });

  it('listens on 127.0.0.1 when given localhost, whatever DNS would answer', async () => {
    // A hosts file can map localhost anywhere; here it maps it to every interface.
    const lookup = dns.lookup;
    const looked: string[] = [];
    dns.lookup = ((hostname: string, ...rest: unknown[]) => {
      looked.push(hostname);
      if (hostname !== 'localhost')
        return (lookup as (...args: unknown[]) => void)(hostname, ...rest);
      const callback = rest.at(-1) as (error: null, address: string, family: number) => void;
      callback(null, '0.0.0.0', 4);
    }) as typeof dns.lookup;

    try {
      const s = await start({ host: 'localhost' });

      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(looked).not.toContain('localhost');
    } finally {
      dns.lookup = lookup;
    }
  });

  it.each([
    [
      'a misspelt option',
      { throttel: { limit: 1, windowMs: 1 } },
      'Unknown option `throttel`; ' +
        'known: port, host, projectId, token, aksk, jobs, clock, throttle, scenario',
    ],
    ['a snake_case option', { project_id: 'p' }, /`project_id` \(did you mean `projectId`\?\)/],
    [
      'a key pair with an unknown field',
      { aksk: [{ ak: 'AK-1', sk: HIDDEN_SK, secret: HIDDEN_SK }] },
      'Unknown option `aksk[0].secret`; known: ak, sk',
    ],
    [
      'a key pair that is a string',
      { aksk: [`AK-1:${HIDDEN_SK}`] },
      /^Expected option `aksk\[0\]` to be an object \{ ak, sk \}/,
    ],
  ])('refuses %s with a TypeError naming it, never showing an SK', async (_, options, message) => {
    const error = await rejectionOf(startSimulator(options as SimulatorOptions));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
    expect(everythingShown(error)).not.toContain(HIDDEN_SK);
  });

  it.each([
    ['projectId', { projectId: `${HIDDEN_SK}/` }],
    ['a job id', { jobs: [{ jobId: `${HIDDEN_SK}/` }] }],
    ['the throttle', { throttle: { limit: HIDDEN_SK, windowMs: 1 } }],
  ])('never shows an SK of its key pairs that %s repeats', async (_, options) => {
    const aksk = [{ ak: 'AK-1', sk: HIDDEN_SK }];
    const error = await rejectionOf(startSimulator({ aksk, ...options } as SimulatorOptions));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('got "[redacted]');
    expect(everythingShown(error)).not.toContain(HIDDEN_SK);
  });

  it.each([
    ['null', null, /^Expected option `jobs` to be an array of job specs, got null$/],
    ['an object', {}, /^Expected option `jobs` to be an array of job specs, got a value/],
    [
      'a job with a snake_case step',
      [{}, { timeline: [{ status: 'FAIL', error_code: 'x' }] }],
      /`jobs\[1\]\.timeline\[0\]\.error_code` \(did you mean `errorCode`\?\)/,
    ],
    [
      'a job with a BigInt body',
      [{ timeline: [{ status: 'SUCCESS', body: { n: 1n } }] }],
      /`jobs\[0\]\.timeline\[0\]\.body` to be serialisable/,
    ],
    ['two jobs with one id', [{ jobId: 'a' }, { jobId: 'a' }], /`jobs\[1\]\.jobId` to be new/],
  ])('refuses jobs that are %s with a TypeError naming the field', async (_, jobs, message) => {
    const error = await rejectionOf(startSimulator({ jobs: jobs as never }));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('the simulator checks of a running simulator', () => {
  it('never show its token or SK when addJob, setFault or setThrottle repeat one', async () => {
    const token = 'hidden-token-3b8e';
    const s = await start({ token, aksk: [{ ak: 'AK-1', sk: HIDDEN_SK }] });
    const errors = [
      () => s.addJob({ jobId: `${HIDDEN_SK}/` }),
      () => s.setFault({ type: 'delay', delayMs: token as never }),
      () => s.setThrottle({ limit: HIDDEN_SK as never, windowMs: 1 }),
    ].map((call) => {
      try {
        call();
      } catch (error) {
        return error;
      }

      return undefined;
    });

    expect(errors.map((error) => (error as Error).message)).toEqual([
      expect.stringMatching(/^Expected option `jobId` .*, got "\[redacted\]\/"$/),
      'Expected option `fault.delayMs` to be a number, got "[redacted]"',
      'Expected option `throttle.limit` to be a number, got "[redacted]"',
    ]);
    expect(errors.map(everythingShown).join('\n')).not.toMatch(/hidden-(sk|token)/);
  });
});

describe('the simulator request handler', () => {
  /** A clock that throws while `broken` is set. */
  function breakableClock() {
    const clock = {
      broken: false,
      now(): number {
        if (clock.broken) throw new Error('clock broke');

        return Date.parse('2024-05-14T08:00:00Z');
      },
    };

    return clock;
  }

  it('answers 500 and records why when answering throws, then serves again', async () => {
    const clock = breakableClock();
    const s = await start({ clock });
    const { job_id } = s.addJob();

    clock.broken = true;
    const failed = await get(jobPath(s, job_id));
    clock.broken = false;
    const served = await get(jobPath(s, job_id));

    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.body)).toMatchObject({
      error_code: 'SIM.INTERNAL_ERROR',
      error_msg: 'The simulator failed to answer this request: clock broke',
    });
    expect(s.requests[0]).toMatchObject({ status: 500, error: 'clock broke' });
    expect(s.requests[0]?.time).toBeNaN();
    expect(served.status).toBe(200);
    expect(s.requests[1]).toMatchObject({ status: 200, error: undefined });
  });

  it('answers 500 when answering throws after a delay fault', async () => {
    const clock = breakableClock();
    const s = await start({ clock });
    const { job_id } = s.addJob();
    s.setFault({ type: 'delay', delayMs: 50 }, { times: 1 });

    const answer = get(jobPath(s, job_id));
    expect(await eventually(async () => s.requests.length === 1)).toBe(true);
    clock.broken = true;

    expect((await answer).status).toBe(500);
    expect(s.requests[0]).toMatchObject({ fault: 'delay', status: 500, error: 'clock broke' });
  });

  it('refuses a fault whose header has a line break, and goes on serving', async () => {
    const s = await start();
    const { job_id } = s.addJob();

    expect(() =>
      s.setFault({ type: 'status', statusCode: 503, headers: { 'x-a': 'a\r\nb' } }),
    ).toThrow(/`fault.headers\["x-a"\]`/);
    expect((await get(jobPath(s, job_id))).status).toBe(200);
  });
});

describe('the simulator token check', () => {
  it('answers 401 in the gateway envelope for a missing or wrong token', async () => {
    const s = await start({ token: 'good' });
    const { job_id } = s.addJob();

    const missing = await get(jobPath(s, job_id));
    const wrong = await get(jobPath(s, job_id), { 'x-auth-token': 'bad' });
    const right = await get(jobPath(s, job_id), { 'x-auth-token': 'good' });

    expect([missing.status, wrong.status, right.status]).toEqual([401, 401, 200]);
    expect(JSON.parse(missing.body)).toMatchObject({ error_code: 'APIGW.0301' });
    expect(JSON.parse(wrong.body)).toMatchObject({
      error_code: 'APIGW.0307',
      error_msg: 'The token must be updated.',
    });
  });

  it('redacts the token in the request log', async () => {
    const s = await start({ token: 'good' });

    await get('/x', { 'x-auth-token': 'good', authorization: 'SDK-HMAC-SHA256 Access=ak' });

    expect(s.requests[0]?.headers).toMatchObject({
      'x-auth-token': '[redacted]',
      authorization: '[redacted]',
    });
    expect(JSON.stringify(s.requests)).not.toContain('good');
  });

  it('follows a changed token', async () => {
    const s = await start({ token: 'one' });
    const { job_id } = s.addJob();
    s.setToken('two');

    expect((await get(jobPath(s, job_id), { 'x-auth-token': 'one' })).status).toBe(401);
    s.setToken(undefined);
    expect((await get(jobPath(s, job_id))).status).toBe(200);
  });
});

describe('the simulator faults', () => {
  it('injects a status with the service envelope and Retry-After', async () => {
    const s = await start();
    const { job_id } = s.addJob();
    s.setFault(
      { type: 'status', statusCode: 503, envelope: 'service', retryAfter: 2 },
      { jobId: job_id, times: 1 },
    );

    const faulty = await get(jobPath(s, job_id));
    const healthy = await get(jobPath(s, job_id));

    expect(faulty.status).toBe(503);
    expect(faulty.headers['retry-after']).toBe('2');
    expect(JSON.parse(faulty.body)).toEqual({
      error: { code: 'SIM.503', message: 'Service Unavailable' },
    });
    expect(healthy.status).toBe(200);
    expect(s.requests.map((r) => [r.status, r.fault])).toEqual([
      [503, 'status'],
      [200, undefined],
    ]);
  });

  it('injects the model 429 body of the gateway by default', async () => {
    const s = await start();
    s.setFault({ type: 'status', statusCode: 429 });

    const answer = await get('/anything');

    expect(JSON.parse(answer.body)).toMatchObject({
      error_code: 'APIGW.0308',
      request_id: answer.headers['x-request-id'],
    });
  });

  it('serves a given error body verbatim', async () => {
    const s = await start();
    s.setFault({ type: 'status', statusCode: 500, body: 'upstream exploded' });

    expect(await get('/x')).toMatchObject({ status: 500, body: 'upstream exploded' });
  });

  it('injects a malformed body', async () => {
    const s = await start();
    const { job_id } = s.addJob();
    s.setFault({ type: 'malformed', body: '{"status":' }, { times: 1 });

    expect(await get(jobPath(s, job_id))).toMatchObject({ status: 200, body: '{"status":' });
  });

  it('delays an answer', async () => {
    const s = await start();
    const { job_id } = s.addJob();
    s.setFault({ type: 'delay', delayMs: 30 }, { times: 1 });
    const started = performance.now();

    const answer = await get(jobPath(s, job_id));

    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('resets the connection', async () => {
    const s = await start();
    s.setFault({ type: 'reset' }, { times: 1 });

    await expect(get('/x')).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(s.requests[0]).toMatchObject({ status: undefined, fault: 'reset' });
  });

  it('hangs until closed, and leaves no connection behind', async () => {
    const s = await start();
    s.setFault({ type: 'hang' });

    const hanging = get('/x').catch((error: unknown) => error);
    await eventually(async () => s.requests.length === 1);
    expect(await s.connections()).toBe(1);
    await s.close();

    expect(await hanging).toMatchObject({ code: 'ECONNRESET' });
    expect(s.requests[0]).toMatchObject({ status: undefined, fault: 'hang' });
  });

  it('clears faults', async () => {
    const s = await start();
    s.setFault({ type: 'status', statusCode: 500 });
    s.clearFaults();

    expect((await get('/x')).status).toBe(404);
  });
});

/** Sends one GET over a bare socket and returns every byte the server sent before it closed. */
function rawGet(path: string): Promise<string> {
  const { hostname, port } = new URL(sim?.url ?? '');

  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.end(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
}

describe('the simulator truncated and not-found faults', () => {
  it('declares the whole body but sends only part of it, then closes', async () => {
    const s = await start({ clock: new ManualClock() });
    const { job_id } = s.addJob({ timeline: [{ status: 'RUNNING' }] });
    s.setFault({ type: 'truncated' }, { jobId: job_id, times: 1 });

    const [head = '', body = ''] = (await rawGet(jobPath(s, job_id))).split('\r\n\r\n');
    const whole = await get(jobPath(s, job_id));
    const declared = Number(/content-length: (\d+)/i.exec(head)?.[1]);

    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(declared).toBe(Buffer.byteLength(whole.body));
    expect(body).toBe(whole.body.slice(0, Math.floor(declared / 2)));
    expect(s.requests.map((r) => [r.fault, r.status])).toEqual([
      ['truncated', 200],
      [undefined, 200],
    ]);
  });

  it('cuts the body it is given after sentBytes bytes', async () => {
    const s = await start();
    s.setFault({ type: 'truncated', statusCode: 502, body: '{"status":"x"}', sentBytes: 3 });

    const [head = '', body = ''] = (await rawGet('/anything')).split('\r\n\r\n');

    expect(head).toMatch(/^HTTP\/1\.1 502 [^]*content-length: 14/i);
    expect(body).toBe('{"s');
  });

  it('answers a job that exists with the 404 of one that does not', async () => {
    const s = await start();
    const { job_id } = s.addJob();
    s.setFault({ type: 'not-found' }, { jobId: job_id, times: 1 });

    const hidden = await get(jobPath(s, job_id));
    const visible = await get(jobPath(s, job_id));

    expect(hidden.status).toBe(404);
    expect(JSON.parse(hidden.body)).toEqual({
      error: {
        code: 'SIM.JOB_NOT_FOUND',
        message: `Job ${job_id} of project ${s.projectId} does not exist`,
      },
    });
    expect(visible.status).toBe(200);
  });
});

describe('the simulator throttle', () => {
  it('answers the request over the limit with 429 APIGW.0308 and Retry-After', async () => {
    const clock = new ManualClock();
    const s = await start({ clock, throttle: { limit: 2, windowMs: 5000 } });
    const { job_id } = s.addJob();

    const statuses = [(await get(jobPath(s, job_id))).status];
    clock.advance(1200);
    statuses.push((await get(jobPath(s, job_id))).status);
    clock.advance(1000);
    const throttled = await get(jobPath(s, job_id));
    clock.advance(2800);
    statuses.push(throttled.status, (await get(jobPath(s, job_id))).status);

    expect(statuses).toEqual([200, 200, 429, 200]);
    expect(throttled.headers['retry-after']).toBe('3');
    expect(JSON.parse(throttled.body)).toEqual({
      error_code: 'APIGW.0308',
      error_msg:
        'The throttling threshold has been reached: ' +
        'policy api over ratelimit,limit:2,time:5 second',
      request_id: throttled.headers['x-request-id'],
    });
    expect(s.requests.map((r) => [r.time - clock.now(), r.throttled, r.jobId])).toEqual([
      [-5000, false, job_id],
      [-3800, false, job_id],
      [-2800, true, job_id],
      [0, false, job_id],
    ]);
  });

  it('throttles before faults, so a throttled request spends no fault', async () => {
    const s = await start({ throttle: { limit: 0, windowMs: 60_000 } });
    s.setFault({ type: 'reset' }, { times: 1 });

    const throttled = await get('/x');
    s.setThrottle(undefined);

    expect(throttled.status).toBe(429);
    await expect(get('/x')).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(s.requests.map((r) => [r.throttled, r.fault])).toEqual([
      [true, undefined],
      [false, 'reset'],
    ]);
  });

  it('keeps a window per project when per is project', async () => {
    await start({ throttle: { limit: 1, windowMs: 60_000, per: 'project' } });

    const statuses = [];
    for (const project of ['p-1', 'p-2', 'p-1']) {
      statuses.push((await get(`/v1.0/${project}/jobs/j`)).status);
    }

    expect(statuses).toEqual([404, 404, 429]);
  });

  it('starts fresh windows when set again, and refuses an invalid throttle', async () => {
    const s = await start({ throttle: { limit: 1, windowMs: 60_000 } });
    await get('/x');
    s.setThrottle({ limit: 1, windowMs: 60_000 });

    expect((await get('/x')).status).toBe(404);
    expect(() => s.setThrottle({ limit: 1, windowMs: 0 })).toThrow(/`throttle.windowMs`/);
    await expect(startSimulator({ throttle: { limit: -1, windowMs: 1 } })).rejects.toThrow(
      /`throttle.limit`/,
    );
  });
});

describe('the simulator jobIds', () => {
  it('lists the jobs served, in the order they were added', async () => {
    const s = await start({ jobs: [{ jobId: 'b-1' }, { jobId: 'a-1' }] });
    const { job_id } = s.addJob();

    expect(s.jobIds).toEqual(['b-1', 'a-1', job_id]);
  });
});
