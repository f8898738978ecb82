import type { WaiterEvents } from '@jobwait/core';

/**
 * What a reporter needs of a waiter: a way to add and remove listeners of its events. A core
 * `Waiter` of any observation type fits, and so does any emitter of the same events, such as a
 * Node.js `EventEmitter` in a test.
 *
 * @remarks One overload per event, rather than one generic signature, because a `Waiter<T>`'s
 *   conditionally typed `on` cannot be matched against a generic one.
 */
export interface WaiterLike {
  on(event: 'wait:start', listener: WaiterEvents['wait:start']): unknown;
  on(event: 'poll:start', listener: WaiterEvents['poll:start']): unknown;
  on(event: 'poll:end', listener: WaiterEvents['poll:end']): unknown;
  on(event: 'state:change', listener: WaiterEvents['state:change']): unknown;
  on(event: 'retry', listener: WaiterEvents['retry']): unknown;
  on(event: 'backoff', listener: WaiterEvents['backoff']): unknown;
  on(event: 'settled', listener: WaiterEvents['settled']): unknown;
  off(event: 'wait:start', listener: WaiterEvents['wait:start']): unknown;
  off(event: 'poll:start', listener: WaiterEvents['poll:start']): unknown;
  off(event: 'poll:end', listener: WaiterEvents['poll:end']): unknown;
  off(event: 'state:change', listener: WaiterEvents['state:change']): unknown;
  off(event: 'retry', listener: WaiterEvents['retry']): unknown;
  off(event: 'backoff', listener: WaiterEvents['backoff']): unknown;
  off(event: 'settled', listener: WaiterEvents['settled']): unknown;
}

/** Removes every listener a reporter added when it was attached. Calling it again does nothing. */
export type Detach = () => void;

/** A listener as a reporter adds it: for any event name, taking the event as it comes. */
export type AnyListener = (event: never) => void;

/**
 * Adds each listener to `waiter` under its event name, and returns the function that removes
 * them all (once; calling it again does nothing). Reporters attach through it, so that every
 * reporter checks the waiter and detaches the same way.
 *
 * @throws TypeError when `waiter` has no `on` and `off` methods.
 */
export function addListeners(
  waiter: WaiterLike,
  listeners: Iterable<readonly [name: string, listener: AnyListener]>,
): Detach {
  assertWaiterLike(waiter);

  const added = [...listeners];
  let attached = true;

  for (const [name, listener] of added) untyped(waiter, 'on')(name, listener);

  return () => {
    if (!attached) return;
    attached = false;
    for (const [name, listener] of added) untyped(waiter, 'off')(name, listener);
  };
}

/**
 * Checks that `waiter` can take listeners, before a reporter sets anything up for it.
 *
 * @throws TypeError when `waiter` has no `on` and `off` methods.
 */
export function assertWaiterLike(waiter: WaiterLike): void {
  if (typeof waiter?.on !== 'function' || typeof waiter.off !== 'function') {
    throw new TypeError('Expected `waiter` to have `on` and `off` methods');
  }
}

/** One of the waiter's overloaded methods, callable with any event name. */
function untyped(waiter: WaiterLike, method: 'on' | 'off') {
  return (waiter[method] as (name: string, listener: unknown) => unknown).bind(waiter);
}
