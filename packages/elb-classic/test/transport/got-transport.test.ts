import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import { afterEach, describe, expect, it } from '@jest/globals';

import { gotTransport } from '../../src/transport/got-transport.js';
import { startAnswerServer, type AnswerServer } from '../answer-server.js';
import { eventually, thrownBy } from '../helpers.js';

let server: AnswerServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('gotTransport', () => {
  it.each([
    [{ maxSockets: 0 }, RangeError, /`settings\.maxSockets`/],
    [{ maxSockets: 2000 }, RangeError, /`settings\.maxSockets`/],
    [{ maxSockets: 2, Agents: {} }, TypeError, /did you mean `agents`/],
    [{ maxSockets: 2, agents: { http: {}, https: {} } }, TypeError, /`settings\.agents\.http`/],
    [{ maxSockets: 2, agents: null }, TypeError, /`settings\.agents`/],
    [
      { maxSockets: 2, agents: { http: new HttpAgent(), https: new HttpAgent() } },
      TypeError,
      /`settings\.agents\.https` to be an https\.Agent/,
    ],
    ['8', TypeError, /`settings`/],
  ])('refuses the settings %p', (settings, type, message) => {
    const error = thrownBy(() => gotTransport(settings as never));

    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
  });

  it('destroys the https agent at close even when the http one throws', () => {
    const http = Object.assign(new HttpAgent(), {
      destroy: () => {
        throw new Error('cannot');
      },
    });
    const https = new HttpsAgent({ keepAlive: true });
    let destroyed = false;
    const destroy = https.destroy.bind(https);
    https.destroy = () => {
      destroyed = true;
      destroy();
    };

    expect(() => gotTransport({ maxSockets: 1, agents: { http, https } }).close()).not.toThrow();
    expect(destroyed).toBe(true);
  });

  it('sends through agents given to it, and destroys them at close', async () => {
    server = await startAnswerServer(() => ({ statusCode: 404, body: 'gone' }));
    const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent() };
    const transport = gotTransport({ maxSockets: 1, agents });
    const url = `${server.url}/v1.0/p1/jobs/j1`;

    const answer = await transport.send({
      method: 'GET',
      url,
      headers: { accept: 'application/json' },
      timeoutMs: 5000,
      maxBytes: 1024,
    });
    const open = server;
    expect(Object.keys(agents.http.freeSockets)).toHaveLength(1);
    transport.close();

    expect(answer).toMatchObject({ statusCode: 404, body: 'gone', truncated: false });
    expect(await eventually(async () => (await open.connections()) === 0)).toBe(true);
  });
});
