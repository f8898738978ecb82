import type { WaiterEventName } from '@jobwait/core';

import { assertSecretList, kindOf, shown } from '../option-values.js';
import { printable } from '../printable.js';
import { redactor, type Redact } from '../redactor.js';
import { addListeners, assertWaiterLike, type Detach, type WaiterLike } from '../waiter-like.js';
import { palette, shouldUseColor, type Palette } from './ansi.js';
import { guardedWriter, type OutputStream } from './guarded-writer.js';
import { liveViews } from './live-view.js';
import { CONSOLE_MODES, isLiveMode, type ConsoleMode } from './output-mode.js';
import { plainView } from './plain-view.js';
import { progressListeners, type Listeners } from './progress-listeners.js';
import type { ProgressView } from './progress-view.js';

/** Options of {@link consoleReporter}. */
export interface ConsoleReporterOptions {
  /** Where output goes. Default `process.stderr`, so a program's stdout stays its own. */
  stream?: OutputStream;
  /**
   * `'live'` redraws one line per job in place, `'plain'` writes one line per change with no
   * control codes, `'auto'` picks live when `stream` is a TTY, `TERM` is not `dumb` and `CI`
   * is unset (or `''`, `0`, `false`). Default `'auto'`.
   */
  mode?: ConsoleMode;
  /**
   * `true` forces ANSI colours, `false` turns them off. Default: `FORCE_COLOR` decides when set
   * (`0` or `false` off; empty, `1`, `2`, `3` or `true` on, even when not a TTY); otherwise a
   * non-empty `NO_COLOR` turns colours off; otherwise colours only on a TTY that has them.
   */
  color?: boolean;
  /**
   * Also print each retry, each failed poll and each backoff delay, dimmed. Default `false`:
   * failed polls are only counted, in the final line of the job.
   */
  verbose?: boolean;
  /** The environment read for `CI`, `TERM`, `NO_COLOR` and `FORCE_COLOR`. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Secrets (tokens, keys, passwords) to print as `[redacted]` wherever an event's text holds
   * them, as given and percent-encoded, as the log reporter does: a server that echoes a token
   * in a failure reason does not put it on the terminal. Default none.
   */
  redact?: readonly string[];
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
 * Prints the progress of waits. On an interactive terminal (mode `'auto'` or `'live'`) it keeps
 * one live line per job — spinner, job id and kind, state, elapsed time, the adapter's detail
 * such as the sub-jobs done — redrawn in place at most once per spinner frame, and leaves one
 * final line per job above it when its wait ends. Elsewhere (mode `'plain'`, or auto on a pipe,
 * a file or in CI) it writes plain lines: one when a wait starts, one each time a job's state
 * or detail changes, and one final line per job saying how it ended (with the provider's code
 * and reason when it failed).
 *
 * Every text an event carries (state, detail, reason, error message) is made
 * {@link printable} first, so a server cannot send control characters to the terminal. A
 * failing stream never breaks a wait: the reporter stops writing to it instead. An event it
 * cannot format, such as a `settled` event whose `outcome` is none of the four of core, writes
 * nothing.
 *
 * @remarks The live block is cut to the terminal's rows and columns when it is drawn; lines
 *   written to the same terminal by others meanwhile scroll it, and the next redraw then
 *   erases the wrong rows. In live mode the cursor is hidden while jobs are live and shown
 *   again when none is and at detach; a process killed by a signal in between leaves it hidden.
 * @throws TypeError naming the option when an option is unknown or of the wrong type, such as
 *   a `stream` without a `write` method, a `color` that is not a boolean or an unknown `mode`.
 */
export function consoleReporter(options: ConsoleReporterOptions = {}): ConsoleReporter {
  assertOptions(options);

  const {
    stream = process.stderr,
    mode = 'auto',
    color,
    verbose = false,
    env = process.env,
    redact = [],
  } = options;
  const p = palette(shouldUseColor({ color, stream, env }));
  const createView = isLiveMode({ mode, stream, env })
    ? liveViews(stream, p)
    : () => plainView(guardedWriter(stream), p);

  const context: Context = {
    createView,
    verbose,
    p,
    redact: redact.length === 0 ? undefined : redactor(redact),
  };

  return { attach: (waiter) => attachTo(waiter, context) };
}

const OPTION_NAMES: ReadonlySet<string> = new Set([
  'stream',
  'mode',
  'color',
  'verbose',
  'env',
  'redact',
]);

function assertOptions(options: unknown): asserts options is ConsoleReporterOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    // By kind only: a string here may well be a secret meant for `redact`.
    throw new TypeError(`Expected the options to be an object, got ${kindOf(options)}`);
  }

  const { stream, mode, color, verbose, env, redact } = options as Record<string, unknown>;
  const unknown = Object.keys(options).find((name) => !OPTION_NAMES.has(name));

  if (unknown !== undefined) {
    throw new TypeError(`Unknown option \`${unknown}\``);
  }
  if (stream !== undefined && typeof (stream as Partial<OutputStream>)?.write !== 'function') {
    throw new TypeError('Expected option `stream` to be a writable stream');
  }
  if (mode !== undefined && !CONSOLE_MODES.includes(mode as ConsoleMode)) {
    throw new TypeError(
      `Expected option \`mode\` to be 'auto', 'live' or 'plain', got ${shown(mode)}`,
    );
  }
  for (const [name, value] of [
    ['color', color],
    ['verbose', verbose],
  ] as const) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw new TypeError(`Expected option \`${name}\` to be a boolean, got ${shown(value)}`);
    }
  }
  if (env !== undefined && (typeof env !== 'object' || env === null || Array.isArray(env))) {
    throw new TypeError(`Expected option \`env\` to be an object, got ${kindOf(env)}`);
  }
  if (redact !== undefined) assertSecretList('redact', redact);
}

