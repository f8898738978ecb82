import { isPlainObject, MAX_TIMER_MS } from './backoff/validate.js';
import { describeValue } from './describe-value.js';
import type { JobSource } from './job-source.js';

/** The most state changes a wait keeps; older ones are dropped first. */
export const HISTORY_LIMIT = 100;

/** A value that survives `JSON.stringify` and `JSON.parse` unchanged. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * What an adapter needs, besides credentials, to rebuild a job source in another process: the
 * job's id and kind, plus the adapter's own fields (a project id, an endpoint). It is plain
 * JSON and never holds a secret.
 */
export interface JobReference {
  readonly id: string;
  readonly kind: string;
  readonly [field: string]: JsonValue;
}

/** One change of the job's state, as a wait saw it. */
export interface StateHistoryEntry {
  /** The state the job entered. */
  readonly state: string;
  /** The poll that saw it, from 1. */
  readonly attempt: number;
  /** Milliseconds from the start of the wait to that poll's answer. */
  readonly elapsedMs: number;
  /** Wall-clock time of that answer, ISO 8601 in UTC. */
  readonly time: string;
}

/** Consecutive polls per verdict, each counted against its own budget. */
export interface Streaks {
  readonly success: number;
  readonly notFound: number;
  readonly unknown: number;
  readonly transient: number;
}

/**
 * A wait frozen at one moment, as plain JSON: enough to resume it in another process with the
 * same deadline, attempt count, budgets and history. Take one with {@link WaitHandle.checkpoint}
 * and resume it with the `resumeFrom` option of {@link Waiter.wait}.
 */
export interface WaitCheckpoint {
  /** The format of the checkpoint; this release writes and reads 1. */
  readonly version: 1;
  /** The job, as its source describes it; see {@link JobSource.reference}. */
  readonly job: JobReference;
  /** When the wait started, ISO 8601 in UTC. */
  readonly startedAt: string;
  /** When the wait gives up, ISO 8601 in UTC. */
  readonly deadline: string;
  /** When the checkpoint was taken, ISO 8601 in UTC. */
  readonly takenAt: string;
  /** Polls made so far. */
  readonly attempts: number;
  readonly streaks: Streaks;
  /** The last state seen, if any. */
  readonly state?: string;
  /** The backoff strategy's last answer, which some strategies grow from. */
  readonly previousDelayMs?: number;
  /** The state changes seen so far, oldest first. */
  readonly history: readonly StateHistoryEntry[];
}

/** A checkpoint read back and checked, with its times in milliseconds since the epoch. */
export interface ResumePoint {
  readonly startedAtMs: number;
  readonly deadlineMs: number;
  readonly attempts: number;
  readonly streaks: Streaks;
  readonly state: string | undefined;
  readonly previousDelayMs: number | undefined;
  readonly history: readonly StateHistoryEntry[];
}

/**
 * The reference of `source`: its adapter fields, then its id and kind, which always win. The
 * result is copied through JSON, so that a checkpoint holds no live object.
 *
 * @throws TypeError when `source.reference()` throws or returns something that is not a plain
 *   object.
 */
export function referenceOf<T>(source: JobSource<T>): JobReference {
  let fields: unknown;
  try {
    // Through JSON first, so that what a checkpoint holds is what it will hold once stored.
    const given: unknown = source.reference?.() ?? {};
    fields = isPlainObject(given) ? JSON.parse(JSON.stringify(given)) : given;
  } catch (error) {
    throw new TypeError("Expected the job source's reference() to return plain JSON", {
      cause: error,
    });
  }

  if (!isPlainObject(fields)) {
    // Only the type is told: a reference is meant to hold no secret, but a wrong one might.
    const got = Array.isArray(fields) ? 'an array' : typeof fields;
    throw new TypeError(`Expected the job source's reference() to return an object, got ${got}`);
  }

  return { ...(fields as Record<string, JsonValue>), id: source.id, kind: source.kind };
}

/**
 * Checks a checkpoint given as option `resumeFrom` against the job source it is to resume
 * with, and reads its times.
 *
 * @throws TypeError naming the first field that is missing, of the wrong type or out of range,
 *   and when the checkpoint belongs to another job than `source`.
 */
