import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import got from 'got';

import { Waiter, constantBackoff, stateSets, type JobSource } from '@jobwait/core';

import { logReporter } from '../../src/log/log-reporter.js';
import { captureRecords } from './capture-records.js';

/** A token with characters that percent-encoding changes, as IAM tokens have. */
const TOKEN = 'MIIEhw+tok/EN==';

/**
 * A loopback server that answers every request with an error whose message echoes the token
 * it was sent, raw and percent-encoded: for each path, first a 503, then a 401.
 */
function echoingServer(): Server {
  const requestsByPath = new Map<string, number>();

  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const requests = (requestsByPath.get(path) ?? 0) + 1;
    requestsByPath.set(path, requests);
    const sent = String(req.headers['x-auth-token']);
    const [status, code] = requests === 1 ? [503, 'SVC.0503'] : [401, 'APIGW.0301'];
    const message = `token ${sent} (${encodeURIComponent(sent)}) was not accepted`;

    res.writeHead(status, {
      'content-type': 'application/json',
      'x-request-id': `req-${requests}`,
    });
    res.end(JSON.stringify({ error: { code, message } }));
  });
}

/** The error a careless adapter throws: the server's message, and the request it sent. */
class ServerError extends Error {
  override readonly name = 'ServerError';
  constructor(
    message: string,
    readonly code: string,
    readonly statusCode: number,
    readonly request: { headers: Record<string, string> },
  ) {
    super(message);
  }
}

interface Body {
  status?: string;
  error?: { code: string; message: string };
}

let server: Server;
let origin: string;

beforeAll(async () => {
  server = echoingServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A job source that polls `/jobs/{id}` on the server with the token in a header. */
function source(id: string): JobSource<Body> {
  const headers = { 'x-auth-token': TOKEN };

  return {
    id,
    kind: 'loopback',
    async poll({ signal }) {
      const response = await got<Body>(`${origin}/jobs/${id}`, {
        headers,
        signal,
        retry: { limit: 0 },
        throwHttpErrors: false,
        responseType: 'json',
      });
      const { code = 'UNKNOWN', message = '' } = response.body.error ?? {};
      if (response.statusCode >= 400) {
        throw new ServerError(message, code, response.statusCode, { headers });
      }
      return response.body;
    },
  };
}

/** Waits for job `id` on the echoing server, logging to a capture. */
async function waitLogged(id: string, redact?: string[]) {
  const out = captureRecords();
  const waiter = new Waiter<Body>({
    minDelayMs: 1,
    pollRetries: 0,
    backoff: constantBackoff({ delayMs: 1 }),
    classify: stateSets<Body>({
      state: 'status',
      pending: [],
      success: ['SUCCESS'],
      classifyError: (error) =>
        (error as ServerError).statusCode === 503 ? { type: 'transient' } : { type: 'fatal' },
    }),
  });
  const detach = logReporter({ stream: out.stream, ...(redact && { redact }) }).attach(waiter);

  await expect(waiter.wait(source(id))).rejects.toMatchObject({ name: 'ServerError' });
  detach();

  return out;
}

describe('logReporter redaction', () => {
  it('shows the echoed token when nothing is redacted, so the server does echo it', async () => {
    const out = await waitLogged('job-plain');

    expect(out.text()).toContain(`token ${TOKEN} (${encodeURIComponent(TOKEN)})`);
  });

  it('never writes a token of `redact` that a server echoed in its error messages', async () => {
    const out = await waitLogged('job-redacted', [TOKEN]);

    expect(out.text()).not.toContain(TOKEN);
    expect(out.text()).not.toContain(encodeURIComponent(TOKEN));
    expect(out.text()).not.toContain('MIIEhw');
    expect(out.records().map((r) => [r.msg, r['errorCode'], r['error']])).toEqual([
      ['wait started', undefined, undefined],
      [
        'poll failed',
        'SVC.0503',
        {
          name: 'ServerError',
          code: 'SVC.0503',
          message: 'token [redacted] ([redacted]) was not accepted',
          statusCode: 503,
        },
      ],
      [
        'poll failed',
        'APIGW.0301',
        {
          name: 'ServerError',
          code: 'APIGW.0301',
          message: 'token [redacted] ([redacted]) was not accepted',
          statusCode: 401,
        },
      ],
      [
        'wait failed',
        'APIGW.0301',
        {
          name: 'ServerError',
          code: 'APIGW.0301',
          message: 'token [redacted] ([redacted]) was not accepted',
          statusCode: 401,
        },
      ],
    ]);
  });

  it('logs a got HTTPError by its named fields, never its headers or response', async () => {
    const error = await got(`${origin}/jobs/job-got?signature=${encodeURIComponent(TOKEN)}`, {
      headers: { 'x-auth-token': TOKEN },
      retry: { limit: 0 },
    }).catch((caught: unknown) => caught);
    const out = captureRecords();
    const waiter = new EventEmitter();
    logReporter({ stream: out.stream, redact: [TOKEN] }).attach(waiter);

    waiter.emit('settled', { jobId: 'job-9', kind: 'loopback', outcome: 'failed', error });

    expect(error).toMatchObject({ options: { headers: { 'x-auth-token': TOKEN } } });
    expect(out.records()[0]?.['error']).toEqual({
      name: 'HTTPError',
      code: 'ERR_NON_2XX_3XX_RESPONSE',
      message: expect.stringMatching(
        /^Request failed with status code 503 .*signature=\[redacted\]$/,
      ),
    });
    expect(out.text()).not.toContain(encodeURIComponent(TOKEN));
    expect(out.text()).not.toMatch(/x-auth-token|was not accepted|req-\d/);
  });
});
