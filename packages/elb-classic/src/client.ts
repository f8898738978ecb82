import { setMaxListeners } from 'node:events';

import { invitesRefresh, type ElbAuth } from './auth.js';
import { ELB_WAIT_DEFAULTS } from './defaults.js';
import { resolveEndpoint, type ElbEndpointOptions } from './endpoint.js';
import { parseErrorBody, parseJson } from './error-body.js';
import { ElbClientClosedError } from './errors.js';
import { isHeaderName, isHeaderValue } from './header-check.js';
import { httpGet } from './http-get.js';
import { assertId } from './ids.js';
import type { ElbJob } from './job.js';
import { readJobResponse, type RawResponse } from './job-response.js';
import { linkedSignal } from './linked-signal.js';
import { checkedRateLimit, type RateLimitOptions } from './rate-limit/rate-limit-options.js';
import type { Permit, RateLimitState } from './rate-limit/rate-limiter.js';
import { leaseRateLimits, type RateLimitLease } from './rate-limit/shared-rate-limits.js';
import { parseRetryAfter } from './retry-after.js';
import { credentialValues, secretsOf } from './scrub.js';
import { SharedTaskSlot } from './shared-task.js';
import { gotTransport } from './transport/got-transport.js';
import type { ElbTransport, ElbTransportFactory } from './transport/transport.js';
import {
  assertFunction,
  assertKnownFields,
  assertNumber,
  assertObject,
  assertOptionalSignal,
  describe,
} from './validate.js';

/** Options of an {@link ElbClient}. Give `endpoint`, or `cloud` and `region`. */
export interface ElbClientOptions extends ElbEndpointOptions {
  /** Adds credentials to each request, for example `tokenAuth(token)`. Required. */
  auth: ElbAuth;
  /**
   * The longest one HTTP request may take, connection to last byte. Default 10 000 ms.
   *
   * @remarks A `101 Switching Protocols` answer is not cut at this timeout; only the waiter's
   * `pollTimeoutMs` ends such a poll.
   */
  requestTimeoutMs?: number;
  /**
   * The largest response body read. Default 1 048 576 bytes (1 MiB). A 2xx body over it is
   * refused (`ElbProtocolError`, `too-large`); any other answer keeps its status, and its error
   * its first `maxResponseBytes` bytes.
   */
  maxResponseBytes?: number;
  /** The most sockets open to the endpoint at once. Default 8. */
  maxSockets?: number;
  /**
   * Builds the transport that sends the client's requests, from `{ maxSockets }`: a function
   * such as `gotTransport` (the default: got over keep-alive agents) or `undiciTransport` from
   * `@jobwait/elb-classic/undici` (less CPU per request, for thousands of waits in one
   * process), or one of your own (see `ElbTransport`). Called once, by the constructor; the
   * client's `close()` closes what it returns.
   */
  transport?: ElbTransportFactory;
  /**
   * Paces requests under the gateway's limit, with a limiter per project id shared by every
   * client of the same endpoint origin in the process (see {@link RateLimitOptions}). Default:
   * none, each request goes at once.
   *
   * @remarks The wait for a request's turn is part of its poll, so it counts against the
   * waiter's `pollTimeoutMs` and shows in the `durationMs` of `poll:end`.
   */
  rateLimit?: RateLimitOptions;
}

/** Every option an {@link ElbClient} takes: any other is refused. */
const OPTION_NAMES = [
  'endpoint',
  'cloud',
  'region',
  'auth',
  'requestTimeoutMs',
  'maxResponseBytes',
  'maxSockets',
  'transport',
  'rateLimit',
] as const;

/** What {@link ElbClient.getJob} fetches. */
export interface GetJobOptions {
  /** The project (tenant) id, as in the API path. */
  projectId: string;
  /** The job id, as a create call answered it. */
  jobId: string;
  /** Aborts the request; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Where one request goes, and what aborts it. */
interface Target {
  readonly url: string;
  readonly projectId: string;
  /** The caller's signal, or the client's own, which aborts at `close()`; or both. */
  readonly signal: AbortSignal;
}

/** Headers that `auth.authorize` gave, checked, and what the client sends and scrubs of them. */
interface CheckedCredentials {
  /** A copy of the headers as `authorize` gave them. */
  readonly given: Readonly<Record<string, string>>;
  /** Every header to send: the client's, then the credentials. Copied for each request. */
  readonly headers: Readonly<Record<string, string>>;
  /** The credential values worth scrubbing from an answer (see `secretsOf`). */
  readonly secrets: readonly string[];
}

/** One request sent and its answer, with the credential values worth scrubbing from it. */
interface Exchange {
  readonly response: RawResponse;
  readonly secrets: readonly string[];
  /** Why the answer is final, when something else failed too (a credential refresh). */
  readonly cause?: unknown;
  /** How many refreshes had given new credentials when the request was authorized. */
  readonly generation: number;
}

const BASE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  accept: 'application/json',
  'content-type': 'application/json',
  'user-agent': 'jobwait-elb-classic',
});

