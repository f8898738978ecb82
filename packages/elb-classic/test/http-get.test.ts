import { describe, expect, it } from '@jest/globals';

import { classifyElbError } from '../src/classify.js';
import { ElbNetworkError, ElbTransportError } from '../src/errors.js';
import { httpGet, INVALID_STATUS_CODE, TRANSPORT_FAILED_CODE } from '../src/http-get.js';
import type { ElbTransport } from '../src/transport/transport.js';
import { everythingShown, rejectionOf } from './helpers.js';

const TOKEN = 'MIIsecret-token-of-http-get';
const URL_AWAY = 'http://elb.eu-de.example/v1.0/p1/jobs/j1';

/** A transport whose `send` does what `send` says; these tests need no server. */
function transportThat(send: ElbTransport['send']): ElbTransport {
  return { send, close: () => undefined };
}

function get(transport: ElbTransport, signal?: AbortSignal) {
  const headers = { 'x-auth-token': TOKEN };
  const options = { url: URL_AWAY, headers, transport, timeoutMs: 5000, maxBytes: 4096 };

  return httpGet({ ...options, signal, secrets: [TOKEN] });
}

describe('httpGet', () => {
  it('hands the transport the request, and gives its answer back', async () => {
    const answer = { statusCode: 200, headers: {}, body: '{"status":"INIT"}', truncated: false };
    const seen: unknown[] = [];

    const response = await get(transportThat(async (request) => (seen.push(request), answer)));

    expect(response).toBe(answer);
    expect(seen).toEqual([
      {
        method: 'GET',
        url: URL_AWAY,
        headers: { 'x-auth-token': TOKEN },
        timeoutMs: 5000,
        maxBytes: 4096,
        signal: undefined,
      },
    ]);
  });

  it('turns an ElbTransportError into an ElbNetworkError, scrubbed, its cause left', async () => {
    const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const failed = new ElbTransportError({
      networkCode: 'ECONNRESET',
      message: `reset while sending ${TOKEN}`,
      cause,
    });

    const error = await rejectionOf(get(transportThat(() => Promise.reject(failed))));

    expect(error).toBeInstanceOf(ElbNetworkError);
    expect(error).toMatchObject({ networkCode: 'ECONNRESET', timedOut: false, url: URL_AWAY });
    expect((error as Error).message).toBe(`GET ${URL_AWAY} failed: reset while sending [redacted]`);
    expect((error as Error).cause).toBeUndefined();
    expect(classifyElbError(error)).toEqual({ type: 'transient' });
  });

  it('keeps the cause, and says what to check, when the endpoint is wrong', async () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND elb.eu-de.example'), {
      code: 'ENOTFOUND',
    });
    const failed = new ElbTransportError({ networkCode: 'ENOTFOUND', message: 'x', cause });

    const error = await rejectionOf(get(transportThat(() => Promise.reject(failed))));

    expect(error).toMatchObject({ networkCode: 'ENOTFOUND', wrongEndpoint: true, cause });
    expect((error as Error).message).toMatch(/cannot resolve host elb\.eu-de\.example/);
    expect(classifyElbError(error)).toEqual({ type: 'fatal' });
  });

  it('reads a timeout of the transport as a timed out ElbNetworkError', async () => {
    const failed = new ElbTransportError({
      networkCode: 'ETIMEDOUT',
      timedOut: true,
      message: 'no answer within 5000 ms',
    });

    const error = await rejectionOf(get(transportThat(() => Promise.reject(failed))));

    expect(error).toMatchObject({ networkCode: 'ETIMEDOUT', timedOut: true });
    expect(classifyElbError(error)).toEqual({ type: 'transient' });
  });

  it('reads an ElbTransportError made by another copy of the package by its code', async () => {
    // What another copy's class gives: core's global brand and the same code, another class.
    const failed = Object.assign(new Error('refused'), {
      code: 'ERR_ELB_TRANSPORT',
      networkCode: 'ECONNREFUSED',
      timedOut: false,
    });
    Object.defineProperty(failed, Symbol.for('@jobwait/error'), { value: true });

    const error = await rejectionOf(get(transportThat(() => Promise.reject(failed))));

    expect(error).toMatchObject({ networkCode: 'ECONNREFUSED', timedOut: false });
    expect((error as Error).message).toBe(`GET ${URL_AWAY} failed: refused`);
  });

  it.each<[string, unknown, string]>([
    ['an Error', new Error(`boom with ${TOKEN}`), `Error: boom with [redacted]`],
    ['a TypeError', new TypeError('fetch failed'), 'TypeError: fetch failed'],
    ['a string', `just ${TOKEN}`, '"just [redacted]"'],
    // Scrubbed whole, then cut: the token straddles the 80th character.
    ['a long string', `${'x'.repeat(70)}${TOKEN}`, `"${'x'.repeat(70)}[redacted]"`],
    [
      'an error whose code cannot be read',
      Object.defineProperty(new Error('odd'), 'code', {
        get() {
          throw new Error(TOKEN);
        },
      }),
      'with a value that could not be read',
    ],
    ['undefined', undefined, 'undefined'],
  ])(
    'turns %s thrown by a transport into a transient ElbNetworkError, keeping nothing',
    async (_, thrown, text) => {
      // A transport of someone else's may reject with anything, an Error or not.
      const error = await rejectionOf(get(transportThat(() => Promise.reject(thrown))));

      expect(error).toBeInstanceOf(ElbNetworkError);
      expect(error).toMatchObject({ networkCode: TRANSPORT_FAILED_CODE, timedOut: false });
      expect((error as Error).message).toBe(
        text.startsWith('with ')
          ? `GET ${URL_AWAY} failed: the transport failed ${text}`
          : `GET ${URL_AWAY} failed: the transport failed: ${text}`,
      );
      expect((error as Error).cause).toBeUndefined();
      expect(classifyElbError(error)).toEqual({ type: 'transient' });
      expect(everythingShown(error)).not.toContain(TOKEN);
    },
  );

  it('catches a transport that throws at once rather than rejecting', async () => {
    const send = (): Promise<never> => {
      throw Object.assign(new Error('connect ECONNREFUSED'), {
        code: 'ECONNREFUSED',
        headers: { 'x-auth-token': TOKEN },
      });
    };

    const error = await rejectionOf(get(transportThat(send)));

    expect(error).toMatchObject({ networkCode: 'ECONNREFUSED', cause: undefined });
    expect(everythingShown(error)).not.toContain(TOKEN);
  });

  it('takes the code of a thrown error only when it looks like a code', async () => {
    const thrown = Object.assign(new Error('odd'), { code: 'not a code, but a sentence' });

    const error = await rejectionOf(get(transportThat(() => Promise.reject(thrown))));

    expect(error).toMatchObject({ networkCode: TRANSPORT_FAILED_CODE });
  });

  it('rejects with the signal reason once it aborted, whatever the transport threw', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);

    const error = await rejectionOf(
      get(
        transportThat(() => Promise.reject(new Error('aborted'))),
        controller.signal,
      ),
    );

    expect(error).toBe(reason);
  });

  it.each([0, 99, 600, 99_999])(
    'reads status %i, outside 100 to 599, as a transient ElbNetworkError',
    async (statusCode) => {
      const answer = { statusCode, headers: {}, body: '', truncated: false };

      const error = await rejectionOf(get(transportThat(async () => answer)));

      expect(error).toBeInstanceOf(ElbNetworkError);
      expect(error).toMatchObject({ networkCode: INVALID_STATUS_CODE, timedOut: false });
      const problem = `the answer's status ${statusCode} is not an HTTP status (100 to 599)`;
      expect((error as Error).message).toBe(`GET ${URL_AWAY} failed: ${problem}`);
      expect(classifyElbError(error)).toEqual({ type: 'transient' });
    },
  );

  it('shows no network code that holds a credential', async () => {
    const thrown = Object.assign(new Error('refused'), { code: 'AKIDTOKENCODE1234' });
    const secrets = ['AKIDTOKENCODE1234'];
    const transport = transportThat(() => Promise.reject(thrown));
    const options = { url: URL_AWAY, headers: {}, transport, timeoutMs: 5000, maxBytes: 4096 };

    const error = await rejectionOf(httpGet({ ...options, secrets }));

    expect(error).toMatchObject({ networkCode: TRANSPORT_FAILED_CODE });
    expect(everythingShown(error)).not.toContain('AKIDTOKENCODE1234');
  });

  it.each([
    ['null', null],
    ['a status that is a string', { statusCode: '200', headers: {}, body: '' }],
    [
      'headers that throw when read',
      {
        statusCode: 200,
        get headers() {
          throw new Error(TOKEN);
        },
        body: '',
      },
    ],
    ['no headers', { statusCode: 200, headers: null, body: '' }],
    ['a body of bytes', { statusCode: 200, headers: {}, body: Buffer.from('{}') }],
    ['a truncated that is no boolean', { statusCode: 200, headers: {}, body: '', truncated: 1 }],
  ])('refuses an answer with %s, naming `transport`', async (_, answer) => {
    const error = await rejectionOf(get(transportThat(async () => answer as never)));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^Expected option `transport` to give answers of/);
    expect(classifyElbError(error)).toEqual({ type: 'fatal' });
  });
});
