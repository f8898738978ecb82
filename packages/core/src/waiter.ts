import { EventEmitter } from 'eventemitter3';

import { assertOptionsObject, isPlainObject } from './backoff/validate.js';
import { readCheckpoint, type WaitCheckpoint } from './checkpoint.js';
import { describeValue } from './describe-value.js';
import { WAITER_EVENT_NAMES, type WaiterEventName, type WaiterEvents } from './events.js';
import { assertJobSource, type JobSource } from './job-source.js';
import { resolveWaiterOptions, type ResolvedWaiterOptions, type WaiterOptions } from './options.js';
import type { SettleResult, WaitResult } from './settle-result.js';
import { SharedWait } from './shared-wait.js';
import type { Classifier } from './verdict.js';
import { WaitHandle } from './wait-handle.js';
import { firstSuccess, settleAll, type WaitManyOptions } from './wait-many.js';
import { WaitRun, type Emit } from './wait-run.js';

/** How eventemitter3 stores one listener. */
interface ListenerRecord {
  readonly fn: (event: unknown) => void;
  readonly context: unknown;
  readonly once: boolean;
}

/** Options of one call to {@link Waiter.wait}, {@link Waiter.settle} or {@link Waiter.start}. */
export interface WaitOptions {
  /**
   * Cancels this caller's wait: it ends with `WaitAbortedError`. The in-flight poll is aborted
   * too, unless another caller still shares the wait.
   */
  signal?: AbortSignal;
  /**
   * Goes on with a wait from a checkpoint taken by {@link WaitHandle.checkpoint}, keeping its
   * start, deadline, attempt count, budgets and history. The first poll is made at once; when
   * the deadline has already passed, the wait times out without polling.
   */
  resumeFrom?: WaitCheckpoint;
}