/**
 * A client for `GET {endpoint}/v1.0/{project_id}/jobs/{job_id}` of the classic ELB API. It
 * owns its transport (got over keep-alive agents unless `transport` says otherwise), so
 * requests share connections; call {@link close} when done so that no socket remains. It never
 * retries on its own, except that a `401` that says the credentials are expired or invalid (see
 * `CREDENTIAL_REJECTED_CODES`; a `401` without a code too) asks the auth to refresh once and,
 * if it did, sends the request once more.
 *
 * Refreshes are never repeated in a loop: credentials that a refresh gave count as unproven
 * until a `2xx` answer accepts them, and a `401` to unproven credentials is final, on this
 * poll and on every later one, so the wait ends rather than refreshing on every poll. Requests
 * that meet a `401` at the same time share one refresh, and a request whose credentials a
 * refresh has renewed since it was sent is retried with the new ones without another refresh.
 *
 * @throws TypeError or RangeError naming the option, from the constructor, for any invalid
 *   or unknown option (an unknown one with a hint to the option it resembles, such as
 *   `requestTimeoutMs` for `requestTimeout`); no request is sent before the options are valid.
 */
export class ElbClient {
  /** The base URL, without a trailing slash. */
  readonly endpoint: string;
  /** The per-request timeout in milliseconds. */
  readonly requestTimeoutMs: number;
  /** The response size cap in bytes. */
  readonly maxResponseBytes: number;
  readonly #auth: ElbAuth;
  readonly #transport: ElbTransport;
  /** The last credentials checked: a token's are the same for every request. */
  #credentials: CheckedCredentials | undefined;
  readonly #rateLimits: RateLimitLease | undefined;
  #closed = false;
  /** How many refreshes have given new credentials. */
  #generation = 0;
  /** Whether the credentials of the last useful refresh still wait for a 2xx that accepts them. */
  #unproven = false;
  readonly #refreshing = new SharedTaskSlot<boolean>();
  /** Aborts at {@link close}: whatever a request still waits for (credentials) stops then. */
  readonly #closing = new AbortController();

