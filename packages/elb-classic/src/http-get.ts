import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';

import { RequestError, TimeoutError } from 'got';

import { sendCapped } from './capped-request.js';
import { ElbNetworkError, isWrongEndpointCode } from './errors.js';
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
  /** The most body bytes read; a longer body is cut there (`truncated`). */
  readonly maxBytes: number;
  readonly signal?: AbortSignal | undefined;
  /** Credential values to replace by `[redacted]` in an error's text. Default none. */
  readonly secrets?: readonly string[];
}

/**
 * Sends one `GET` (see `sendCapped`): every status comes back as a response, the body cut at
 * `maxBytes`, and the waiter alone decides about retries.
 *
 * @throws the signal's reason when `signal` aborted the request; ElbNetworkError when no
 *   response came (or the timeout passed).
 */
export async function httpGet(options: HttpGetOptions): Promise<RawResponse> {
  const { url, headers, agents, timeoutMs, maxBytes, signal, secrets = [] } = options;

  try {
    return await sendCapped({ method: 'GET', url, headers, agents, timeoutMs, maxBytes, signal });
  } catch (error) {
    throw translate(error, { url, signal, secrets });
  }
}

/**
 * Replaces got's errors, which hold the request options and so the credentials, with errors
 * that hold none. Node's own error is kept as `cause` only when it says the endpoint is wrong
 * (see `isWrongEndpointCode`), since its text is what tells a person why.
 */
function translate(
  error: unknown,
  context: { url: string; signal?: AbortSignal | undefined; secrets: readonly string[] },
): unknown {
  const { url, signal, secrets } = context;

  if (signal?.aborted) {
    return signal.reason;
  }

  if (!(error instanceof RequestError)) {
    return error;
  }

  const { code: networkCode, cause } = error;
  const timedOut = error instanceof TimeoutError;
  const detail = scrub(error.message, secrets);
  const kept =
    isWrongEndpointCode(networkCode) && !(cause instanceof RequestError) ? cause : undefined;

  return new ElbNetworkError({ networkCode, timedOut, url, detail, cause: kept });
}
