import { request as httpRequest } from 'node:http';

import { afterEach, describe, expect, it } from '@jest/globals';
import { constantBackoff } from '@jobwait/core';

import { akskAuth, type AkskAuthOptions } from '../../src/aksk-auth.js';
import { ElbClient } from '../../src/client.js';
import { ElbHttpError } from '../../src/errors.js';
import { REDACTED, startSimulator, type Simulator } from '../../src/testing/index.js';
import { waitForElbJob } from '../../src/wait-for-elb-job.js';
import { everythingShown, ManualClock, rejectionOf } from '../helpers.js';

const AK = 'QTWAOYTTINDUT2QVKYUC';
const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const SECURITY_TOKEN = 'gQpzZWN1cml0eS10b2tlbi1vZi10ZW1wb3JhcnktY3JlZGVudGlhbHM';
const SIGNATURE_FAIL = 'Incorrect IAM authentication information: verify aksk signature fail';

interface Answer {
  status: number;
  requestId: string | undefined;
  body: Record<string, unknown>;
}

interface Sent {
  path: string;
  headers: Record<string, string>;
  body: string;
}

let sim: Simulator | undefined;
let client: ElbClient | undefined;

afterEach(async () => {
  client?.close();
  await sim?.close();
  sim = client = undefined;
});

async function start(clock = new ManualClock()): Promise<Simulator> {
  sim = await startSimulator({ aksk: [{ ak: AK, sk: SK }], clock });

  return sim;
}

function jobPath(s: Simulator, jobId: string): string {
  return `/v1.0/${s.projectId}/jobs/${jobId}`;
}

/** The headers akskAuth gives for a GET of `path` with `body`, as the client would send it. */
async function signedFor(s: Simulator, path: string, body: string, options = {}): Promise<Sent> {
  const auth = akskAuth({ ak: AK, sk: SK, ...options });
  const headers = { 'content-type': 'application/json' };
  const url = new URL(path, s.url);
  const credentials = await auth.authorize({
    method: 'GET',
    url,
    headers,
    body: new TextEncoder().encode(body),
  });

  return { path, headers: { ...headers, ...credentials }, body };
}

