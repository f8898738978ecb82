import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';

import got, { RequestError, TimeoutError } from 'got';

import { ElbNetworkError, ElbProtocolError } from './errors.js';
import type { RawResponse } from './job-response.js';
import { scrub } from './scrub.js';

/** One `GET` as the client sends it. */
export interface HttpGetOptions {
  readonly url: string;
  /** Every header to send, credentials included. Never kept beyond the request. */
  readonly headers: Readonly<Record<string, string>>;
  readonly agents: { readonly http: HttpAgent; readonly https: HttpsAgent };
  /** The whole request, connection to last byte, in milliseconds. */
  readonly timeoutMs: number;
  /** The largest body accepted, in bytes. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
  /** Credential values to replace by `[redacted]` in an error's text. Default none. */
  readonly secrets?: readonly string[];
}

/**
 * Sends one `GET` with got, with got's own retries, redirects, decompression and status errors
 * off: every status comes back as a response, and the waiter alone decides about retries.
 *
 * @throws the signal's reason when `signal` aborted the request; ElbNetworkError when no
 *   response came (or the timeout passed); ElbProtocolError when the body exceeds `maxBytes`.
 */
export async function httpGet(options: HttpGetOptions): Promise<RawResponse> {
  const { url, headers, agents, timeoutMs, maxBytes, signal, secrets = [] } = options;
  let tooLarge = false;
  const request = got(url, {
    method: 'GET',
    headers: { ...headers },
    agent: { http: agents.http, https: agents.https },
    timeout: { request: timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    decompress: false,
    responseType: 'buffer',
    signal,
  });

  // `on` hands back the request promise itself, which is awaited below.
  void request.on('downloadProgress', ({ transferred, total }) => {
    if (!tooLarge && Math.max(transferred, total ?? 0) > maxBytes) {
      tooLarge = true;
      request.cancel();
    }
  });

  try {
    const { statusCode, headers: received, body } = await request;

    return { statusCode, headers: received, body: body.toString('utf8') };
  } catch (error) {
    throw translate(error, { url, tooLarge, signal, secrets });
  }
}

/**
 * Replaces got's errors, which hold the request options and so the credentials, with errors
 * that hold none.
 */
function translate(
  error: unknown,
  context: { url: string; tooLarge: boolean; signal?: AbortSignal; secrets: readonly string[] },
): unknown {
  const { url, tooLarge, signal, secrets } = context;

  if (signal?.aborted) {
    return signal.reason;
  }

  if (tooLarge) {
    return new ElbProtocolError({ problem: 'too-large', statusCode: undefined, url });
  }

  if (error instanceof RequestError) {
    const timedOut = error instanceof TimeoutError;
    const detail = scrub(error.message, secrets);

    return new ElbNetworkError({ networkCode: error.code, timedOut, url, detail });
  }

  return error;
}