interface Context {
  /** A view of its own for each attachment, plain lines or the reporter's live block. */
  readonly createView: () => ProgressView;
  readonly verbose: boolean;
  readonly p: Palette;
  /** Replaces secrets in an event's texts; absent when there are none to replace. */
  readonly redact: Redact | undefined;
}

function attachTo(waiter: WaiterLike, context: Context): Detach {
  // Checked before the view exists: a live view starts drawing on the terminal.
  assertWaiterLike(waiter);

  const { createView, verbose, p, redact } = context;
  const view = createView();
  const listeners = guardAll(progressListeners(view, { verbose, p }), redact);
  const removeListeners = addListeners(waiter, Object.entries(listeners));
  let attached = true;

  return () => {
    if (!attached) return;
    attached = false;
    removeListeners();
    view.close();
  };
}

/**
 * Listeners run inside the waiter's `emit`: a reporter bug must never become a wait error. And
 * each listener sees the event with its texts redacted, then made printable.
 */
function guardAll(listeners: Listeners, redact: Redact | undefined): Listeners {
  const guarded = {} as Record<WaiterEventName, (event: never) => void>;

  for (const [name, listener] of Object.entries(listeners) as [string, (e: never) => void][]) {
    guarded[name as WaiterEventName] = (event) => {
      try {
        listener(printableEvent(event, redact));
      } catch {
        // Printing progress is best effort; the wait goes on without it.
      }
    };
  }

  return guarded as unknown as Listeners;
}

/**
 * A copy of `event` whose strings, and those of its `error` summary, are redacted, then
 * {@link printable} (redacted first, so that a secret is found as the server wrote it). The
 * observation is left alone: the reporter never prints it.
 */
function printableEvent<E>(event: E, redact: Redact | undefined): E {
  if (typeof event !== 'object' || event === null) return event;

  const copy: Record<string, unknown> = { ...(event as object) };

  for (const [key, value] of Object.entries(copy)) {
    if (typeof value === 'string')
      copy[key] = printable(redact === undefined ? value : redact(value));
  }
  if (typeof copy['error'] === 'object' && copy['error'] !== null) {
    copy['error'] = printableEvent(copy['error'], redact);
  }

  return copy as E;
}
