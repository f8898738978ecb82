import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

import { afterEach, describe, expect, it } from '@jest/globals';
import { Agent, errors, ProxyAgent, type Dispatcher } from 'undici';

import { tokenAuth } from '../../src/auth.js';
import { ElbClient } from '../../src/client.js';
import { ElbTransportError } from '../../src/errors.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { undiciTransport } from '../../src/undici.js';
import { rejectionOf, thrownBy } from '../helpers.js';

const TOKEN = 'MIIsecret-undici-token';
const REQUEST = {
  method: 'GET',
  url: 'http://127.0.0.1:9/v1.0/p1/jobs/j1',
  headers: { 'x-auth-token': TOKEN },
  timeoutMs: 5000,
  maxBytes: 4096,
} as const;

let sim: Simulator | undefined;
let proxy: Server | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
  proxy?.closeAllConnections();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  proxy = undefined;
});

/** A dispatcher whose every request fails with `error`, as undici's would. */
function failingWith(error: unknown): Dispatcher {
  return {
    request: () => Promise.reject(error),
    destroy: () => Promise.resolve(),
  } as unknown as Dispatcher;
}

describe('undiciTransport', () => {
  it.each([
    [{ maxSockets: 0 }, RangeError, /`settings\.maxSockets`/],
    [{ maxSockets: 1.5 }, RangeError, /`settings\.maxSockets`/],
    [{}, TypeError, /`settings\.maxSockets`/],
    [{ maxSockets: 2, Dispatcher: new Agent() }, TypeError, /did you mean `dispatcher`/],
    [{ maxSockets: 2, dispatcher: {} }, TypeError, /`settings\.dispatcher\.request`/],
    [null, TypeError, /`settings`/],
    [{ maxSockets: 2, dispatcher: null }, TypeError, /`settings\.dispatcher`/],
  ])('refuses the settings %p', (settings, type, message) => {
    const error = thrownBy(() => undiciTransport(settings as never));

    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
  });

  it.each([
    ['a connect timeout', new errors.ConnectTimeoutError(), 'ETIMEDOUT', true],
    ['a headers timeout', new errors.HeadersTimeoutError(), 'ETIMEDOUT', true],
    ['a body timeout', new errors.BodyTimeoutError(), 'ETIMEDOUT', true],
    ['a socket closed midway', new errors.SocketError('other side closed'), 'ECONNRESET', false],
    ['a destroyed dispatcher', new errors.ClientDestroyedError(), 'UND_ERR_DESTROYED', false],
    [
      'a parser error',
      Object.assign(new errors.HTTPParserError('bad'), { code: 'HPE_INVALID_CONSTANT' }),
      'HPE_INVALID_CONSTANT',
      false,
    ],
  ])('reads %s as %s', async (_, failed, networkCode, timedOut) => {
    const transport = undiciTransport({ maxSockets: 1, dispatcher: failingWith(failed) });

    const error = await rejectionOf(transport.send(REQUEST));

    expect(error).toBeInstanceOf(ElbTransportError);
    expect(error).toMatchObject({ networkCode, timedOut, message: (failed as Error).message });
    expect((error as Error).cause).toBeUndefined();
  });

  it("keeps Node's error, and its code, when the socket failed with one", async () => {
    const node = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const socket = Object.assign(new errors.SocketError('socket failed'), { cause: node });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

    const [reset, notConnected] = await Promise.all([
      rejectionOf(
        undiciTransport({ maxSockets: 1, dispatcher: failingWith(socket) }).send(REQUEST),
      ),
      rejectionOf(
        undiciTransport({ maxSockets: 1, dispatcher: failingWith(refused) }).send(REQUEST),
      ),
    ]);

    expect(reset).toMatchObject({ networkCode: 'ECONNRESET', cause: node });
    expect(notConnected).toMatchObject({ networkCode: 'ECONNREFUSED', cause: refused });
  });

  it('passes on an error without a code as it is, for the client to read', async () => {
    const odd = new Error('odd');
    const transport = undiciTransport({ maxSockets: 1, dispatcher: failingWith(odd) });

    await expect(transport.send(REQUEST)).rejects.toBe(odd);
  });

  it('rejects with the reason of a signal aborted before it sends, sending nothing', async () => {
    const reason = new Error('stop');
    let requests = 0;
    const dispatcher = { request: () => (requests += 1), destroy: async () => undefined };
    const transport = undiciTransport({ maxSockets: 1, dispatcher: dispatcher as never });

    const error = await rejectionOf(
      transport.send({ ...REQUEST, signal: AbortSignal.abort(reason) }),
    );

    expect(error).toBe(reason);
    expect(requests).toBe(0);
  });

  it('closes without throwing when a dispatcher of its own fails to destroy', () => {
    const dispatcher = Object.assign(new Agent(), {
      destroy: () => {
        throw new Error('cannot');
      },
    });

    expect(() => undiciTransport({ maxSockets: 1, dispatcher }).close()).not.toThrow();
  });

  it('destroys a dispatcher given to it at close', () => {
    const dispatcher = new Agent();
    undiciTransport({ maxSockets: 1, dispatcher }).close();

    expect(dispatcher.destroyed).toBe(true);
  });

  it("goes through a proxy with undici's ProxyAgent as the dispatcher", async () => {
    sim = await startSimulator({ token: TOKEN });
    const { job_id } = sim.addJob();
    const tunnels: string[] = [];
    // A proxy that tunnels, as undici's ProxyAgent asks it to with CONNECT.
    proxy = createServer().on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      tunnels.push(req.url ?? '');
      const [host = '', port = ''] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy?.listen(0, '127.0.0.1', resolve));
    const uri = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const client = new ElbClient({
      endpoint: sim.url,
      auth: tokenAuth(TOKEN),
      transport: ({ maxSockets }) =>
        undiciTransport({
          maxSockets,
          dispatcher: new ProxyAgent({ uri, connections: maxSockets }),
        }),
    });

    try {
      const job = await client.getJob({ projectId: sim.projectId, jobId: job_id });

      expect(job.status).toBe('INIT');
      expect(tunnels).toEqual([new URL(sim.url).host]);
    } finally {
      client.close();
    }
  });
});
