import { getEventListeners } from 'node:events';

import { jest } from '@jest/globals';

import type { Clock } from '../src/clock.js';
import { WAITER_EVENT_NAMES, type WaiterEventName } from '../src/events.js';
import type { JobSource, PollContext } from '../src/job-source.js';
import { stateSets } from '../src/state-sets.js';
import { Waiter } from '../src/waiter.js';
import { constantBackoff } from '../src/backoff/constant.js';
import type { WaiterOptions } from '../src/options.js';

/** The observation every waiter test polls. */
export interface Job {
  status: string;
  code?: string;
  reason?: string;
  progress?: string;
}

/** INIT and RUNNING pend, DONE succeeds, FAIL fails with the job's code and reason. */
export const classifyJob = stateSets<Job>({
  state: 'status',
  pending: ['INIT', 'RUNNING'],
  success: ['DONE'],
  failure: ['FAIL'],
  failureDetails: ({ code, reason }) => ({ code, reason }),
  detail: ({ progress }) => progress,
});

/** One scripted answer of a poll. */
export type Step = (context: PollContext) => Promise<Job>;

/** Answers with a job in `status`. */
export const ok =
  (status: string, extra: Partial<Job> = {}): Step =>
  async () => ({ status, ...extra });

/** Rejects with `error`. */
export const fail =
  (error: unknown): Step =>
  async () => {
    throw error;
  };

/** Answers as `step` does, `delayMs` later on the (fake) global timers. */
export const after =
  (delayMs: number, step: Step): Step =>
  (context) =>
    new Promise<void>((resolve) => setTimeout(resolve, delayMs)).then(() => step(context));

/** Never answers, but rejects with the signal's reason when the poll is aborted. */
export const hang: Step = ({ signal }) =>
  new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

/** Never answers and ignores its signal, like a client that cannot be cancelled. */
export const deaf: Step = () => new Promise(() => {});

/** A network error that {@link classifyJob} reads as transient. */
export function networkError(message = 'read ECONNRESET'): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET' });
}

export interface ScriptedSource extends JobSource<Job> {
  /** The context of every poll, in order. */
  readonly calls: PollContext[];
  /** The clock time at which each poll started. */
  readonly startedAt: number[];
}

/** A job source that plays `steps` in order and repeats the last one. */
export function scripted(
  steps: readonly Step[],
  { id = 'job-1', now = () => Date.now() }: { id?: string; now?: () => number } = {},
): ScriptedSource {
  const calls: PollContext[] = [];
  const startedAt: number[] = [];

  return {
    id,
    kind: 'test',
    classify: classifyJob,
    calls,
    startedAt,
    poll(context) {
      const step = steps[Math.min(calls.length, steps.length - 1)];
      calls.push(context);
      startedAt.push(now());

      return step!(context);
    },
  };
}

/** One recorded event: its name and its body. */
export type Recorded = { readonly name: WaiterEventName } & Record<string, unknown>;

/** Records every event of `waiter`, in order. */
export function recordEvents<T>(waiter: Waiter<T>): Recorded[] {
  const events: Recorded[] = [];

  for (const name of WAITER_EVENT_NAMES) {
    const listener = (event: object) => void events.push({ name, ...event });
    waiter.on(name, listener);
  }

  return events;
}

/**
 * Starts a wait on a scripted job, polling every second unless `options` say otherwise, and
 * records its events and how it settles.
 */
export function startWait(steps: Step[], options: WaiterOptions<Job> = {}) {
  const waiter = new Waiter<Job>({ backoff: constantBackoff({ delayMs: 1_000 }), ...options });
  const events = recordEvents(waiter);
  const source = scripted(steps);
  const waited = track(waiter.wait(source));

  return { events, source, waited };
}

/** The events of `events` named `name`, in order. */
export const eventsNamed = (events: readonly Recorded[], name: WaiterEventName): Recorded[] =>
  events.filter((event) => event.name === name);

/** The names of `events`, in order. */
export const names = (events: readonly Recorded[]): string[] => events.map((e) => e.name);

/** How a tracked promise settled, and what was left over at that moment. */
export interface Tracked<R> {
  settled: boolean;
  value?: R;
  error?: unknown;
  /** Fake timers pending right when the promise settled. */
  timersAtSettle?: number;
  /** Abort listeners on the watched signal right when the promise settled. */
  listenersAtSettle?: number;
  /** Resolves once the promise settled, never rejects. */
  readonly done: Promise<void>;
}

/**
 * Follows `promise` without letting a rejection go unhandled, and notes the pending fake
 * timers and the abort listeners on `signal` in the very reaction to its settling.
 */
export function track<R>(promise: Promise<R>, signal?: AbortSignal): Tracked<R> {
  const tracked = { settled: false } as Tracked<R>;
  const note = (): void => {
    tracked.settled = true;
    // Fake timers mark the globals they replace with their clock.
    if ('clock' in setTimeout) tracked.timersAtSettle = jest.getTimerCount();
    tracked.listenersAtSettle = signal ? abortListeners(signal) : 0;
  };

  (tracked as { done: Promise<void> }).done = promise.then(
    (value) => {
      tracked.value = value;
      note();
    },
    (error: unknown) => {
      tracked.error = error;
      note();
    },
  );

  return tracked;
}

/** Abort listeners currently registered on `signal`. */
export function abortListeners(signal: AbortSignal): number {
  return getEventListeners(signal, 'abort').length;
}

/** A clock whose timers are the (fake) global ones but whose time starts at `epochMs`. */
export function offsetClock(epochMs: number): Clock {
  const origin = Date.now();

  return {
    now: () => epochMs + Date.now() - origin,
    setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/** A clock driven by hand, with a count of its pending timers. */
export interface ManualClock extends Clock {
  readonly pending: number;
  /** Moves time forward by `ms`, firing due timers in order. */
  advance(ms: number): void;
}

export function manualClock(startMs = 0): ManualClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();

  const due = (until: number) =>
    [...timers.entries()]
      .filter(([, timer]) => timer.at <= until)
      .sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];

  return {
    now: () => now,
    setTimeout(callback, delayMs) {
      timers.set(nextId, { at: now + delayMs, callback });
      return nextId++;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    get pending() {
      return timers.size;
    },
    advance(ms) {
      const until = now + ms;

      for (let next = due(until); next; next = due(until)) {
        const [id, timer] = next;
        timers.delete(id);
        now = timer.at;
        timer.callback();
      }

      now = until;
    },
  };
}
