import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import { afterEach, describe, expect, it } from '@jest/globals';

import { classifyElbError } from '../src/classify.js';
import { ElbNetworkError } from '../src/errors.js';
import { httpGet } from '../src/http-get.js';
import { startAnswerServer, type AnswerServer } from './answer-server.js';
import { eventually, everythingShown, rejectionOf } from './helpers.js';

const TOKEN = 'MIIsecret-token-of-http-get';
const URL_AWAY = 'http://elb.eu-de.example/v1.0/p1/jobs/j1';

let agents: { http: HttpAgent; https: HttpsAgent };
let server: AnswerServer | undefined;

afterEach(async () => {
  agents.http.destroy();
  agents.https.destroy();
  await server?.close();
  server = undefined;
});

/** Agents whose name lookup fails with Node's `code`, as the resolver would: no DNS is asked. */
function failingLookup(code: string): typeof agents {
  const lookup = (hostname: string, _options: unknown, done: (error: Error) => void) => {
    const error = Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), {
      code,
      syscall: 'getaddrinfo',
      hostname,
    });
    process.nextTick(done, error);
  };

  return { http: new HttpAgent({ lookup } as object), https: new HttpsAgent({ lookup } as object) };
}

function get(url: string, maxBytes = 4096) {
  const headers = { 'x-auth-token': TOKEN };

  return httpGet({ url, headers, agents, timeoutMs: 5000, maxBytes, secrets: [TOKEN] });
}

describe('httpGet when the endpoint is wrong', () => {
  it('fails as fatal, naming the host, when the host name does not resolve', async () => {
    agents = failingLookup('ENOTFOUND');

    const error = await rejectionOf(get(URL_AWAY));

    expect(error).toBeInstanceOf(ElbNetworkError);
    expect(error).toMatchObject({ networkCode: 'ENOTFOUND', wrongEndpoint: true });
    expect((error as Error).message).toBe(
      `GET ${URL_AWAY} failed: cannot resolve host elb.eu-de.example: check the cloud and ` +
        'region (or the endpoint)',
    );
    expect((error as Error).cause).toMatchObject({
      code: 'ENOTFOUND',
      message: 'getaddrinfo ENOTFOUND elb.eu-de.example',
    });
    expect(classifyElbError(error)).toEqual({ type: 'fatal' });
    expect(everythingShown(error)).not.toContain(TOKEN);
  });

  it('stays transient, quoting Node, when the resolver does not answer (EAI_AGAIN)', async () => {
    agents = failingLookup('EAI_AGAIN');

    const error = await rejectionOf(get(URL_AWAY));

    expect(error).toMatchObject({ networkCode: 'EAI_AGAIN', wrongEndpoint: false });
    expect((error as Error).message).toBe(
      `GET ${URL_AWAY} failed: getaddrinfo EAI_AGAIN elb.eu-de.example`,
    );
    expect((error as Error).cause).toBeUndefined();
    expect(classifyElbError(error)).toEqual({ type: 'transient' });
  });
});

describe('httpGet with a body over the size cap', () => {
  it('returns the status and the first bytes, and closes the connection', async () => {
    agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent() };
    const body = `${'a'.repeat(4000)}${'b'.repeat(60_000)}`;
    server = await startAnswerServer(() => ({ statusCode: 503, body }));

    const response = await get(`${server.url}/v1.0/p1/jobs/j1`, 4096);

    expect(response).toMatchObject({ statusCode: 503, truncated: true });
    expect(response.body).toBe(`${'a'.repeat(4000)}${'b'.repeat(96)}`);
    const open = server;
    expect(await eventually(async () => (await open.connections()) === 0)).toBe(true);
  });

  it('returns the whole body when it is exactly at the cap', async () => {
    agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent() };
    server = await startAnswerServer(() => ({ statusCode: 200, body: 'x'.repeat(4096) }));

    const response = await get(`${server.url}/v1.0/p1/jobs/j1`, 4096);

    expect(response).toMatchObject({ statusCode: 200, truncated: false });
    expect(response.body).toHaveLength(4096);
  });
});
