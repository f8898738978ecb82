import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';

import { Agent, type Dispatcher } from 'undici';

import { ElbTransportError } from '../errors.js';
import { assertFunction, assertObject } from '../validate.js';
import { readCapped } from './read-capped.js';
import {
  assertTransportSettings,
  type ElbTransport,
  type ElbTransportAnswer,
  type ElbTransportRequest,
  type ElbTransportSettings,
} from './transport.js';

/** Settings of {@link undiciTransport}. */
export interface UndiciTransportSettings extends ElbTransportSettings {
  /**
   * The undici dispatcher to send through instead of an `Agent` of `maxSockets` connections
   * per origin made here: a `ProxyAgent` or `EnvHttpProxyAgent` for a proxy, or an `Agent` with
   * `connect` options of its own (`ca`, `lookup`). Its connection limit is then its own. The
   * transport owns it: its `close()` destroys it. Default: `new Agent({ connections:
   * maxSockets })`, keep-alive with undici's defaults.
   */
  readonly dispatcher?: Dispatcher;
}

/**
 * A transport over undici 7 for large fleets: thousands of waits in one process cost about a
 * third of the CPU per request that got does. Each request goes through an undici `Agent` of
 * `maxSockets` keep-alive connections per origin (undici closes an idle one after 4 s, or after
 * the server's `Keep-Alive` hint), with redirects, retries and decompression off, every status
 * answered, and:
 *
 * - a deadline of `timeoutMs` over the whole request, connection to last body byte, besides
 *   undici's headers and body timeouts set to the same;
 * - the body read up to `maxBytes`, the connection then dropped rather than drained;
 * - the signal's reason when `signal` aborts it;
 * - undici's failures as {@link ElbTransportError}s with the network codes got gives: a
 *   timeout (`UND_ERR_CONNECT_TIMEOUT`, `UND_ERR_HEADERS_TIMEOUT`, `UND_ERR_BODY_TIMEOUT`, the
 *   deadline) is `ETIMEDOUT` with `timedOut`, a socket closed midway (`UND_ERR_SOCKET`) is
 *   `ECONNRESET` (or the code of the error under it), and Node's own errors keep their code
 *   (`ECONNREFUSED`, `ENOTFOUND`, `EPROTO`) and are the `cause`.
 *
 * Give it as `transport: undiciTransport`. It is exported from `@jobwait/elb-classic/undici`
 * only, so that a program on got never loads undici.
 *
 * @remarks undici gives up connecting after 10 s (its default connect timeout), even when
 * `timeoutMs` is longer; got waits for the connection as long as `timeoutMs` allows.
 * @throws TypeError or RangeError naming the setting, for an invalid one.
 */
export function undiciTransport(settings: UndiciTransportSettings): ElbTransport {
  assertTransportSettings(settings, ['dispatcher']);
  const given = settings.dispatcher;
  const dispatcher = given === undefined ? new Agent({ connections: settings.maxSockets }) : given;
  assertDispatcher(dispatcher);

  return {
    send: (request) => sendWithUndici(dispatcher, request),
    close() {
      // A dispatcher of the caller's may throw, or fail later: closing the client goes on.
      try {
        void Promise.resolve(dispatcher.destroy()).catch(() => undefined);
      } catch {
        // Its sockets are its own to close now.
      }
    },
  };
}

/** The timeouts that undici reports, each of which reads as got's `ETIMEDOUT`. */
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

async function sendWithUndici(
  dispatcher: Dispatcher,
  request: ElbTransportRequest,
): Promise<ElbTransportAnswer> {
  const { method, url, headers, body, timeoutMs, maxBytes, signal } = request;
  signal?.throwIfAborted();
  const { origin, pathname, search } = new URL(url);
  const stop = new Stop(timeoutMs, signal);

  try {
    const response = await dispatcher.request({
      origin,
      path: `${pathname}${search}`,
      method,
      headers,
      body,
      signal: stop.emitter,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const read = await readCapped(response.body, maxBytes);
    const received = response.headers as IncomingHttpHeaders;

    return { statusCode: response.statusCode, headers: received, ...read };
  } catch (error) {
    throw fromUndici(error, { stop, timeoutMs, signal });
  } finally {
    stop.release();
  }
}

/**
 * What stops one request: its deadline or the caller's signal, as the one event emitter undici
 * takes as `signal`. An emitter rather than an `AbortController`, which costs far more to make
 * for every request; the reason is read from the caller's signal and the deadline, not from it.
 */
class Stop {
  readonly emitter = new EventEmitter();
  #timedOut = false;
  readonly #timer: NodeJS.Timeout;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = (): void => {
    this.emitter.emit('abort');
  };

  constructor(timeoutMs: number, signal: AbortSignal | undefined) {
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.emitter.emit('abort');
    }, timeoutMs);
    this.#signal = signal;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Whether the deadline passed. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** Clears the deadline and stops following the signal. */
  release(): void {
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener('abort', this.#onAbort);
  }
}

/**
 * The signal's reason when it aborted the request; a timeout or a network failure as an
 * {@link ElbTransportError} with the code got would give; anything without a code as it is.
 */
function fromUndici(
  error: unknown,
  { stop, timeoutMs, signal }: { stop: Stop; timeoutMs: number; signal: AbortSignal | undefined },
): unknown {
  if (signal?.aborted) {
    return signal.reason;
  }

  if (stop.timedOut) {
    const message = `no answer within ${timeoutMs} ms`;
    return new ElbTransportError({ networkCode: 'ETIMEDOUT', timedOut: true, message });
  }

  const code = codeOf(error);
  if (code === undefined) {
    return error;
  }

  const { message } = error as Error;

  if (TIMEOUT_CODES.has(code)) {
    return new ElbTransportError({ networkCode: 'ETIMEDOUT', timedOut: true, message });
  }

  if (code === 'UND_ERR_SOCKET') {
    const cause = (error as Error).cause;
    return new ElbTransportError({ networkCode: codeOf(cause) ?? 'ECONNRESET', message, cause });
  }

  // undici's other errors (and its parser's) hold no request, but only Node's own are kept.
  const cause = code.startsWith('UND_ERR') || code.startsWith('HPE_') ? undefined : error;

  return new ElbTransportError({ networkCode: code, message, cause });
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;

  return typeof code === 'string' && code !== '' ? code : undefined;
}

function assertDispatcher(dispatcher: unknown): asserts dispatcher is Dispatcher {
  assertObject('settings.dispatcher', dispatcher);
  const { request, destroy } = dispatcher as Partial<Dispatcher>;
  assertFunction('settings.dispatcher.request', request);
  assertFunction('settings.dispatcher.destroy', destroy);
}
