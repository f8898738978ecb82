import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createServer } from 'node:net';

import { Agent } from 'undici';

import { gotTransport } from '../../src/transport/got-transport.js';
import type { ElbTransportFactory } from '../../src/transport/transport.js';
import { undiciTransport } from '../../src/undici.js';

/** A transport of the package, and the same one with name lookups that fail. */
export interface Contender {
  readonly name: string;
  readonly transport: ElbTransportFactory;
  /**
   * The transport, its name lookups failing with Node's `code` as the resolver would, without
   * asking any DNS server: through the agents' or the dispatcher's own `lookup`.
   */
  readonly failingLookup: (code: string) => ElbTransportFactory;
}

type LookupDone = (error: Error) => void;

/** A `lookup` for `net.connect` that fails as `getaddrinfo` does with `code`. */
function lookupFailing(code: string) {
  return (hostname: string, _options: unknown, done: LookupDone): void => {
    const error = Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), {
      code,
      syscall: 'getaddrinfo',
      hostname,
    });
    process.nextTick(done, error);
  };
}

/** Both transports, so that one table of behaviour runs against each. */
export const CONTENDERS: readonly Contender[] = [
  {
    name: 'got',
    transport: gotTransport,
    failingLookup: (code) => {
      const options = { keepAlive: true, lookup: lookupFailing(code) } as object;
      return ({ maxSockets }) =>
        gotTransport({
          maxSockets,
          agents: { http: new HttpAgent(options), https: new HttpsAgent(options) },
        });
    },
  },
  {
    name: 'undici',
    transport: undiciTransport,
    failingLookup: (code) => {
      const connect = { lookup: lookupFailing(code) } as object;
      return ({ maxSockets }) =>
        undiciTransport({
          maxSockets,
          dispatcher: new Agent({ connections: maxSockets, connect }),
        });
    },
  },
];

/** A loopback port that nothing listens on: one just freed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));

  return port;
}
