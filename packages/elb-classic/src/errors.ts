import { JobwaitError } from '@jobwait/core';

import { errorMeaning } from './error-codes.js';
import { MAX_JSON_DEPTH } from './json-depth.js';

/** The gateway's code for "this API does not exist or is not published here". */
export const API_NOT_PUBLISHED_CODE = 'APIGW.0101';

/** What the gateway's 404 `APIGW.0101` means for the classic ELB jobs API. */
const API_NOT_AVAILABLE = 'the classic ELB API is not available in this region or cloud';

/** Fields of an {@link ElbHttpError}, as parsed from one response. */
export interface ElbHttpErrorFields {
  /** The HTTP status code of the response. */
  readonly statusCode: number;
  /** The URL that was requested; it holds ids only, never credentials. */
  readonly url: string;
  /** The provider's error code from either error envelope, such as `APIGW.0101` or `ELB.1001`. */
  readonly errorCode?: string;
  /** The provider's error message, verbatim. */
  readonly errorMessage?: string;
  /** The request id from the body's `request_id` or the `X-Request-Id` header. */
  readonly requestId?: string;
  /** The server's `Retry-After` hint in milliseconds, when it sent a valid one. */
  readonly retryAfterMs?: number;
  /**
   * The response body as received; only its first bytes, up to the size cap, when it was
   * larger. Kept non-enumerable.
   */
  readonly body?: string;
  /** Why the request failed, when it was not the response alone (a failed token refresh). */
  readonly cause?: unknown;
}

/**
 * The classic ELB jobs endpoint answered with a status other than 2xx. The provider's code,
 * message and request id are fields, and so is what a known code means (`meaning`, also in the
 * message); the raw body is kept as a non-enumerable `body`, so that logging the error stays
 * short. A body over the client's size cap does not change that: its first bytes are kept, so
 * that a `503` with a large HTML page is still a `503`. Request headers (and so credentials)
 * are never kept, and the client replaces any credential value it sent that the server
 * echoed (in the body, message, code or request id) with `[redacted]` before it builds this
 * error.
 */
export class ElbHttpError extends JobwaitError {
  readonly code = 'ERR_ELB_HTTP';
  override readonly name = 'ElbHttpError';
  /** The HTTP status code of the response. */
  readonly statusCode: number;
  /** The URL that was requested; it holds ids only, never credentials. */
  readonly url: string;
  /** The provider's code from either error envelope, such as `APIGW.0307` or `ELB.1001`. */
  readonly errorCode: string | undefined;
  /** The provider's error message, verbatim but for echoed credentials (`[redacted]`). */
  readonly errorMessage: string | undefined;
  /** The body's `request_id`, else the `X-Request-Id` header: quote it to the provider. */
  readonly requestId: string | undefined;
  /** The `Retry-After` hint in milliseconds, when the server sent a valid one. */
  readonly retryAfterMs: number | undefined;
  /** True for the gateway's 404 `APIGW.0101`: the API is not offered at this endpoint. */
  readonly apiNotAvailable: boolean;
  /**
   * What `errorCode` means (see `ELB_ERROR_MEANINGS`), such as `'the load balancer quota is
   * exceeded'` for `ELB.1091`; for the gateway's 404 `APIGW.0101`, that the classic
   * ELB API is not available in this region or cloud. `undefined` for an unknown code.
   */
  readonly meaning: string | undefined;
  /**
   * The response body as received, echoed credentials replaced. Non-enumerable, so logs of the
   * error stay short.
   */
  declare readonly body: string | undefined;

  constructor(fields: ElbHttpErrorFields) {
    super(httpErrorMessage(fields), { cause: fields.cause });
    this.statusCode = fields.statusCode;
    this.url = fields.url;
    this.errorCode = fields.errorCode;
    this.errorMessage = fields.errorMessage;
    this.requestId = fields.requestId;
    this.retryAfterMs = fields.retryAfterMs;
    this.apiNotAvailable = isApiNotAvailable(fields);
    this.meaning = httpMeaning(fields);
    Object.defineProperty(this, 'body', { value: fields.body, enumerable: false });
  }
}

