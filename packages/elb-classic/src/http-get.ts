import { isJobwaitError } from '@jobwait/core';

import { ElbNetworkError, isWrongEndpointCode, type ElbTransportError } from './errors.js';
import type { RawResponse } from './job-response.js';
import { scrub } from './scrub.js';
import type { ElbTransport } from './transport/transport.js';
import { describe } from './validate.js';

/** One `GET` as the client sends it. */
export interface HttpGetOptions {
  readonly url: string;
  /** Every header to send, credentials included. Never kept beyond the request. */
  readonly headers: Readonly<Record<string, string>>;
  readonly transport: ElbTransport;
  /** The whole request, connection to last byte, in milliseconds. */
  readonly timeoutMs: number;
  /** The most body bytes read; a longer body is cut there (`truncated`). */
  readonly maxBytes: number;
  readonly signal?: AbortSignal | undefined;
  /** Credential values to replace by `[redacted]` in an error's text. Default none. */
  readonly secrets?: readonly string[];
}

/**
 * The network code of an `ElbNetworkError` when a transport failed with something other than
 * an `ElbTransportError` that has no code of its own.
 */
export const TRANSPORT_FAILED_CODE = 'ERR_TRANSPORT_FAILED';

/**
 * Sends one `GET` through the client's transport: every status comes back as a response, the
 * body cut at `maxBytes`, and the waiter alone decides about retries.
 *
 * @throws the signal's reason when `signal` aborted the request; ElbNetworkError when no
 *   response came (or the timeout passed), whatever the transport threw; TypeError naming
 *   `transport` when the transport's answer is not one.
 */
export async function httpGet(options: HttpGetOptions): Promise<RawResponse> {
  const { url, headers, transport, timeoutMs, maxBytes, signal, secrets = [] } = options;
  let answer: unknown;

  try {
    answer = await transport.send({ method: 'GET', url, headers, timeoutMs, maxBytes, signal });
  } catch (error) {
    throw translate(error, { url, signal, secrets });
  }

  assertAnswer(answer);
  const { statusCode } = answer;
  if (statusCode < 100 || statusCode > 599) {
    // What Node's parser calls a status line it cannot read: the server's fault, not the
    // transport's, and transient as any broken answer on the way is.
    const detail = `the answer's status ${statusCode} is not an HTTP status (100 to 599)`;
    throw new ElbNetworkError({ networkCode: INVALID_STATUS_CODE, timedOut: false, url, detail });
  }

  return answer;
}

/** The network code of an `ElbNetworkError` for an answer whose status is outside 100–599. */
export const INVALID_STATUS_CODE = 'HPE_INVALID_STATUS';

/**
 * Turns what a transport threw into an `ElbNetworkError` that holds no credentials: the message
 * scrubbed, and Node's own error kept as `cause` only when it says the endpoint is wrong (see
 * `isWrongEndpointCode`), since its text is what tells a person why. Anything but an
 * `ElbTransportError` is never kept: it may hold the request, credentials included.
 */
function translate(
  error: unknown,
  context: { url: string; signal?: AbortSignal | undefined; secrets: readonly string[] },
): unknown {
  const { url, signal, secrets } = context;

  if (signal?.aborted) {
    return signal.reason;
  }

  const failure: Failure = isTransportError(error) ? error : readFailure(error, secrets);
  const { timedOut, message, cause } = failure;
  // A code is shown as it is, so one that holds a credential is not shown at all.
  const networkCode =
    scrub(failure.networkCode, secrets) === failure.networkCode
      ? failure.networkCode
      : TRANSPORT_FAILED_CODE;
  const detail = scrub(message, secrets);
  const kept = isWrongEndpointCode(networkCode) ? cause : undefined;

  return new ElbNetworkError({ networkCode, timedOut, url, detail, cause: kept });
}

/** By code and brand rather than `instanceof`, so that one from another copy counts too. */
function isTransportError(error: unknown): error is ElbTransportError {
  return (
    isJobwaitError(error) &&
    error.code === 'ERR_ELB_TRANSPORT' &&
    typeof (error as Partial<ElbTransportError>).networkCode === 'string'
  );
}

/** Node's error codes and the like: `ECONNRESET`, `ERR_SOCKET_CLOSED`. */
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

/** What the client reads of a transport's failure. */
interface Failure {
  readonly networkCode: string;
  readonly timedOut: boolean;
  readonly message: string;
  readonly cause?: unknown;
}

/**
 * {@link unknownFailure}, or, when reading the thrown value throws in turn (a getter of its
 * own), a failure that says only that.
 */
function readFailure(error: unknown, secrets: readonly string[]): Failure {
  try {
    return unknownFailure(error, secrets);
  } catch {
    const message = 'the transport failed with a value that could not be read';
    return { networkCode: TRANSPORT_FAILED_CODE, timedOut: false, message };
  }
}

/**
 * What a transport that failed in its own way gave: its code if it has one, and its text. A
 * thrown string is scrubbed whole before it is shortened, so that no part of a credential
 * survives the cut.
 */
function unknownFailure(error: unknown, secrets: readonly string[]): Failure {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  const networkCode = typeof code === 'string' && CODE.test(code) ? code : TRANSPORT_FAILED_CODE;
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message}`
      : describe(typeof error === 'string' ? scrub(error, secrets) : error);

  return { networkCode, timedOut: false, message: `the transport failed: ${text}` };
}

function assertAnswer(answer: unknown): asserts answer is RawResponse {
  if (!isAnswer(answer)) {
    throw new TypeError(
      'Expected option `transport` to give answers of `statusCode` (an integer), `headers` ' +
        '(an object), `body` (a string) and `truncated` (a boolean)',
    );
  }
}

/** Whether `answer` has the shape of one; an answer whose fields throw when read has not. */
function isAnswer(answer: unknown): boolean {
  try {
    const { statusCode, headers, body, truncated } = (answer ?? {}) as Partial<RawResponse>;

    return (
      typeof answer === 'object' &&
      Number.isInteger(statusCode) &&
      typeof headers === 'object' &&
      headers !== null &&
      typeof body === 'string' &&
      (truncated === undefined || typeof truncated === 'boolean')
    );
  } catch {
    return false;
  }
}
