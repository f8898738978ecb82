import type { IncomingHttpHeaders } from 'node:http';

import { assertKnownFields, assertNumber, assertObject } from '../validate.js';

/** One request as an {@link ElbTransport} sends it. */
export interface ElbTransportRequest {
  /** The HTTP method, upper case; the client sends `GET` only. */
  readonly method: 'GET' | 'POST';
  /** The full URL, path already encoded. */
  readonly url: string;
  /**
   * Every header to send, names in lower case, credentials included: send them as they are,
   * and never keep them, log them or put them into an error.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** The body to send, if any; never for a `GET`. */
  readonly body?: string;
  /** The whole request, connection to last body byte read, in milliseconds. */
  readonly timeoutMs: number;
  /** The most body bytes to read; a longer body is cut there (see `truncated`). */
  readonly maxBytes: number;
  /** Aborts the request: `send` then rejects with `signal.reason`, its socket closed. */
  readonly signal?: AbortSignal | undefined;
}

/** An answer, whatever its status, with at most `maxBytes` of its body. */
export interface ElbTransportAnswer {
  /** The HTTP status code, whatever it is: no status is an error for a transport. */
  readonly statusCode: number;
  /** The response headers, names in lower case; a repeated header as an array. */
  readonly headers: IncomingHttpHeaders;
  /** The body decoded as UTF-8: its first `maxBytes` bytes when `truncated`. */
  readonly body: string;
  /**
   * True when the body was longer than `maxBytes`: the rest was not read, and the connection
   * it was coming on was closed rather than drained.
   */
  readonly truncated: boolean;
}

/**
 * Sends the requests of one `ElbClient`: the seam between the client and an HTTP library. The
 * client builds a transport with its {@link ElbTransportFactory} when it is created, calls
 * `send` for every request (a retry after a `401` included), and `close` once, from its own
 * `close()`.
 *
 * A transport does what the client asks and nothing more: no retries, no redirects followed
 * (a `3xx` is an answer like any other), no decompression (send no `Accept-Encoding` of your
 * own), no status turned into an error. The waiter's policy is the only retry policy.
 *
 * `send` resolves to the answer, or rejects:
 *
 * - with `request.signal.reason` when the signal aborted the request;
 * - with an {@link ElbTransportError} when no answer came: the connection was refused or reset,
 *   the host name did not resolve, TLS failed, or `timeoutMs` passed (`timedOut: true`,
 *   `networkCode` `ETIMEDOUT`).
 *
 * The client turns an `ElbTransportError` into an `ElbNetworkError`, the same for every
 * transport: the message scrubbed of credentials, the `cause` kept only when the network code
 * says that the endpoint is wrong (`ENOTFOUND`, `EPROTO`). Anything else that `send` throws
 * becomes an `ElbNetworkError` too (transient, its message scrubbed, nothing kept as `cause`),
 * and an answer that is not an object of the shape above a `TypeError` naming `transport`. An
 * answer whose `statusCode` is outside 100–599 is the server's fault: an `ElbNetworkError`
 * `HPE_INVALID_STATUS`, transient.
 *
 * @remarks The client trusts a transport with what it alone can do: it does not cut a `send`
 * that ignores `timeoutMs` or `signal` (the waiter's `pollTimeoutMs` still ends the poll), and
 * it keeps an `ElbTransportError`'s `networkCode` as given (unless it holds a credential the
 * client sent), and its `cause` when that code says the endpoint is wrong: put no credential
 * in either.
 */
export interface ElbTransport {
  /** Sends one request and reads its answer; see {@link ElbTransport} for how it fails. */
  send(request: ElbTransportRequest): Promise<ElbTransportAnswer>;
  /**
   * Destroys every socket the transport holds, idle or busy, so that none outlives the client.
   * Called once; requests sent after it may fail in any way.
   */
  close(): void;
}

/** What an `ElbClient` tells its {@link ElbTransportFactory}. */
export interface ElbTransportSettings {
  /** The most sockets open to the endpoint at once: the client's `maxSockets`. */
  readonly maxSockets: number;
}

/**
 * Builds the transport of one `ElbClient`, from the client's settings: the `transport` option,
 * such as `gotTransport` (the default) or `undiciTransport` from `@jobwait/elb-classic/undici`.
 * It is called once per client, and the client closes what it returns.
 */
export type ElbTransportFactory = (settings: ElbTransportSettings) => ElbTransport;

/** The settings every built-in transport takes. */
const SETTING_NAMES = ['maxSockets'] as const;

/**
 * Checks the settings of a built-in transport: an object of `maxSockets` (an integer from 1 to
 * 1024) and the transport's own `extra` fields, nothing else.
 *
 * @throws TypeError or RangeError naming the field.
 */
export function assertTransportSettings(
  settings: unknown,
  extra: readonly string[],
): asserts settings is ElbTransportSettings {
  assertObject('settings', settings);
  assertKnownFields('settings', settings, [...SETTING_NAMES, ...extra]);
  const { maxSockets } = settings as Partial<ElbTransportSettings>;
  assertNumber('settings.maxSockets', maxSockets, { min: 1, max: 1024, integer: true });
}