/** What is wrong with a response that {@link ElbProtocolError} rejects. */
export type ElbProtocolProblem =
  'not-json' | 'not-object' | 'missing-status' | 'error-envelope' | 'too-large' | 'too-deep';

/** Fields of an {@link ElbProtocolError}. */
export interface ElbProtocolErrorFields {
  readonly problem: ElbProtocolProblem;
  readonly statusCode: number | undefined;
  readonly url: string;
  readonly requestId?: string;
  /** The provider's error code, when the body was an error envelope. */
  readonly errorCode?: string;
  readonly body?: string;
  readonly cause?: unknown;
}

/**
 * A response that does not follow the jobs API contract: a body that is not JSON or not an
 * object, one without a `status` string, an error envelope sent with a success status, a body
 * larger than the client's cap, or one that nests arrays and objects more than 64 levels deep.
 * Such a response never counts as "still running". As with {@link ElbHttpError}, credentials
 * the server echoed are replaced by `[redacted]` in its fields and body.
 */
export class ElbProtocolError extends JobwaitError {
  readonly code = 'ERR_ELB_PROTOCOL';
  override readonly name = 'ElbProtocolError';
  /** What is wrong with the response. */
  readonly problem: ElbProtocolProblem;
  /** The HTTP status code of the response. */
  readonly statusCode: number | undefined;
  /** The URL that was requested. */
  readonly url: string;
  /** The body's `request_id`, else the `X-Request-Id` header. */
  readonly requestId: string | undefined;
  /** The provider's code, when the body was an error envelope. */
  readonly errorCode: string | undefined;
  /** What `errorCode` means, when it is a known code (see `ELB_ERROR_MEANINGS`). */
  readonly meaning: string | undefined;
  /** The response body as received, echoed credentials replaced. Non-enumerable. */
  declare readonly body: string | undefined;

  constructor(fields: ElbProtocolErrorFields) {
    super(protocolErrorMessage(fields), { cause: fields.cause });
    this.problem = fields.problem;
    this.statusCode = fields.statusCode;
    this.url = fields.url;
    this.requestId = fields.requestId;
    this.errorCode = fields.errorCode;
    this.meaning = errorMeaning(fields.errorCode);
    Object.defineProperty(this, 'body', { value: fields.body, enumerable: false });
  }
}

/** Node's codes for a host name that does not resolve: no retry will make it resolve. */
const UNRESOLVED_CODES: ReadonlySet<string> = new Set(['ENOTFOUND']);

/**
 * Node's codes for a TLS handshake that failed on the protocol itself, as when `https:` meets a
 * plain HTTP server ("wrong version number"): EPROTO, and the OpenSSL code newer Node versions
 * give.
 */
const TLS_PROTOCOL_CODES: ReadonlySet<string> = new Set(['EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER']);

/**
 * Whether Node's network code says that the request went to the wrong place, which no retry
 * cures: the host name does not resolve (`ENOTFOUND`; `EAI_AGAIN`, a resolver that did not
 * answer, is not one), or the TLS handshake failed on the protocol (`EPROTO`).
 */
export function isWrongEndpointCode(networkCode: string): boolean {
  return UNRESOLVED_CODES.has(networkCode) || TLS_PROTOCOL_CODES.has(networkCode);
}

/** Fields of an {@link ElbNetworkError}. */
export interface ElbNetworkErrorFields {
  /** Node's error code, such as `ECONNRESET`. */
  readonly networkCode: string;
  /** True when the per-request timeout cut the request. */
  readonly timedOut: boolean;
  /** The URL that was requested. */
  readonly url: string;
  /** What went wrong, as Node said it, credentials replaced. */
  readonly detail: string;
  /** Node's own error; never the HTTP library's, which holds the credentials. */
  readonly cause?: unknown;
}

