import { Agent as HttpAgent } from 'node:http';
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
 * Sends one `POST` with got, with got's own retries, redirects and status errors off: every
 * status comes back as a response, and the reporter alone decides about retries. It never
 * throws.
 */
export async function postWebhook(request: PostRequest): Promise<PostOutcome> {
  const { url, headers, body, timeoutMs, signal, agents } = request;
  let status: number | undefined;
  let retryAfter: string | undefined;
  const pending = got.post(url, {
    headers: { 'user-agent': USER_AGENT, ...headers },
    body,
    agent: { http: agents.http, https: agents.https },
    timeout: { request: timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'buffer',
    signal,
  });

  // `on` hands back the request promise itself, which is awaited below.
  void pending.on('response', (response: { statusCode: number; headers: HeaderBag }) => {
    status = response.statusCode;
    retryAfter = firstValue(response.headers['retry-after']);
  });
  void pending.on('downloadProgress', ({ transferred }) => {
    // The status is known by now; a huge body need not be read to the end.
    if (transferred > MAX_RESPONSE_BYTES) pending.cancel();
  });

  try {
    await pending;
  } catch (error) {
    if (signal.aborted) return { kind: 'aborted' };
    if (status === undefined) return { kind: 'network', error: describeFailure(error) };
  }

  return { kind: 'response', status: status ?? 0, retryAfter };
}

type HeaderBag = Record<string, string | string[] | undefined>;

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
