import type { EventEnvelope, WaiterEventName, WaiterEvents } from '@jobwait/core';

import { printable } from '../printable.js';
import type { Detach, WaiterLike } from '../waiter-like.js';
import { palette, shouldUseColor, type Palette } from './ansi.js';
import {
  backoffLine,
  pollErrorLine,
  retryLine,
  settledLine,
  startLine,
  stateLine,
  type JobTally,
} from './format.js';
import { guardedWriter, type OutputStream } from './guarded-writer.js';

/** Options of {@link consoleReporter}. */
export interface ConsoleReporterOptions {
  /** Where lines go. Default `process.stderr`, so a program's stdout stays its own. */
  stream?: OutputStream;
  /**
   * `true` forces ANSI colours, `false` turns them off. Default: colours only when `stream`
   * is a TTY and the `NO_COLOR` environment variable is unset or empty.
   */
  color?: boolean;
  /**
   * Also print each retry, each failed poll and each backoff delay, dimmed. Default `false`:
   * failed polls are only counted, in the final line of the job.
   */
  verbose?: boolean;
  /** The environment read for `NO_COLOR`. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A reporter that prints a waiter's progress as lines of text. */
export interface ConsoleReporter {
  /**
   * Starts printing the events of `waiter`. One reporter may be attached to several waiters.
   *
   * @returns a function that removes every listener this call added.
   */
  attach(waiter: WaiterLike): Detach;
}

/**
 * Prints the progress of waits as plain lines: one when a wait starts, one each time a job's
 * state or progress detail changes, and one final line per job saying how it ended (with the
 * provider's code and reason when it failed). Every text an event carries (state, detail,
 * reason, error message) is made {@link printable} first, so a server cannot send control
 * characters to the terminal. A failing stream never breaks a wait: the reporter stops
 * writing to it instead. An event it cannot format, such as a `settled` event whose `outcome`
 * is none of the four of core, writes nothing.
 *
 * @remarks The output is plain lines on every stream, TTY or not; a live, redrawn line per job
 *   on a TTY is not implemented yet.
 * @throws TypeError naming the option when an option is unknown or of the wrong type, such as
 *   a `stream` without a `write` method or a `color` that is not a boolean.
 */
export function consoleReporter(options: ConsoleReporterOptions = {}): ConsoleReporter {
  assertOptions(options);

  const { stream = process.stderr, color, verbose = false, env = process.env } = options;
  const colors = palette(shouldUseColor({ color, isTTY: stream.isTTY, env }));

  return { attach: (waiter) => attachTo(waiter, { stream, verbose, colors }) };
}

const OPTION_NAMES: ReadonlySet<string> = new Set(['stream', 'color', 'verbose', 'env']);

function assertOptions(options: unknown): asserts options is ConsoleReporterOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`Expected the options to be an object, got ${describe(options)}`);
  }

  const { stream, color, verbose, env } = options as Record<string, unknown>;
  const unknown = Object.keys(options).find((name) => !OPTION_NAMES.has(name));

  if (unknown !== undefined) {
    throw new TypeError(`Unknown option \`${unknown}\``);
  }
  if (stream !== undefined && typeof (stream as Partial<OutputStream>)?.write !== 'function') {
    throw new TypeError('Expected option `stream` to be a writable stream');
  }
  for (const [name, value] of [
    ['color', color],
    ['verbose', verbose],
  ] as const) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw new TypeError(`Expected option \`${name}\` to be a boolean, got ${describe(value)}`);
    }
  }
  if (env !== undefined && (typeof env !== 'object' || env === null)) {
    throw new TypeError(`Expected option \`env\` to be an object, got ${describe(env)}`);
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

interface Context {
  readonly stream: OutputStream;
  readonly verbose: boolean;
  readonly colors: Palette;
}

type Listeners = { [E in WaiterEventName]?: WaiterEvents[E] };

function attachTo(waiter: WaiterLike, context: Context): Detach {
  if (typeof waiter?.on !== 'function' || typeof waiter.off !== 'function') {
    throw new TypeError('Expected `waiter` to have `on` and `off` methods');
  }

  const writer = guardedWriter(context.stream);
  const listeners = guardAll(listenersFor(context, (line) => writer.write(line)));
  const names = Object.keys(listeners) as WaiterEventName[];
  let attached = true;

  for (const name of names) untyped(waiter, 'on')(name, listeners[name]);

  return () => {
    if (!attached) return;
    attached = false;
    for (const name of names) untyped(waiter, 'off')(name, listeners[name]);
    writer.release();
  };
}

/** One of the waiter's overloaded methods, callable with any event name of a loop. */
function untyped(waiter: WaiterLike, method: 'on' | 'off') {
  return (waiter[method] as (name: string, listener: unknown) => unknown).bind(waiter);
}

function listenersFor(context: Context, write: (line: string) => void): Listeners {
  const { verbose, colors: p } = context;
  const jobs = new Map<string, JobTally>();
  const tally = (e: EventEnvelope): JobTally => tallyOf(jobs, e);

  const noteState = (e: EventEnvelope, state: string, detail: string | undefined): void => {
    const job = tally(e);
    if (job.state === state && job.detail === detail) return;
    job.state = state;
    job.detail = detail;
    // The final line names a terminal state; a line of its own would say it twice.
    if (!job.terminal) write(stateLine(e, state, detail, p));
  };

  return {
    'wait:start': (e) => {
      jobs.set(keyOf(e), { pollErrors: 0 });
      write(startLine(e, p));
    },
    'poll:end': (e) => {
      const job = tally(e);
      job.terminal = e.verdict === 'success' || e.verdict === 'failure';
      if (e.error !== undefined) {
        job.pollErrors += 1;
        if (verbose) write(pollErrorLine(e, e.error, p));
      }
      if (e.state !== undefined) noteState(e, e.state, e.detail);
    },
    'state:change': (e) => noteState(e, e.to, e.detail),
    retry: (e) => verbose && write(retryLine(e, p)),
    backoff: (e) => verbose && write(backoffLine(e, p)),
    settled: (e) => {
      const line = settledLine(e, tally(e), p);
      // An outcome it cannot name gets no line rather than a line that says nothing.
      if (line !== undefined) write(line);
      jobs.delete(keyOf(e));
    },
  };
}

function keyOf(event: EventEnvelope): string {
  return `${event.kind}\u0000${event.jobId}`;
}

function tallyOf(jobs: Map<string, JobTally>, event: EventEnvelope): JobTally {
  const key = keyOf(event);
  let job = jobs.get(key);

  // Attached after the wait began: start counting from here.
  if (job === undefined) {
    job = { pollErrors: 0 };
    jobs.set(key, job);
  }

  return job;
}

/**
 * Listeners run inside the waiter's `emit`: a reporter bug must never become a wait error. And
 * each listener sees the event with its texts made printable.
 */
function guardAll(listeners: Listeners): Listeners {
  const guarded = {} as Record<WaiterEventName, (event: never) => void>;

  for (const [name, listener] of Object.entries(listeners) as [string, (e: never) => void][]) {
    guarded[name as WaiterEventName] = (event) => {
      try {
        listener(printableEvent(event));
      } catch {
        // Printing progress is best effort; the wait goes on without it.
      }
    };
  }

  return guarded as unknown as Listeners;
}

/**
 * A copy of `event` whose strings, and those of its `error` summary, are {@link printable}.
 * The observation is left alone: the reporter never prints it.
 */
function printableEvent<E>(event: E): E {
  if (typeof event !== 'object' || event === null) return event;

  const copy: Record<string, unknown> = { ...(event as object) };

  for (const [key, value] of Object.entries(copy)) {
    if (typeof value === 'string') copy[key] = printable(value);
  }
  if (typeof copy['error'] === 'object' && copy['error'] !== null) {
    copy['error'] = printableEvent(copy['error']);
  }

  return copy as E;
}
