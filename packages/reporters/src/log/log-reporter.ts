import { WAITER_EVENT_NAMES, type WaiterEventName } from '@jobwait/core';

import type { OutputStream } from '../console/guarded-writer.js';
import { addListeners, assertWaiterLike, type Detach, type WaiterLike } from '../waiter-like.js';
import { defaultLogger } from './default-logger.js';
import { entryFor } from './event-entries.js';
import type { LogEntry } from './log-record.js';
import { assertLogReporterOptions, type LogReporterOptions } from './log-reporter-options.js';
import type { LoggerLike } from './logger-like.js';
import { redactor, redactStrings, type Redact } from '../redactor.js';
import { watchStream } from './stream-watch.js';

/** A reporter that writes one structured record per waiter event. */
export interface LogReporter {
  /**
   * Starts logging the events of `waiter`. One reporter may be attached to several waiters.
   *
   * @returns a function that removes every listener this call added.
   * @throws TypeError when `waiter` has no `on` and `off` methods.
   */
  attach(waiter: WaiterLike): Detach;
}

/** What every attachment of one reporter shares. */
interface Sink {
  readonly logger: LoggerLike;
  /** The stream of the default logger, watched for errors while attached. */
  readonly destination: OutputStream | undefined;
  /** Replaces secrets in strings; absent when there are none to replace. */
  readonly redact: Redact | undefined;
}

/**
 * Logs the events of waits as structured records through a pino-compatible logger, one
 * record per event, with the stable field names of `LogRecord`: poll details at `debug`,
 * the start of a wait, state changes and success at `info`, in-poll retries and failed polls
 * at `warn`, and a wait that failed, timed out or was aborted at `error`. By default the
 * records go to a pino logger writing NDJSON to stderr at level `info`.
 *
 * Errors are logged as `name`, `message`, `code`, `statusCode` and `requestId` only, never as
 * the objects themselves, and observations are never logged. Each string in `redact` is
 * replaced by `[redacted]` in every string field. A logger or stream that fails never
 * breaks a wait or the listeners after this one.
 *
 * @throws TypeError naming the option when an option is unknown or of the wrong type, when
 *   `logger` lacks a level method, or when `level`, `stream` or `redactPaths` (which shape
 *   the default logger) are given with `logger`.
 */
export function logReporter(options: LogReporterOptions = {}): LogReporter {
  assertLogReporterOptions(options);

  const { logger, level = 'info', stream, redact = [], redactPaths = [] } = options;
  const sink: Sink = {
    ...(logger === undefined
      ? defaultLogger({ level, stream, redactPaths })
      : { logger, destination: undefined }),
    redact: redact.length === 0 ? undefined : redactor(redact),
  };

  return { attach: (waiter) => attachTo(waiter, sink) };
}

function attachTo(waiter: WaiterLike, sink: Sink): Detach {
  // Checked before the stream is watched: a refused waiter leaves no listener behind.
  assertWaiterLike(waiter);

  const watch = watchStream(sink.destination);
  const listeners = WAITER_EVENT_NAMES.map((name) => {
    const listener = (event: unknown): void => {
      if (!watch.failed()) log(sink, name, event);
    };
    return [name, listener] as const;
  });
  const removeListeners = addListeners(waiter, listeners);

  return () => {
    removeListeners();
    watch.release();
  };
}

/**
 * Writes the record of one event. Listeners run inside the waiter's `emit`, so nothing may
 * escape: a logger that throws loses its record, and the wait and later listeners go on.
 */
function log(sink: Sink, name: WaiterEventName, event: unknown): void {
  try {
    const entry = entryFor(name, event);
    if (entry === undefined || sink.logger.isLevelEnabled?.(entry.level) === false) return;

    const { level, message, record } =
      sink.redact === undefined ? entry : redacted(entry, sink.redact);
    sink.logger[level](record, message);
  } catch {
    // Logging is best effort; the wait goes on without this record.
  }
}

function redacted(entry: LogEntry, redact: Redact): LogEntry {
  return {
    level: entry.level,
    message: redact(entry.message),
    record: redactStrings(entry.record, redact),
  };
}