/**
 * The request did not get a response: the connection was refused or reset, the name did not
 * resolve, the TLS handshake failed, or the per-request timeout passed. `networkCode` is
 * Node's code (`ECONNRESET`, `ETIMEDOUT`, …). The HTTP library's own error is not kept,
 * because it holds the request options and with them the credentials.
 *
 * When the code says the endpoint is wrong (`wrongEndpoint`: `ENOTFOUND`, or `EPROTO` from
 * TLS), the message says what to check instead of quoting Node (`cannot resolve host …: check
 * the cloud and region (or the endpoint)`, `TLS handshake failed with …: is the endpoint http
 * or https?`), and Node's error is the `cause`.
 */
export class ElbNetworkError extends JobwaitError {
  readonly code = 'ERR_ELB_NETWORK';
  override readonly name = 'ElbNetworkError';
  /** Node's error code, such as `ECONNRESET`; `ETIMEDOUT` for the per-request timeout. */
  readonly networkCode: string;
  /** True when the per-request timeout cut the request. */
  readonly timedOut: boolean;
  /** The URL that was requested. */
  readonly url: string;
  /**
   * True when the request went to the wrong place, so that no retry can help: the host name
   * does not resolve, or TLS failed as when the endpoint's `http:`/`https:` is the wrong one.
   * `classifyElbError` reads such an error as fatal.
   */
  readonly wrongEndpoint: boolean;

  constructor(fields: ElbNetworkErrorFields) {
    super(`GET ${fields.url} failed: ${networkProblem(fields)}`, { cause: fields.cause });
    this.networkCode = fields.networkCode;
    this.timedOut = fields.timedOut;
    this.url = fields.url;
    this.wrongEndpoint = isWrongEndpointCode(fields.networkCode);
  }
}

/** What went wrong without an answer, and for a wrong endpoint what to check. */
function networkProblem({ networkCode, url, detail }: ElbNetworkErrorFields): string {
  return wrongEndpointProblem(networkCode, url, 'endpoint') ?? detail;
}

/**
 * What to check when Node's network code says that `url` is the wrong place (see
 * {@link isWrongEndpointCode}), `endpoint` naming the option that gave it; `undefined` for
 * any other code.
 */
export function wrongEndpointProblem(
  networkCode: string,
  url: string,
  endpoint: string,
): string | undefined {
  const { host, hostname } = new URL(url);

  if (UNRESOLVED_CODES.has(networkCode)) {
    return `cannot resolve host ${hostname}: check the cloud and region (or the ${endpoint})`;
  }

  return TLS_PROTOCOL_CODES.has(networkCode)
    ? `TLS handshake failed with ${host}: is the ${endpoint} http or https?`
    : undefined;
}

/** Fields of an {@link ElbTransportError}. */
export interface ElbTransportErrorFields {
  /**
   * Node's network code, such as `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND` or `EPROTO`;
   * `ETIMEDOUT` when the request's `timeoutMs` (or a shorter timeout of the HTTP library)
   * passed. A non-empty string.
   */
  readonly networkCode: string;
  /** True when a timeout cut the request. Default false. */
  readonly timedOut?: boolean;
  /**
   * What went wrong, as Node or the HTTP library said it. It must never hold a header value;
   * the client still replaces any credential it sent by `[redacted]` before showing it.
   */
  readonly message: string;
  /**
   * Node's own error. The client keeps it, as the `cause` of its `ElbNetworkError`, only when
   * `networkCode` says that the endpoint is wrong; never give the HTTP library's error, which
   * may hold the request and with it the credentials.
   */
  readonly cause?: unknown;
}

/**
 * No answer came to a request of an `ElbTransport`: what a transport rejects with when the
 * connection was refused or reset, the host name did not resolve, TLS failed, or the request's
 * timeout passed. The client turns it into an {@link ElbNetworkError}, the same whatever the
 * transport, so a transport never builds one itself. Recognised by its `code` and core's
 * brand, so one made by another copy of this package counts too.
 *
 * @throws TypeError from the constructor when `networkCode` is not a non-empty string.
 */
