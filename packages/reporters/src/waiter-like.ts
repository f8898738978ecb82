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