const WAIT_OPTION_NAMES: ReadonlySet<string> = new Set(['signal', 'resumeFrom']);

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
    // Frozen, so that a change after construction cannot bypass the checks.
    this.options = Object.freeze(resolveWaiterOptions(options));
    this.strategyPlacesFirstPoll = options.initialDelayMs === undefined;
  }

  /** Whether the caller left the first poll to the strategy, by setting no `initialDelayMs`. */
  private readonly strategyPlacesFirstPoll: boolean;

  // Made once for the waiter rather than once for each wait: every run of it shares them.
  private readonly emitToListeners: Emit<T> = (name, event) => this.emitSafely(name, event);
  private readonly isHeard = (name: keyof WaiterEvents<T>): boolean => this.listenerCount(name) > 0;

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
  async wait(source: JobSource<T>, options: WaitOptions = {}): Promise<WaitResult<T>> {
    return this.start(source, options).result;
  }

  /**
   * Waits as {@link Waiter.wait} does, and resolves with how the wait ended instead of
   * rejecting: branch on the result's `outcome`. Invalid arguments, which `wait` rejects,
   * resolve as a `'failed'` result whose `error` is the `TypeError`.
   */
  async settle(source: JobSource<T>, options: WaitOptions = {}): Promise<SettleResult<T>> {
    try {
      return await this.start(source, options).settled;
    } catch (error) {
      return invalidCall(source, error);
    }
  }

  /**
   * Starts a wait and returns its handle at once: its outcome as `result` or `settled`, and
   * its checkpoint at any moment.
   *
   * Callers that wait on the same job (the same `kind` and `id`) through one waiter at the same
   * time share one wait: one poll at a time, and one sequence of events. The first caller's
   * job source is the one polled. A wait resumed from a checkpoint is never shared.
   *
   * @throws TypeError, before any poll, when `source` is not a job source, or when an option
   *   is unknown or invalid (naming it).
   */
  start(source: JobSource<T>, options: WaitOptions = {}): WaitHandle<T> {
    const classify = this.classifierFor(source);
    const { signal, resumeFrom } = checkWaitOptions(options);
    const resume = resumeFrom === undefined ? undefined : readCheckpoint(resumeFrom, source);
    const key = JSON.stringify([source.kind, source.id]);
    let shared = resume === undefined ? this.shared.get(key) : undefined;
    if (shared?.isJoinable === false) shared = undefined;
    const isNew = shared === undefined;

    shared ??= new SharedWait<T>(
      (onRelease) =>
        new WaitRun({
          source,
          options: this.options,
          classify,
          emit: this.emitToListeners,
          isHeard: this.isHeard,
          onRelease,
          strategyPlacesFirstPoll: this.strategyPlacesFirstPoll,
          ...(resume === undefined ? {} : { resume }),
        }),
    );
    const settled = shared.join(signal);
    if (isNew) this.track(key, shared, resume === undefined);

    return new WaitHandle({ jobId: source.id, kind: source.kind }, shared.run, settled);
  }

  /**
   * Waits for every job, at most `concurrency` at a time, and resolves with each one's
   * {@link SettleResult} in the order of `sources`, once all have settled. One job's failure
   * does not stop the others; the signal stops them all.
   *
   * @throws TypeError, before any poll, when a source is not a job source (naming it, as
   *   `sources[2]`) or an option is invalid; RangeError for a concurrency below 1.
   */
  async waitAll(
    sources: Iterable<JobSource<T>>,
    options: WaitManyOptions = {},
  ): Promise<SettleResult<T>[]> {
    return settleAll(this.checkSources(sources), options, (source, one) =>
      this.settle(source, one),
    );
  }

  /**
   * Resolves with the first job to succeed, at most `concurrency` waits at a time, like
   * `Promise.any`. The other waits are then aborted and the queued ones never start; the
   * result comes once every started wait has settled.
   *
   * @throws AggregateError, when no job succeeded, with each job's error in the order of
   *   `sources`; TypeError or RangeError, before any poll, as {@link Waiter.waitAll} does.
   */
  async waitAny(
    sources: Iterable<JobSource<T>>,
    options: WaitManyOptions = {},
  ): Promise<WaitResult<T>> {
    return firstSuccess(this.checkSources(sources), options, (source, one) =>
      this.settle(source, one),
    );
  }

  private checkSources(sources: Iterable<JobSource<T>>): JobSource<T>[] {
    if (typeof (sources as Partial<Iterable<unknown>> | null)?.[Symbol.iterator] !== 'function') {
      throw new TypeError(`Expected the job sources to be iterable, got ${describeValue(sources)}`);
    }

    const list = [...sources];
    list.forEach((source, index) => this.classifierFor(source, `sources[${index}]`));

    return list;
  }

  /** Starts a new shared wait and, when it may be shared, lists it until it settles. */
  private track(key: string, shared: SharedWait<T>, sharable: boolean): void {
    if (sharable) {
      this.shared.set(key, shared);
      void shared.settled.then(() => {
        if (this.shared.get(key) === shared) this.shared.delete(key);
      });
    }
    shared.start();
  }

  /** The waits in progress that a new caller may join, by kind and job id. */
  private readonly shared = new Map<string, SharedWait<T>>();

  private classifierFor(source: JobSource<T>, name = 'the job source'): Classifier<T> {
    assertJobSource(source, name);

    const classify = this.options.classify ?? source.classify;
    if (typeof classify !== 'function') {
      throw new TypeError(
        `Expected option \`classify\`, since ${name} has no \`classify\` of its own`,
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
    const entry = this.records(name);
    if (entry === undefined) return;
    if (!Array.isArray(entry)) {
      this.callSafely(name, entry, event);
      return;
    }

    // A snapshot: a listener added by one of these is not called for this event.
    for (const record of entry.slice()) this.callSafely(name, record, event);
  }

  /** Calls one listener; one that throws is counted, and the others are still called. */
  private callSafely(name: keyof WaiterEvents<T>, record: ListenerRecord, event: unknown): void {
    const { fn, context, once } = record;
    if (once) this.removeListener(name, fn, undefined, true);
    try {
      fn.call(context, event);
    } catch {
      this.listenerErrors += 1;
    }
  }

  /** The listener records of `name` as eventemitter3 keeps them: one, or an array of them. */
  private records(name: keyof WaiterEvents<T>): ListenerRecord | ListenerRecord[] | undefined {
    const prefix = typeof EventEmitter.prefixed === 'string' ? EventEmitter.prefixed : '';
    const events = (this as unknown as { _events: Record<string, unknown> })._events;

    return events[prefix + name] as ListenerRecord | ListenerRecord[] | undefined;
  }

  /** How many times a listener threw; the waiter swallows those errors and counts them. */
  listenerErrors = 0;
}

function checkWaitOptions(options: unknown): WaitOptions {
  assertOptionsObject('wait', options);
  for (const name of Object.keys(options)) {
    if (!WAIT_OPTION_NAMES.has(name)) throw new TypeError(`Unknown option \`${name}\``);
  }

  const { signal } = options as WaitOptions;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError('Expected option `signal` to be an AbortSignal');
  }

  return options;
}

/** The result {@link Waiter.settle} gives for a call that `wait` would have rejected. */
function invalidCall<T>(source: unknown, error: unknown): SettleResult<T> {
  return {
    outcome: 'failed',
    jobId: stringField(source, 'id'),
    kind: stringField(source, 'kind'),
    attempts: 0,
    elapsedMs: 0,
    state: undefined,
    history: [],
    observation: undefined,
    error,
  };
}

/** A string property of a value that may be anything, or `''`; reading it never throws. */
function stringField(value: unknown, name: string): string {
  try {
    const field = (value as Record<string, unknown> | null | undefined)?.[name];

    return typeof field === 'string' ? field : '';
  } catch {
    return '';
  }
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
  const { signal, resumeFrom, on = {}, ...waiterOptions } = options;
  const waiter = new Waiter<T>(waiterOptions);

  for (const [name, listener] of listenersOf(on)) {
    waiter.on(name, listener as never);
  }

  try {
    return await waiter.wait(source, {
      ...(signal === undefined ? {} : { signal }),
      ...(resumeFrom === undefined ? {} : { resumeFrom }),
    });
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
