import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import { RequestError, TimeoutError } from 'got';

import { sendCapped, type CappedAgents } from '../capped-request.js';
import { ElbTransportError } from '../errors.js';
import { assertObject } from '../validate.js';
import {
  assertTransportSettings,
  type ElbTransport,
  type ElbTransportRequest,
  type ElbTransportSettings,
} from './transport.js';

/** Settings of {@link gotTransport}. */
export interface GotTransportSettings extends ElbTransportSettings {
  /**
   * The agents to send through instead of keep-alive agents of `maxSockets` sockets made here:
   * those of a proxy (an `HttpsProxyAgent` of hpagent, say), or agents with TLS options of
   * their own (`ca`). `maxSockets` is then theirs. The transport owns them: its `close()`
   * destroys them. Default: new `http.Agent` and `https.Agent` with `keepAlive: true`.
   */
  readonly agents?: CappedAgents;
}

/**
 * The default transport of `ElbClient`: got 14 over keep-alive `http`/`https` agents of
 * `maxSockets` sockets each, which it owns and destroys at `close()`. It sends each request
 * with got's retries, redirects, decompression and status errors off, cuts it at `timeoutMs`
 * (got's `request` timeout, connection to last byte), reads the body up to `maxBytes` and then
 * closes the connection, and replaces got's errors, which hold the request options and so the
 * credentials, with {@link ElbTransportError}s that keep only Node's own error.
 *
 * Give it as `transport: gotTransport` (the default), or wrap it to pass agents of your own:
 * `transport: ({ maxSockets }) => gotTransport({ maxSockets, agents: proxyAgents(maxSockets) })`.
 *
 * @throws TypeError or RangeError naming the setting, for an invalid one.
 */
export function gotTransport(settings: GotTransportSettings): ElbTransport {
  assertTransportSettings(settings, ['agents']);
  const { maxSockets, agents = keepAliveAgents(maxSockets) } = settings;
  assertAgents(agents);

  return {
    async send(request: ElbTransportRequest) {
      try {
        return await sendCapped(request, agents);
      } catch (error) {
        throw fromGot(error, request.signal);
      }
    },
    close() {
      // Agents of the caller's may throw: each is destroyed whatever the other did.
      for (const agent of [agents.http, agents.https]) {
        try {
          agent.destroy();
        } catch {
          // Its sockets are its own to close now.
        }
      }
    },
  };
}

function keepAliveAgents(maxSockets: number): CappedAgents {
  const options = { keepAlive: true, maxSockets };

  return { http: new HttpAgent(options), https: new HttpsAgent(options) };
}

/**
 * The signal's reason when it aborted the request; for got's errors, which hold the request
 * options, an {@link ElbTransportError} with Node's code, got's message (which quotes Node, or
 * names the timeout) and Node's own error as `cause`.
 */
function fromGot(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) {
    return signal.reason;
  }

  if (!(error instanceof RequestError)) {
    return error;
  }

  const { code: networkCode, message, cause } = error;
  const timedOut = error instanceof TimeoutError;
  const nodeError = cause instanceof RequestError ? undefined : cause;

  return new ElbTransportError({ networkCode, timedOut, message, cause: nodeError });
}

function assertAgents(agents: unknown): asserts agents is CappedAgents {
  assertObject('settings.agents', agents);
  const { http, https } = agents as Partial<CappedAgents>;

  // An https.Agent is an http.Agent too, so each is checked against its own class.
  for (const [name, agent, type] of [
    ['http', http, HttpAgent],
    ['https', https, HttpsAgent],
  ] as const) {
    if (!(agent instanceof type)) {
      throw new TypeError(`Expected option \`settings.agents.${name}\` to be an ${name}.Agent`);
    }
  }
}
