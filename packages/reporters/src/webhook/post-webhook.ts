import { once } from 'node:events';
import { Agent as HttpAgent, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import { summarizeError, type ErrorSummary } from '@jobwait/core';
import got, { RequestError, TimeoutError } from 'got';

/** The largest response body read, in bytes; a receiver has no reason to send more. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Sent unless the caller's `headers` name another, so receivers' logs say who called. */
const USER_AGENT = 'jobwait-webhook';

/** One `POST` of a message. */
export interface PostRequest {
  readonly url: string;
  /** Every header to send, the signature included. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The whole request, connection to last byte, in milliseconds. */
  readonly timeoutMs: number;
  /** Aborts the request; the reporter's close deadline. */
  readonly signal: AbortSignal;
  /** The connections to reuse; see {@link createAgents}. */
  readonly agents: WebhookAgents;
}

/** The HTTP and HTTPS agents of one reporter. */
export interface WebhookAgents {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
  /** Closes every connection of both agents. */
  destroy(): void;
}

/**
 * Agents of the reporter's own, which keep connections alive between messages, and which
 * `close()` destroys, so that no socket of the reporter outlives it (the global agents would
 * keep idle sockets open until the receiver closes them).
 */
export function createAgents(): WebhookAgents {
  const http = new HttpAgent({ keepAlive: true });
  const https = new HttpsAgent({ keepAlive: true });

  return {
    http,
    https,
    destroy() {
      http.destroy();
      https.destroy();
    },
  };
}

/** What came of one `POST`. */
export type PostOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** The `Retry-After` header as sent, if any. */
      readonly retryAfter: string | undefined;
    }
  | {
      readonly kind: 'network';
      /** A secret-free summary: got's code, such as `ECONNREFUSED` or `ETIMEDOUT`. */
      readonly error: ErrorSummary;
    }
  | { readonly kind: 'aborted' };

/**
 * Sends one `POST` with got, with got's own retries, redirects, decompression and status
 * errors off: every status comes back as a response, and the reporter alone decides about
 * retries. It never throws.
 *
 * The status decides as soon as the status line and headers have come: the body is read only
 * to free the connection for the next message, up to {@link MAX_RESPONSE_BYTES} and within
 * the timeout, and whatever happens to it then (too long, too slow, cut, aborted) changes
 * nothing. The connection does not keep the process alive: the reporter's `close()`, or its
 * flush when the process runs out of work, holds the process instead, with a deadline.
 */
export async function postWebhook(request: PostRequest): Promise<PostOutcome> {
  const { url, headers, body, timeoutMs, signal, agents } = request;
  const stream = got.stream.post(url, {
    headers: { 'user-agent': USER_AGENT, ...headers },
    body,
    agent: { http: agents.http, https: agents.https },
    timeout: { request: timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    decompress: false,
    signal,
  });
  let response: IncomingMessage | undefined;

  // An error after the outcome is known (a body failing once it is no longer read) must not
  // become an uncaught 'error' event; the errors that count are read by `once` and the loop.
  stream.on('error', () => {});
  stream.once('request', (clientRequest: ClientRequest) => {
    clientRequest.on('socket', (socket) => socket.unref());
  });

  try {
    [response] = (await once(stream, 'response')) as [IncomingMessage];
    await readAtMost(stream, MAX_RESPONSE_BYTES);
  } catch (error) {
    if (response === undefined) {
      return signal.aborted
        ? { kind: 'aborted' }
        : { kind: 'network', error: describeFailure(error) };
    }
  } finally {
    // Frees the socket, and got's timers, when the body was cut short or failed midway.
    stream.destroy();
  }

  return {
    kind: 'response',
    status: response.statusCode ?? 0,
    retryAfter: firstValue(response.headers['retry-after']),
  };
}

/** Reads and drops the body until it ends or more than `maxBytes` have come. */
async function readAtMost(body: AsyncIterable<Buffer>, maxBytes: number): Promise<void> {
  let size = 0;

  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) return;
  }
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * got's errors hold the request options, headers and signature included, and their messages
 * name the host; the summary keeps the code and a message made of it.
 */
function describeFailure(error: unknown): ErrorSummary {
  if (error instanceof TimeoutError) {
    return { name: 'TimeoutError', code: 'ETIMEDOUT', message: 'The request timed out' };
  }
  if (error instanceof RequestError) {
    return {
      name: 'RequestError',
      code: error.code,
      message: `The request failed (${error.code})`,
    };
  }

  const { name } = summarizeError(error);

  return { name, message: 'The request failed' };
}