export function readCheckpoint<T>(value: unknown, source: JobSource<T>): ResumePoint {
  const checkpoint = field(value, 'resumeFrom', isPlainObject, 'an object');
  field(checkpoint.version, 'resumeFrom.version', (v) => v === 1, 'the number 1');
  const job = field(checkpoint.job, 'resumeFrom.job', isPlainObject, 'an object');
  if (job.id !== source.id || job.kind !== source.kind) {
    const ours = `${JSON.stringify(source.kind)} job ${JSON.stringify(source.id)}`;
    const theirs = `${describeValue(job.kind)} job ${describeValue(job.id)}`;
    throw new TypeError(
      `Expected option \`resumeFrom\` to be a checkpoint of ${ours}, got one of ${theirs}`,
    );
  }

  const startedAtMs = timeField(checkpoint.startedAt, 'resumeFrom.startedAt');
  const deadlineMs = timeField(checkpoint.deadline, 'resumeFrom.deadline');
  timeField(checkpoint.takenAt, 'resumeFrom.takenAt');
  const lengthMs = deadlineMs - startedAtMs;
  if (lengthMs <= 0 || lengthMs > MAX_TIMER_MS) {
    throw new RangeError(
      `Expected \`resumeFrom.deadline\` to come after \`resumeFrom.startedAt\` by at most ` +
        `${MAX_TIMER_MS} ms, got ${lengthMs} ms`,
    );
  }
  const streaks = field(checkpoint.streaks, 'resumeFrom.streaks', isPlainObject, 'an object');

  return {
    startedAtMs,
    deadlineMs,
    attempts: countField(checkpoint.attempts, 'resumeFrom.attempts'),
    streaks: {
      success: countField(streaks.success, 'resumeFrom.streaks.success'),
      notFound: countField(streaks.notFound, 'resumeFrom.streaks.notFound'),
      unknown: countField(streaks.unknown, 'resumeFrom.streaks.unknown'),
      transient: countField(streaks.transient, 'resumeFrom.streaks.transient'),
    },
    state: optional(checkpoint.state, 'resumeFrom.state', isString, 'a string'),
    previousDelayMs: optional(
      checkpoint.previousDelayMs,
      'resumeFrom.previousDelayMs',
      Number.isFinite,
      'a finite number',
    ),
    history: historyField(checkpoint.history),
  };
}

function historyField(value: unknown): StateHistoryEntry[] {
  const entries = field<unknown[]>(value, 'resumeFrom.history', Array.isArray, 'an array');
  // Only the entries a wait keeps are read: a longer history is cut, not refused.
  const first = Math.max(0, entries.length - HISTORY_LIMIT);

  return entries.slice(first).map((entry, offset) => {
    const name = `resumeFrom.history[${first + offset}]`;
    const checked = field(entry, name, isPlainObject, 'an object');
    const read = {
      state: field<string>(checked.state, `${name}.state`, isString, 'a string'),
      attempt: countField(checked.attempt, `${name}.attempt`),
      elapsedMs: field<number>(checked.elapsedMs, `${name}.elapsedMs`, Number.isFinite, 'a number'),
      time: field<string>(checked.time, `${name}.time`, isString, 'a string'),
    };
    timeField(read.time, `${name}.time`);

    return read;
  });
}

/** A time as `Date.prototype.toISOString()` writes it, always in UTC. */
const ISO_TIME = /^[+-]?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

function timeField(value: unknown, name: string): number {
  const text = field<string>(value, name, isString, 'an ISO 8601 time');
  const ms = ISO_TIME.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new TypeError(`Expected \`${name}\` to be an ISO 8601 time, got ${describeValue(text)}`);
  }

  return ms;
}

function countField(value: unknown, name: string): number {
  return field<number>(
    value,
    name,
    (v) => Number.isSafeInteger(v) && (v as number) >= 0,
    'a whole number >= 0',
  );
}

function optional<V>(
  value: unknown,
  name: string,
  accepts: (value: unknown) => boolean,
  expected: string,
): V | undefined {
  return value === undefined ? undefined : field<V>(value, name, accepts, expected);
}

function field<V = Record<string, unknown>>(
  value: unknown,
  name: string,
  accepts: (value: unknown) => boolean,
  expected: string,
): V {
  if (!accepts(value)) {
    throw new TypeError(`Expected \`${name}\` to be ${expected}, got ${describeValue(value)}`);
  }

  return value as V;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