  constructor(options: ElbClientOptions) {
    assertObject('options', options);
    assertKnownFields('', options, OPTION_NAMES);
    // One listener per request in flight, as many as the waits sharing this client: not a leak.
    setMaxListeners(0, this.#closing.signal);
    const {
      auth,
      requestTimeoutMs = ELB_WAIT_DEFAULTS.requestTimeoutMs,
      maxResponseBytes = ELB_WAIT_DEFAULTS.maxResponseBytes,
      maxSockets = ELB_WAIT_DEFAULTS.maxSockets,
      transport = gotTransport,
    } = options;

    this.endpoint = resolveEndpoint(options);
    assertAuth(auth);
    assertNumber('requestTimeoutMs', requestTimeoutMs, { min: 1 });
    assertNumber('maxResponseBytes', maxResponseBytes, { min: 1, max: 2 ** 30, integer: true });
    assertNumber('maxSockets', maxSockets, { min: 1, max: 1024, integer: true });
    assertFunction('transport', transport);
    const rateLimit =
      options.rateLimit === undefined
        ? undefined
        : checkedRateLimit('rateLimit', options.rateLimit);

    this.requestTimeoutMs = requestTimeoutMs;
    this.maxResponseBytes = maxResponseBytes;
    this.#auth = auth;
    this.#transport = checkedTransport(transport({ maxSockets }));

    try {
      // Last: it throws when another client of the endpoint has other settings.
      this.#rateLimits = rateLimit && leaseRateLimits(this.endpoint, rateLimit);
    } catch (error) {
      this.#transport.close();
      throw error;
    }
  }

  /** Whether {@link close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The URL of a job, from validated, path-encoded ids.
   *
   * @throws TypeError naming `projectId` or `jobId` when an id is empty, too long, not
   *   well-formed, made of dots only, or holds whitespace, control characters, `/`, `\`, `?`,
   *   `#` or `..`.
   */
  jobUrl(projectId: string, jobId: string): string {
    assertId('projectId', projectId);
    assertId('jobId', jobId);

    const project = encodeURIComponent(projectId);

    return `${this.endpoint}/v1.0/${project}/jobs/${encodeURIComponent(jobId)}`;
  }

  /**
   * Fetches one observation of a job. Should the server echo a credential that `auth` added to
   * the request (one of at least 8 characters), the job or the error built from its answer
   * shows `[redacted]` instead, in every string of a job body (keys included) as in every text
   * an error takes from the answer. `signal` reaches `auth` too, so that fetching credentials
   * (an IAM sign-in) stops when it aborts.
   *
   * @throws ElbHttpError for a non-2xx answer (a 401 after at most one refresh and one retry);
   *   ElbProtocolError for a malformed body; ElbNetworkError when no answer came in time;
   *   the signal's reason when `signal` aborted; ElbClientClosedError after {@link close};
   *   TypeError (naming the header, never showing its value) when `auth.authorize` gives a
   *   header that cannot be sent.
   * @remarks Scrubbing a 2xx job body changes the provider's data where it holds a credential
   * value: an id that a custom auth also sends in a header of 8 characters or more shows as
   * `[redacted]` (`X-Project-Id` and `X-Sdk-Date` are never scrubbed). Scrubbing finds each
   * whole credential value (and the signature of a signed `Authorization`), as it is and as
   * JSON escapes it, not one echoed in another encoding or in part.
   */
  async getJob({ projectId, jobId, signal }: GetJobOptions): Promise<ElbJob> {
    assertOptionalSignal('signal', signal);
    const url = this.jobUrl(projectId, jobId);
    const either = linkedSignal([signal, this.#closing.signal]);

    try {
      const target = { url, projectId, signal: either.signal };
      const first = await this.#send(target);
      const { response, secrets, cause } =
        first.response.statusCode === 401 ? await this.#afterUnauthorized(target, first) : first;

      return readJobResponse(response, { url, now: Date.now(), cause, secrets });
    } finally {
      either.release();
    }
  }

  /**
   * What the rate limiter of `projectId` is doing: the rate it allows now, requests queued and
   * granted, the time they waited, `429` answers and cuts. `undefined` without `rateLimit`, or
   * before the project's first request.
   */
  rateLimitState(projectId: string): RateLimitState | undefined {
    return this.#rateLimits?.state(projectId);
  }

  /**
   * Closes every socket the client holds (its transport's `close()`), takes its requests still
   * waiting for their turn out of the rate limiter, and aborts those still waiting for
   * credentials (an IAM sign-in) or for their answer, all of them then rejecting with
   * `ElbClientClosedError`. Idempotent; later requests are refused.
   */
  close(): void {
    if (this.#closed) return;

    this.#closed = true;
    this.#closing.abort(new ElbClientClosedError());
    this.#rateLimits?.release(new ElbClientClosedError());
    this.#transport.close();
  }

  /**
   * After a 401 that invites a refresh, sends the request once more if there are new
   * credentials to send: from a refresh made for it (or shared with another request), or from
   * one made since it was sent.
   */
  async #afterUnauthorized(target: Target, unauthorized: Exchange): Promise<Exchange> {
    if (!invitesRefresh(unauthorized.response.statusCode, errorCodeOf(unauthorized.response))) {
      return unauthorized;
    }

    let renewed: boolean;

    try {
      renewed = await this.#renewedSince(unauthorized.generation, target.signal);
    } catch (cause) {
      // An abandoned poll ends as any abandoned request does, with the signal's reason.
      target.signal.throwIfAborted();
      return { ...unauthorized, cause };
    }

    if (!renewed) {
      return unauthorized;
    }

    const retried = await this.#send(target);
    // The second answer may echo the first request's credentials as well as its own.
    const secrets = secretsOf([...unauthorized.secrets, ...retried.secrets]);

    return { ...retried, secrets };
  }

  /**
   * Whether there are credentials newer than `generation`, refreshing once if need be. A
   * refresh is shared by the requests that need it, and aborted once all of them are abandoned.
   */
  #renewedSince(generation: number, signal: AbortSignal): Promise<boolean> {
    if (generation < this.#generation) {
      return Promise.resolve(true);
    }

    // Refreshed credentials that no answer accepted were rejected: another refresh would loop.
    if (this.#unproven || this.#auth.refresh === undefined) {
      return Promise.resolve(false);
    }

    return this.#refreshing.join((shared) => this.#refresh(shared), signal);
  }

  async #refresh(signal: AbortSignal): Promise<boolean> {
    const refreshed = (await this.#auth.refresh?.({ signal })) === true;

    if (refreshed) {
      this.#generation += 1;
      this.#unproven = true;
    }

    return refreshed;
  }

  async #send({ url, projectId, signal }: Target): Promise<Exchange> {
    this.#assertOpen();
    // Before the credentials: a signature made now would age while the request waits.
    const permit = await this.#rateLimits?.acquire(projectId, signal);
    const body = new Uint8Array(0);
    const request = { method: 'GET', url: new URL(url), headers: { ...BASE_HEADERS }, body };
    const generation = this.#generation;
    const credentials = await this.#auth.authorize(request, { signal });
    const checked = this.#checked(credentials);
    // The client may have been closed while the credentials were being fetched.
    this.#assertOpen();

    const { requestTimeoutMs: timeoutMs, maxResponseBytes: maxBytes } = this;
    const transport = this.#transport;
    // A copy for each request: a transport may change it (undici's ProxyAgent adds `host`).
    const headers = { ...checked.headers };
    const { secrets } = checked;
    const options = { url, headers, transport, timeoutMs, maxBytes, signal, secrets };

    const response = await httpGet(options);
    if (permit !== undefined && response.statusCode === 429) {
      this.#throttled(projectId, permit, response);
    }
    const accepted = response.statusCode >= 200 && response.statusCode <= 299;
    if (accepted && generation === this.#generation) this.#unproven = false;

    return { response, secrets, generation };
  }

  /**
   * The credentials checked (see `assertHeaders`), with the headers to send and the values to
   * scrub. Those of the last request are reused when `authorize` gave the same again, as a
   * token auth does, so that a poll does not check and sort them anew.
   */
  #checked(credentials: unknown): CheckedCredentials {
    const last = this.#credentials;
    if (last !== undefined && sameHeaders(last.given, credentials)) return last;

    assertHeaders(credentials);
    const checked: CheckedCredentials = {
      given: { ...credentials },
      headers: { ...BASE_HEADERS, ...credentials },
      secrets: secretsOf(credentialValues(credentials)),
    };
    this.#credentials = checked;

    return checked;
  }

  /** Tells the rate limiter of a `429`, with its `Retry-After`. */
  #throttled(projectId: string, permit: Permit, { headers }: RawResponse): void {
    const retryAfterMs = parseRetryAfter(headers['retry-after'], Date.now());
    this.#rateLimits?.throttled(projectId, permit, retryAfterMs);
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new ElbClientClosedError();
    }
  }
}

