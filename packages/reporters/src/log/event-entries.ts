import type { WaiterEventName } from '@jobwait/core';

import { loggedError, type LoggedError } from './logged-error.js';
import type { LogEntry, LogRecord } from './log-record.js';
import type { LogLevel } from './logger-like.js';

/** An event as it arrives from any emitter: its fields are checked before they are used. */
type RawEvent = Readonly<Record<string, unknown>>;

type Fields = Omit<LogRecord, 'event'>;

/** The level and message of a `settled` record, by outcome. */
const SETTLED: Readonly<Record<string, readonly [LogLevel, string]>> = {
  succeeded: ['info', 'wait succeeded'],
  failed: ['error', 'wait failed'],
  timedOut: ['error', 'wait timed out'],
  aborted: ['error', 'wait aborted'],
};

/** Builds the entry of one event, by event name. */
const ENTRIES: Readonly<Record<WaiterEventName, (e: RawEvent) => LogEntry>> = {
  'wait:start': (e) =>
    entry('wait:start', 'info', 'wait started', e, {
      timeoutMs: numberOf(e['timeoutMs']),
      deadline: textOf(e['deadline']),
      resumed: e['resumed'] === true ? true : undefined,
    }),
  'poll:start': (e) => entry('poll:start', 'debug', 'poll started', e, {}),
  'poll:end': (e) => {
    const error = loggedError(e['error']);
    const [level, message]: readonly [LogLevel, string] =
      error === undefined ? ['debug', 'poll ended'] : ['warn', 'poll failed'];

    return entry('poll:end', level, message, e, {
      durationMs: numberOf(e['durationMs']),
      verdict: textOf(e['verdict']),
      state: textOf(e['state']),
      detail: textOf(e['detail']),
      ...errorFields(error),
    });
  },
  'state:change': (e) =>
    entry('state:change', 'info', 'job state changed', e, {
      state: textOf(e['to']),
      previousState: textOf(e['from']),
      detail: textOf(e['detail']),
    }),
  retry: (e) =>
    entry('retry', 'warn', 'poll retried', e, {
      retry: numberOf(e['retry']),
      retriesLeft: numberOf(e['retriesLeft']),
      ...errorFields(loggedError(e['error'])),
    }),
  backoff: (e) =>
    entry('backoff', 'debug', 'next poll scheduled', e, {
      delayMs: numberOf(e['delayMs']),
      delayReason: textOf(e['reason']),
      verdict: textOf(e['verdict']),
    }),
  settled: (e) => {
    const outcome = textOf(e['outcome']);
    // Own keys only: an outcome such as 'constructor' must not find Object.prototype's.
    const [level, message] =
      outcome !== undefined && Object.hasOwn(SETTLED, outcome)
        ? (SETTLED[outcome] as readonly [LogLevel, string])
        : (['warn', 'wait settled'] as const);
    const providerCode = textOf(e['providerCode']);

    return entry('settled', level, message, e, {
      outcome,
      state: textOf(e['state']),
      providerCode,
      failureReason: textOf(e['reason']),
      ...errorFields(loggedError(e['error']), providerCode),
    });
  },
};

/**
 * The record of one waiter event: its level, message and fields. `undefined` for a name that
 * is no waiter event or an event that is not an object, which only an emitter other than a
 * core waiter can send. The observation an event may carry is never part of the record.
 */
export function entryFor(name: string, event: unknown): LogEntry | undefined {
  if (!Object.hasOwn(ENTRIES, name) || typeof event !== 'object' || event === null) {
    return undefined;
  }

  return ENTRIES[name as WaiterEventName](event as RawEvent);
}

function entry(
  name: WaiterEventName,
  level: LogLevel,
  message: string,
  e: RawEvent,
  fields: Fields,
): LogEntry {
  const record = {
    event: name,
    jobId: textOf(e['jobId']),
    kind: textOf(e['kind']),
    attempt: numberOf(e['attempt']),
    seq: numberOf(e['seq']),
    elapsedMs: numberOf(e['elapsedMs']),
    eventTime: textOf(e['time']),
    ...fields,
  };

  return { level, message, record: withoutUndefined(record) };
}

function errorFields(error: LoggedError | undefined, providerCode?: string): Fields {
  if (error === undefined) return providerCode === undefined ? {} : { errorCode: providerCode };

  return { errorCode: providerCode ?? error.code, error };
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Finite numbers only: JSON would turn the others into `null`. */
function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function withoutUndefined<R extends object>(record: R): R {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as R;
}
