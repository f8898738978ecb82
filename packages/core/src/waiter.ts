import { EventEmitter } from 'eventemitter3';

import { assertOptionsObject, isPlainObject } from './backoff/validate.js';
import { describeValue } from './describe-value.js';
import { WAITER_EVENT_NAMES, type WaiterEventName, type WaiterEvents } from './events.js';
import type { JobSource } from './job-source.js';
import { resolveWaiterOptions, type ResolvedWaiterOptions, type WaiterOptions } from './options.js';
import type { Classifier } from './verdict.js';
import { WaitRun, type WaitResult } from './wait-run.js';

export type { WaitResult } from './wait-run.js';

/** How eventemitter3 stores one listener. */
interface ListenerRecord {
  readonly fn: (event: unknown) => void;
  readonly context: unknown;
  readonly once: boolean;
}

/** Options of one call to {@link Waiter.wait}. */
export interface WaitOptions {
  /** Cancels the wait: it rejects with `WaitAbortedError` and the in-flight poll is aborted. */
  signal?: AbortSignal;
}

/**
 * Polls job sources until they reach a terminal state, and tells listeners what it does.
 *
 * A waiter holds a configuration and may run many waits, at the same time or one after the
 * other; each wait has its own deadline, counters and event sequence. Every wait settles
 * exactly once, and when it has settled no timer or listener it created remains.
 *
 * @remarks Listeners are called synchronously. One that throws is skipped and the wait goes
 * on; a reporter that must see every event should not throw.
 *
 * @example
 * ```ts
 * const waiter = new Waiter({ timeoutMs: 60_000 });
 * const states: string[] = [];
 * waiter.on('state:change', (event) => states.push(event.to));
 * const { observation } = await waiter.wait(source);
 * ```
 */
export class Waiter<T = unknown> extends EventEmitter<WaiterEvents<T>> {
  /** The configuration in force, defaults filled in. */
  readonly options: ResolvedWaiterOptions<T>;

  /** @throws TypeError or RangeError naming the first invalid option. */
  constructor(options: WaiterOptions<T> = {}) {
    super();
    this.options = resolveWaiterOptions(options);
  }

  /**
   * Waits for `source` to reach a terminal state.
   *
   * @returns the observation that showed success, with the attempts and time it took.
   * @throws JobFailedError when the job failed; WaitTimeoutError at the deadline;
   *   WaitAbortedError when `signal` aborted; UnexpectedStateError, NotFoundError or
   *   PollFailedError when a budget ran out; the poll's own error, as thrown, when it was
   *   fatal; the classifier's own exception when it threw, or a TypeError when it returned an
   *   invalid verdict; TypeError, before any poll, when `source` is not a job source.
   */
  async wait(source: JobSource<T>, { signal }: WaitOptions = {}): Promise<WaitResult<T>> {
    const classify = this.classifierFor(source);
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new TypeError('Expected option `signal` to be an AbortSignal');
    }

    const emit = <K extends keyof WaiterEvents<T>>(
      name: K,
      event: Parameters<WaiterEvents<T>[K]>[0],
    ): void => {
      this.emitSafely(name, event);
    };

    return new WaitRun(source, this.options, classify, emit, signal).run();
  }

  private classifierFor(source: JobSource<T>): Classifier<T> {
    const candidate = source as Partial<JobSource<T>> | null;

    if (typeof candidate?.id !== 'string' || candidate.id === '') {
      throw new TypeError('Expected the job source to have a non-empty string `id`');
    }

    if (typeof candidate.kind !== 'string' || typeof candidate.poll !== 'function') {
      throw new TypeError('Expected the job source to have a string `kind` and a `poll` function');
    }

    const classify = this.options.classify ?? candidate.classify;
    if (typeof classify !== 'function') {
      throw new TypeError(
        'Expected option `classify`, since the job source has no `classify` of its own',
      );
    }

    return classify;
  }

  /**
   * Calls each listener on its own, so one that throws neither stops the others nor the wait.
   * It reads eventemitter3's listener records rather than `listeners()`, which drops the
   * `once` flag and the `context` that `emit` would honour.
   */
  private emitSafely<K extends keyof WaiterEvents<T>>(
    name: K,
    event: Parameters<WaiterEvents<T>[K]>[0],
  ): void {
    for (const { fn, context, once } of this.records(name)) {
      if (once) this.removeListener(name, fn, undefined, true);
      try {
        fn.call(context, event);
      } catch {
        this.listenerErrors += 1;
      }
    }
  }

  /** A snapshot of the listener records of `name`, as eventemitter3 keeps them. */
  private records(name: keyof WaiterEvents<T>): readonly ListenerRecord[] {
    const prefix = typeof EventEmitter.prefixed === 'string' ? EventEmitter.prefixed : '';
    const events = (this as unknown as { _events: Record<string, unknown> })._events;
    const entry = events[prefix + name] as ListenerRecord | ListenerRecord[] | undefined;

    return entry === undefined ? [] : [entry].flat();
  }

  /** How many times a listener threw; the waiter swallows those errors and counts them. */
  listenerErrors = 0;
}

/** Options of {@link waitFor}: a waiter's options, a signal and listeners for this wait. */
export interface WaitForOptions<T> extends WaiterOptions<T>, WaitOptions {
  /** Listeners attached for this wait only. */
  on?: Partial<WaiterEvents<T>>;
}

/**
 * Waits for one job with a waiter of its own: the shortest way to wait when no listener
 * outlives the call.
 *
 * @throws as {@link Waiter.wait} does; and TypeError, before any poll, when `options` or `on`
 *   is not a plain object, when `on` names an event that is not one of
 *   {@link WAITER_EVENT_NAMES}, or when a listener is not a function.
 *
 * @example
 * ```ts
 * const { observation } = await waitFor(source, { timeoutMs: 60_000 });
 * ```
 */
export async function waitFor<T>(
  source: JobSource<T>,
  options: WaitForOptions<T> = {},
): Promise<WaitResult<T>> {
  assertOptionsObject('waitFor', options);
  const { signal, on = {}, ...waiterOptions } = options;
  const waiter = new Waiter<T>(waiterOptions);

  for (const [name, listener] of listenersOf(on)) {
    waiter.on(name, listener as never);
  }

  try {
    return await waiter.wait(source, signal === undefined ? {} : { signal });
  } finally {
    waiter.removeAllListeners();
  }
}

/**
 * The listeners of option `on`, checked: `on` must be a plain object whose names are all
 * {@link WAITER_EVENT_NAMES} and whose values are all functions.
 */
function listenersOf(on: unknown): [WaiterEventName, unknown][] {
  if (!isPlainObject(on)) {
    const got = describeValue(on);
    throw new TypeError(`Expected option \`on\` to be an object of listeners, got ${got}`);
  }

  return Object.entries(on).map(([name, listener]) => {
    if (!(WAITER_EVENT_NAMES as readonly string[]).includes(name)) {
      const known = WAITER_EVENT_NAMES.map((event) => `\`${event}\``).join(', ');
      throw new TypeError(`Unknown event \`on.${name}\`; expected one of ${known}`);
    }

    if (typeof listener !== 'function') {
      throw new TypeError(`Expected listener \`on.${name}\` to be a function`);
    }

    return [name as WaiterEventName, listener];
  });
}
