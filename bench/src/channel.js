import { fork } from 'node:child_process';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

import { now } from './clock.js';

/**
 * @typedef {object} Channel - a child process and the messages it sends, by type.
 * @property {import('node:child_process').ChildProcess} child
 * @property {(type: string) => Promise<any>} next - the next message of that type, or the
 *   rejection of an exit before it came.
 * @property {(message: object) => void} send
 * @property {Promise<{ code: number | null, at: number }>} exited - when (by `now()`) and how.
 */

/**
 * Forks a script of this folder with an IPC channel and sorts what it sends by `type`.
 *
 * @param {string} script - the file name, relative to this folder.
 * @param {string[]} args
 * @param {string[]} [execArgv]
 * @returns {Channel}
 */
export function openChannel(script, args, execArgv = []) {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, { execArgv });
  /** @type {Map<string, any[]>} */
  const inbox = new Map();
  /** @type {Map<string, (message: any) => void>} */
  const waiting = new Map();
  const exited = new Promise((resolve) => {
    child.once('exit', (code) => resolve({ code, at: now() }));
  });

  child.on('message', (/** @type {any} */ message) => {
    const resolve = waiting.get(message.type);
    if (resolve === undefined)
      inbox.set(message.type, [...(inbox.get(message.type) ?? []), message]);
    else {
      waiting.delete(message.type);
      resolve(message);
    }
  });

  const next = (/** @type {string} */ type) => {
    const queued = inbox.get(type)?.shift();
    if (queued !== undefined) return Promise.resolve(queued);

    const exit = exited.then(({ code }) => {
      throw new Error(`${script} exited with code ${code} before sending '${type}'`);
    });

    return Promise.race([new Promise((resolve) => waiting.set(type, resolve)), exit]);
  };

  return { child, next, send: (message) => child.send(message), exited };
}

/**
 * How far the child's `now()` is ahead of this process's, from the exchange with the shortest
 * round trip of a few pings: the child's reading is taken to fall halfway through it.
 *
 * @param {Channel} channel
 * @returns {Promise<{ offsetMs: number, roundTripMs: number }>}
 */
export async function measureClockOffset(channel) {
  let best = { offsetMs: 0, roundTripMs: Infinity };

  for (let ping = 0; ping < 7; ping += 1) {
    const sentAt = now();
    channel.send({ type: 'ping' });
    const { at } = await channel.next('pong');
    const receivedAt = now();
    const roundTripMs = receivedAt - sentAt;
    if (roundTripMs < best.roundTripMs) {
      best = { offsetMs: at - (sentAt + receivedAt) / 2, roundTripMs };
    }
  }

  return best;
}

/**
 * Answers the parent's pings with this process's `now()`; see {@link measureClockOffset}.
 */
export function answerPings() {
  process.on('message', (/** @type {any} */ message) => {
    if (message.type === 'ping') process.send?.({ type: 'pong', at: now() });
  });
}