/** Sends a GET with node:http, with no keep-alive and the body given. */
function send(s: Simulator, { path, headers, body }: Sent): Promise<Answer> {
  const length = { 'content-length': String(Buffer.byteLength(body)) };

  return new Promise((resolve, reject) => {
    const options = { method: 'GET', headers: { ...headers, ...length }, agent: false };
    const req = httpRequest(new URL(path, s.url), options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const requestId = res.headers['x-request-id'] as string | undefined;
        resolve({ status: res.statusCode ?? 0, requestId, body: JSON.parse(text) as never });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('AK/SK signing against the simulator', () => {
  it.each([
    ['access', {}],
    ['credential', { form: 'credential', region: 'eu-de' }],
  ] as const)('accepts requests the ElbClient signs in the %s form', async (_, form) => {
    const clock = new ManualClock();
    const s = await start(clock);
    const { job_id } = s.addJob({ timeline: [{ status: 'SUCCESS' }] });
    const auth = akskAuth({
      ak: AK,
      sk: SK,
      ...form,
      projectId: s.projectId,
      clock: () => clock.now(),
    });
    client = new ElbClient({ endpoint: s.url, auth });

    const job = await client.getJob({ projectId: s.projectId, jobId: job_id });

    expect(job.status).toBe('SUCCESS');
    expect(s.requests[0]?.headers).toMatchObject({
      authorization: REDACTED,
      'x-project-id': s.projectId,
    });
    expect(s.requests[0]?.headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('answers 200 to a signed request sent as it was signed', async () => {
    const s = await start();
    const { job_id } = s.addJob({ timeline: [{ status: 'RUNNING' }] });
    const clock = () => Date.parse('2024-05-14T08:12:03Z');

    const answer = await send(s, await signedFor(s, jobPath(s, job_id), '{"a":1}', { clock }));

    expect(answer.status).toBe(200);
    expect(answer.body['status']).toBe('RUNNING');
  });

  it.each([
    ['body', (sent: Sent) => ({ ...sent, body: '{"a":2}' })],
    ['path', (sent: Sent) => ({ ...sent, path: sent.path.replace(/\/[^/]+$/, '/other') })],
    ['query', (sent: Sent) => ({ ...sent, path: `${sent.path}?limit=1` })],
    [
      'date',
      (sent: Sent) => ({ ...sent, headers: { ...sent.headers, 'x-sdk-date': '20240514T081204Z' } }),
    ],
  ])('answers the gateway 401 when the %s changed after signing', async (_, change) => {
    const s = await start();
    const { job_id } = s.addJob({ timeline: [{ status: 'RUNNING' }] });
    s.addJob({ jobId: 'other', timeline: [{ status: 'RUNNING' }] });
    const clock = () => Date.parse('2024-05-14T08:12:03Z');
    const signed = await signedFor(s, jobPath(s, job_id), '{"a":1}', { clock });

    const answer = await send(s, change(signed));

    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      error_code: 'APIGW.0301',
      error_msg: `${SIGNATURE_FAIL}, the signature does not match the request`,
      request_id: answer.requestId,
    });
  });

  it('answers the gateway 401 when the signature has expired', async () => {
    const s = await start();
    const { job_id } = s.addJob({ timeline: [{ status: 'RUNNING' }] });
    const clock = () => Date.parse('2024-05-14T07:56:02Z');

    const answer = await send(s, await signedFor(s, jobPath(s, job_id), '', { clock }));

    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({
      error_code: 'APIGW.0301',
      error_msg:
        'Incorrect IAM authentication information: signature expired, ' +
        'signature time:20240514T075602Z,server time:20240514T081203Z',
    });
  });

  it('keeps the dates of an expired signature readable in the client error', async () => {
    const s = await start();
    const { job_id } = s.addJob({ timeline: [{ status: 'RUNNING' }] });
    const clock = () => Date.parse('2024-05-14T07:56:02Z');
    client = new ElbClient({ endpoint: s.url, auth: akskAuth({ ak: AK, sk: SK, clock }) });

    const error = await rejectionOf(client.getJob({ projectId: s.projectId, jobId: job_id }));

    expect(error).toBeInstanceOf(ElbHttpError);
    expect((error as ElbHttpError).errorMessage).toBe(
      'Incorrect IAM authentication information: signature expired, ' +
        'signature time:20240514T075602Z,server time:20240514T081203Z',
    );
  });

  it('answers the gateway 401 when the AK is unknown', async () => {
    const s = await start();
    const { job_id } = s.addJob({ timeline: [{ status: 'RUNNING' }] });
    const signed = await signedFor(s, jobPath(s, job_id), '', { clock: () => Date.now() });
    const authorization = signed.headers['authorization']?.replace(AK, 'UNKNOWNAK') ?? '';

    const answer = await send(s, { ...signed, headers: { ...signed.headers, authorization } });

    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({
      error_code: 'APIGW.0301',
      error_msg:
        'Incorrect IAM authentication information: Get secretKey failed,ak:******,err:ak not exist',
    });
  });

  it('signs a retried request afresh, with a new X-Sdk-Date', async () => {
    const clock = new ManualClock();
    const s = await start(clock);
    const { job_id } = s.addJob({ timeline: [{ status: 'SUCCESS' }] });
    s.setFault({ type: 'status', statusCode: 503 }, { times: 1 });
    // Each signature reads a time one second later, as a retry would.
    const ticking = () => {
      clock.advance(1000);
      return clock.now();
    };

    const result = await waitForElbJob({
      endpoint: s.url,
      auth: akskAuth({ ak: AK, sk: SK, clock: ticking }),
      projectId: s.projectId,
      jobId: job_id,
      initialDelayMs: 0,
      minDelayMs: 1,
      maxDelayMs: 20,
      backoff: constantBackoff({ delayMs: 1 }),
      pollRetryDelayMs: 1,
    });

    expect(result.observation.status).toBe('SUCCESS');
    expect(s.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(s.requests.map((r) => r.headers['x-sdk-date'])).toEqual([
      '20240514T081204Z',
      '20240514T081205Z',
    ]);
    expect(s.requests.map((r) => r.headers['authorization'])).toEqual([REDACTED, REDACTED]);
  });
});

describe('AK/SK secrets', () => {
  it('never shows the SK or the security token in errors or the request log', async () => {
    const s = await start();
    const { job_id } = s.addJob({ timeline: [{ status: 'RUNNING' }] });
    const options: AkskAuthOptions = {
      ak: AK,
      sk: `${SK}-wrong`,
      securityToken: SECURITY_TOKEN,
      clock: Date.now,
    };
    client = new ElbClient({ endpoint: s.url, auth: akskAuth(options) });

    const error = await rejectionOf(client.getJob({ projectId: s.projectId, jobId: job_id }));

    expect(error).toBeInstanceOf(ElbHttpError);
    expect(error).toMatchObject({ statusCode: 401, errorCode: 'APIGW.0301' });
    expect(s.requests[0]?.headers['x-security-token']).toBe(REDACTED);
    for (const shown of [everythingShown(error), JSON.stringify(s.requests)]) {
      expect(shown).not.toContain(SK);
      expect(shown).not.toContain(SECURITY_TOKEN);
    }
  });
});

describe('the simulator option aksk', () => {
  it.each([
    ['a key pair written as one string', `${AK}:${SK}`, 'a value of type string'],
    ['an object', { [AK]: SK }, 'a value of type object'],
    ['null', null, 'null'],
  ])('refuses %s by its type, without showing it', async (_, aksk, got) => {
    const error = await rejectionOf(startSimulator({ aksk: aksk as never }));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      `Expected option \`aksk\` to be an array of { ak, sk }, got ${got}`,
    );
    expect(everythingShown(error)).not.toContain(SK);
  });
});
