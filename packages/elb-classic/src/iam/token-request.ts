import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import { RequestError } from 'got';

import { sendCapped } from '../capped-request.js';
import { parseErrorBody, parseJson } from '../error-body.js';
import { headerText } from '../header-text.js';
import { scrub } from '../scrub.js';
import type { ElbTransportAnswer } from '../transport/transport.js';
import { IamTokenError } from './errors.js';

/** The largest answer accepted from IAM, in bytes: a token body without catalog is far smaller. */
export const MAX_TOKEN_RESPONSE_BYTES = 4 * 1024 * 1024;

/** One request for a token, as {@link requestToken} sends it. */
export interface TokenRequestOptions {
  /** The full token URL. */
  readonly url: string;
  /** The JSON body. It holds the password: it is sent, never kept. */
  readonly body: string;
  /** The whole request, connection to last byte, in milliseconds. */
  readonly timeoutMs: number;
  /** Values to replace by `[redacted]` in any text an error takes from the answer. */
  readonly secrets: readonly string[];
  /** Aborts the request: it then rejects with the signal's reason, its socket closed. */
  readonly signal?: AbortSignal | undefined;
}

/** A token as IAM issued it; times in milliseconds since the epoch, on IAM's clock. */
export interface IssuedToken {
  readonly token: string;
  readonly expiresAtMs: number;
  /** From `token.issued_at`, when IAM sent a readable one. */
  readonly issuedAtMs: number | undefined;
}

// Token requests are rare, so their sockets are not kept open after the answer.
const agents = {
  http: new HttpAgent({ keepAlive: false }),
  https: new HttpsAgent({ keepAlive: false }),
};

/**
 * POSTs a token request (see `sendCapped`: no retries, no redirects, a timeout, a size cap) and
 * reads the token from the `X-Subject-Token` header and its expiry from `token.expires_at`.
 *
 * @throws IamTokenError for any failure; it holds neither the body sent nor the token. The
 *   signal's reason when `signal` aborted the request.
 */
export async function requestToken(options: TokenRequestOptions): Promise<IssuedToken> {
  const { url, body, timeoutMs, secrets, signal } = options;
  const headers = { 'content-type': 'application/json;charset=utf8', accept: 'application/json' };
  const maxBytes = MAX_TOKEN_RESPONSE_BYTES;
  let answer: ElbTransportAnswer;

  try {
    answer = await sendCapped(
      { method: 'POST', url, headers, body, timeoutMs, maxBytes, signal },
      agents,
    );
  } catch (error) {
    throw translate(error, url, signal);
  }

  return readAnswer(answer, url, secrets);
}

function readAnswer(
  answer: ElbTransportAnswer,
  url: string,
  secrets: readonly string[],
): IssuedToken {
  const { statusCode } = answer;
  const parsed = parseJson(answer.body);

  if (statusCode < 200 || statusCode > 299) {
    const envelope = parseErrorBody(parsed);
    const requestId = envelope?.requestId ?? headerText(answer.headers, 'x-request-id');
    throw new IamTokenError({
      problem: statusCode === 401 ? 'rejected' : 'http',
      url,
      statusCode,
      errorCode: scrub(envelope?.errorCode, secrets),
      errorMessage: scrub(envelope?.errorMessage, secrets),
      requestId: scrub(requestId, secrets),
    });
  }

  const malformed = (detail: string) =>
    new IamTokenError({ problem: 'malformed', url, statusCode, detail });
  if (answer.truncated) {
    throw malformed(`the answer is larger than ${MAX_TOKEN_RESPONSE_BYTES} bytes`);
  }

  const token = headerText(answer.headers, 'x-subject-token');

  // Printable ASCII only, as tokenAuth wants it: a line break could rewrite later requests.
  if (token === undefined || !/^[\x21-\x7e]+$/.test(token)) {
    throw malformed('no X-Subject-Token header of printable ASCII characters');
  }

  const times = tokenTimes(parsed);
  if (times === undefined) {
    throw malformed('no readable token.expires_at in the body');
  }

  return { token, ...times };
}

function tokenTimes(parsed: unknown): Omit<IssuedToken, 'token'> | undefined {
  const token = (parsed as { token?: { expires_at?: unknown; issued_at?: unknown } } | null)?.token;
  const expiresAtMs = timeOf(token?.expires_at);

  return expiresAtMs === undefined
    ? undefined
    : { expiresAtMs, issuedAtMs: timeOf(token?.issued_at) };
}

function timeOf(value: unknown): number | undefined {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;

  return Number.isFinite(ms) ? ms : undefined;
}

/** Replaces got's errors, which hold the request options and so the password. */
function translate(error: unknown, url: string, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) {
    return signal.reason;
  }

  if (error instanceof RequestError) {
    const networkCode = error.code;
    const cause = Object.assign(new Error(`IAM request failed: ${networkCode}`), {
      code: networkCode,
    });
    return new IamTokenError({ problem: 'network', url, networkCode, cause });
  }

  return error;
}
