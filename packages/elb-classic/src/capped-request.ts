import { once } from 'node:events';
import type { Agent as HttpAgent, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';

import got from 'got';

/** One request as {@link sendCapped} sends it. */
export interface CappedRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  /** Every header to send, credentials included. Never kept beyond the request. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body to send, if any. Never kept beyond the request. */
  readonly body?: string;
  readonly agents: { readonly http: HttpAgent; readonly https: HttpsAgent };
  /** The whole request, connection to last byte read, in milliseconds. */
  readonly timeoutMs: number;
  /** The most body bytes read. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal | undefined;
}

/** An answer, whatever its status, with at most `maxBytes` of its body. */
export interface CappedAnswer {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  /** The body decoded as UTF-8: its first `maxBytes` bytes when `truncated`. */
  readonly body: string;
  /** True when the body was longer than `maxBytes`; the rest was not read. */
  readonly truncated: boolean;
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
 */
export async function sendCapped(request: CappedRequest): Promise<CappedAnswer> {
  const { method, url, body, agents, timeoutMs, maxBytes, signal } = request;
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

  try {
    const [response] = (await once(stream, 'response')) as [IncomingMessage];
    const read = await readCapped(stream, maxBytes);

    return { statusCode: response.statusCode ?? 0, headers: response.headers, ...read };
  } finally {
    // Frees the socket (and got's timers) when the body was cut or an error came midway.
    stream.destroy();
  }
}

async function readCapped(
  stream: AsyncIterable<Buffer>,
  maxBytes: number,
): Promise<Pick<CappedAnswer, 'body' | 'truncated'>> {
  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;

    if (size > maxBytes) {
      const first = Buffer.concat(chunks).subarray(0, maxBytes);
      return { body: first.toString('utf8'), truncated: true };
    }
  }

  return { body: Buffer.concat(chunks).toString('utf8'), truncated: false };
}