/** Whether `headers` holds exactly the names and values of `known`, as own fields. */
function sameHeaders(known: Readonly<Record<string, string>>, headers: unknown): boolean {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return false;

  const names = Object.keys(headers);
  if (names.length !== Object.keys(known).length) return false;

  return names.every(
    (name) =>
      Object.hasOwn(known, name) && (headers as Record<string, unknown>)[name] === known[name],
  );
}

/** The transport a factory built, once sure it is one. */
function checkedTransport(transport: unknown): ElbTransport {
  const { send, close } = (transport ?? {}) as Partial<ElbTransport>;

  if (typeof transport !== 'object' || typeof send !== 'function' || typeof close !== 'function') {
    throw new TypeError(
      'Expected option `transport` to return an object with `send` and `close` functions, ' +
        `got ${describe(transport)}`,
    );
  }

  return transport as ElbTransport;
}

/** The provider's code in an error body, if it has one. */
function errorCodeOf(response: RawResponse): string | undefined {
  return parseErrorBody(parseJson(response.body))?.errorCode;
}

function assertAuth(auth: unknown): asserts auth is ElbAuth {
  assertObject('auth', auth);
  assertFunction('auth.authorize', (auth as Partial<ElbAuth>).authorize);
  const { refresh } = auth as Partial<ElbAuth>;
  if (refresh !== undefined) assertFunction('auth.refresh', refresh);
}

function assertHeaders(headers: unknown): asserts headers is Record<string, string> {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new TypeError('Expected `auth.authorize` to resolve to an object of header strings');
  }

  for (const [name, value] of Object.entries(headers)) {
    assertHeader(name, value);
  }
}

/**
 * Checks one header that `auth.authorize` gave. Sent as it is, a bad one would fail inside the
 * HTTP library as a network error, and be retried to no end. The value is never shown: it is a
 * credential.
 */
function assertHeader(name: string, value: unknown): void {
  if (!isHeaderName(name)) {
    throw new TypeError(
      `Expected \`auth.authorize\` to resolve to valid header names, got ${describe(name)}`,
    );
  }

  if (!isHeaderValue(value)) {
    throw new TypeError(
      `Expected header \`${name}\` from \`auth.authorize\` to be a string of Latin-1 ` +
        'characters without line breaks or other control characters (its value is not shown)',
    );
  }
}
