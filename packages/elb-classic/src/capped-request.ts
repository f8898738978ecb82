import { once } from 'node:events';
import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';

import got from 'got';

import { ElbTransportError } from './errors.js';
import { readCapped } from './transport/read-capped.js';
import type { ElbTransportAnswer, ElbTransportRequest } from './transport/transport.js';

const ignore = (): void => {};

const UPGRADED =
  'the server switched protocols (101 Switching Protocols), which a job request cannot use';

/** The agents a request of {@link sendCapped} goes through. */
export interface CappedAgents {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
}

/**
 * Sends one request with got, with got's own retries, redirects, decompression and status
 * errors off: every status comes back as an answer, and the caller alone decides about
 * retries. The body is read up to `maxBytes`; a longer one is cut there and its connection
 * closed, so that the status of an answer with a large body (a gateway's HTML error page) is
 * still known.
 *
 * @throws got's `RequestError` when no answer came (or the timeout passed, or `signal`
 *   aborted). It holds the request options, credentials included: the caller replaces it.
 *   ElbTransportError (`ECONNRESET`) when the server switched protocols (`101`).
 */
export async function sendCapped(
  request: ElbTransportRequest,
  agents: CappedAgents,
): Promise<ElbTransportAnswer> {
  const { method, url, body, timeoutMs, maxBytes, signal } = request;
  const stream = got.stream(url, {
    method,
    headers: { ...request.headers },
    ...(body === undefined ? {} : { body }),
    agent: { http: agents.http, https: agents.https },
    timeout: { request: timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    decompress: false,
    signal,
  });

  // got may still fail after the answer was read (bytes after the body, on the same socket):
  // with no listener left that error would be thrown out of the process, request and all.
  stream.on('error', ignore);
  // A 101 hands the socket over to whoever listens for it; nobody here does, so it is closed,
  // and the request fails as an answer that never came rather than hang on an upgraded socket.
  const upgraded = new Promise<never>((_, reject) => {
    stream.once('upgrade', (_response: IncomingMessage, socket: Duplex) => {
      socket.destroy();
      reject(new ElbTransportError({ networkCode: 'ECONNRESET', message: UPGRADED }));
    });
  });

  try {
    const [response] = (await Promise.race([once(stream, 'response'), upgraded])) as [
      IncomingMessage,
    ];
    const read = await readCapped(stream, maxBytes);

    return { statusCode: response.statusCode ?? 0, headers: response.headers, ...read };
  } finally {
    // Frees the socket (and got's timers) when the body was cut or an error came midway.
    stream.destroy();
  }
}