export class ElbTransportError extends JobwaitError {
  readonly code = 'ERR_ELB_TRANSPORT';
  override readonly name = 'ElbTransportError';
  /** Node's network code, such as `ECONNREFUSED`; `ETIMEDOUT` for a timeout. */
  readonly networkCode: string;
  /** True when a timeout cut the request. */
  readonly timedOut: boolean;

  constructor(fields: ElbTransportErrorFields) {
    super(fields.message, { cause: fields.cause });
    if (typeof fields.networkCode !== 'string' || fields.networkCode === '') {
      throw new TypeError('Expected field `networkCode` to be a non-empty string');
    }
    this.networkCode = fields.networkCode;
    this.timedOut = fields.timedOut === true;
  }
}

/** A request was made on an `ElbClient` after its `close()`. */
export class ElbClientClosedError extends JobwaitError {
  readonly code = 'ERR_ELB_CLIENT_CLOSED';
  override readonly name = 'ElbClientClosedError';

  constructor() {
    super('The ELB client is closed; create a new one to send more requests');
  }
}

function isApiNotAvailable({ statusCode, errorCode }: ElbHttpErrorFields): boolean {
  return statusCode === 404 && errorCode === API_NOT_PUBLISHED_CODE;
}

function httpMeaning(fields: ElbHttpErrorFields): string | undefined {
  return isApiNotAvailable(fields) ? API_NOT_AVAILABLE : errorMeaning(fields.errorCode);
}

/** `(code: message; meaning: …)`, or an empty string when the answer had no code or message. */
function providerText(
  code: string | undefined,
  message: string | undefined,
  meaning?: string,
): string {
  const said = [code, message].filter(Boolean).join(': ');
  const text = meaning === undefined ? said : `${said}; meaning: ${meaning}`;

  return text === '' ? '' : ` (${text})`;
}

function httpErrorMessage(fields: ElbHttpErrorFields): string {
  const request = fields.requestId ? ` [request id ${fields.requestId}]` : '';

  if (isApiNotAvailable(fields)) {
    const said = providerText(fields.errorCode, fields.errorMessage);
    return (
      `The classic ELB API is not available in this region or cloud: ` +
      `${endpointOf(fields.url)} answered HTTP ${fields.statusCode}${said}, so it does not ` +
      `offer the /v1.0 jobs API; check the endpoint, cloud and region${request}`
    );
  }

  const said = providerText(fields.errorCode, fields.errorMessage, httpMeaning(fields));

  return `GET ${fields.url} answered HTTP ${fields.statusCode}${said}${request}`;
}

/** The endpoint a job URL was built on: everything before its `/v1.0/` path. */
function endpointOf(url: string): string {
  const at = url.indexOf('/v1.0/');

  return at === -1 ? new URL(url).origin : url.slice(0, at);
}

const PROBLEMS: Record<ElbProtocolProblem, string> = {
  'not-json': 'the body is not JSON',
  'not-object': 'the body is not a JSON object',
  'missing-status': 'the body has no `status` string',
  'error-envelope': 'the body is an error envelope',
  'too-large': 'the body is larger than the size cap',
  'too-deep': `the body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`,
};

function protocolErrorMessage(fields: ElbProtocolErrorFields): string {
  const status = fields.statusCode === undefined ? '' : ` (HTTP ${fields.statusCode})`;
  const meaning = errorMeaning(fields.errorCode);
  const known = meaning === undefined ? '' : ` (${meaning})`;
  const code = fields.errorCode ? `: ${fields.errorCode}${known}` : '';
  const request = fields.requestId ? ` [request id ${fields.requestId}]` : '';

  const problem = `${PROBLEMS[fields.problem]}${code}`;

  return `Malformed response from GET ${fields.url}${status}: ${problem}${request}`;
}
