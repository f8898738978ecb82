import { setImmediate as nodeSetImmediate } from 'node:timers';

/*
 * Taken from the `node:timers` module when this module loads, not from the globals at call
 * time: Jest's and Sinon's fake timers replace `globalThis.setImmediate`, and a virtual clock
 * driven inside a test that also fakes the globals must still reach the next real turn.
 */
const realSetImmediate = nodeSetImmediate;

/**
 * Resolves on the next turn of Node's event loop. By then every promise continuation queued
 * before the call has run, however long its chain, so async code woken by a timer has had
 * the chance to schedule its next timer.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    realSetImmediate(resolve);
  });
}
