import type {
  BackoffEvent,
  ErrorSummary,
  EventEnvelope,
  PollEndEvent,
  RetryEvent,
  SettledEvent,
  WaitStartEvent,
} from '@jobwait/core';

import type { Palette } from './ansi.js';

/** What the reporter remembers of one job between events. */
export interface JobTally {
  /** The last state printed. */
  state?: string;
  /** The detail printed with that state. */
  detail?: string;
  /** Polls that ended with an error rather than an observation. */
  pollErrors: number;
  /** Whether the last poll showed a terminal state, which the final line reports. */
  terminal?: boolean;
}

/**
 * A duration for people: tenths of a second below a minute (`'0.4s'`, `'12.0s'`), then whole
 * minutes and seconds (`'1m 5s'`, `'10m'`), then hours and minutes (`'2h 3m'`).
 *
 * @throws TypeError when `ms` is not a number or is `NaN`; RangeError when it is negative or
 *   infinite, which no duration is.
 */
export function formatDuration(ms: number): string {
  if (typeof ms !== 'number' || Number.isNaN(ms)) {
    throw new TypeError(`Expected \`ms\` to be a number, got ${describe(ms)}`);
  }
  if (ms < 0 || ms === Infinity) {
    throw new RangeError(`Expected \`ms\` to be a finite number from 0, got ${ms}`);
  }

  const tenths = Math.round(ms / 100);

  if (tenths < 600) {
    return `${(tenths / 10).toFixed(1)}s`;
  }

  // Tenths round up to a minute just below it; never print `0m 59s` for that.
  const seconds = Math.max(60, Math.floor(ms / 1000));
  const [big, small, bigUnit, smallUnit] =
    seconds < 3600
      ? [Math.floor(seconds / 60), seconds % 60, 'm', 's']
      : [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, 'h', 'm'];

  return small === 0 ? `${big}${bigUnit}` : `${big}${bigUnit} ${small}${smallUnit}`;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * A duration of an event, where a line must not be lost to a bad value: a clock set back
 * gives a negative elapsed time, shown as `0.0s`; a value that is no duration at all, `?`.
 */
export function durationText(ms: number): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '?';

  return formatDuration(Math.max(0, ms));
}

function prefix(event: EventEnvelope, p: Palette): string {
  return `${p.dim(event.jobId)}  `;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `<job>  waiting for elb-classic job, timeout 10m` */
export function startLine(event: WaitStartEvent, p: Palette): string {
  const timeout = durationText(event.timeoutMs);

  return `${prefix(event, p)}waiting for ${event.kind} job, timeout ${timeout}`;
}

/** `<job>  RUNNING at 1.4s (sub-jobs 0/2)` */
export function stateLine(
  event: EventEnvelope,
  state: string,
  detail: string | undefined,
  p: Palette,
): string {
  const note = detail === undefined || detail === '' ? '' : ` (${detail})`;

  return `${prefix(event, p)}${p.bold(state)} at ${durationText(event.elapsedMs)}${note}`;
}

/**
 * `<job>  still RUNNING at 4.2s (sub-jobs 1/2)`, or `<job>  still waiting at 0.3s` before any
 * state: what the live mode leaves of a job whose wait had not ended when it was detached.
 */
export function pendingLine(
  event: EventEnvelope,
  tally: JobTally,
  elapsedMs: number,
  p: Palette,
): string {
  const state = tally.state === undefined ? 'waiting' : p.bold(tally.state);
  const note = tally.detail === undefined || tally.detail === '' ? '' : ` (${tally.detail})`;

  return `${prefix(event, p)}still ${state} at ${durationText(elapsedMs)}${note}`;
}

/**
 * The one line that ends a job: `<job>  succeeded after 15.1s (SUCCESS, 9 polls)`, or
 * `failed … : ELB.1009: reason`, `timed out …`, `aborted …`; `undefined` for an outcome that
 * is none of these, which an emitter other than a core waiter may send.
 */
export function settledLine(event: SettledEvent, tally: JobTally, p: Palette): string | undefined {
  const after = durationText(event.elapsedMs);
  const facts = ` (${settledFacts(event, tally).join(', ')})`;

  switch (event.outcome) {
    case 'succeeded':
      return `${prefix(event, p)}${p.green('succeeded')} after ${after}${facts}`;
    case 'failed':
      return `${prefix(event, p)}${p.red('failed')} after ${after}: ${failureText(event)}${facts}`;
    case 'timedOut':
      return `${prefix(event, p)}${p.yellow('timed out')} after ${after}${facts}`;
    case 'aborted':
      return `${prefix(event, p)}${p.yellow('aborted')} after ${after}${facts}`;
    default:
      return undefined;
  }
}

function settledFacts(event: SettledEvent, tally: JobTally): string[] {
  const state = event.state ?? tally.state;
  const facts = state === undefined ? [] : [state];

  if (tally.detail) facts.push(tally.detail);
  facts.push(plural(event.attempt, 'poll'));
  if (tally.pollErrors > 0) facts.push(plural(tally.pollErrors, 'poll error'));

  return facts;
}

function failureText(event: SettledEvent): string {
  const { providerCode, reason } = event;
  const details = [providerCode, reason].filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );

  if (details.length > 0) {
    return details.join(': ');
  }

  return event.error === undefined ? 'no reason given' : errorText(event.error);
}

function errorText(error: ErrorSummary): string {
  return error.code === undefined ? error.message : `${error.message} [${error.code}]`;
}

/** `<job>  poll 3 failed (transient): socket hang up [ECONNRESET]`, for verbose output. */
export function pollErrorLine(event: PollEndEvent, error: ErrorSummary, p: Palette): string {
  return (
    prefix(event, p) + p.dim(`poll ${event.attempt} failed (${event.verdict}): ${errorText(error)}`)
  );
}

/** `<job>  retry 1 of poll 3, 1 left: socket hang up [ECONNRESET]`, for verbose output. */
export function retryLine(event: RetryEvent, p: Palette): string {
  const which = `retry ${event.retry} of poll ${event.attempt}`;
  const text = `${which}, ${event.retriesLeft} left: ${errorText(event.error)}`;

  return prefix(event, p) + p.dim(text);
}

/** `<job>  next poll in 2.0s (retry-after)`, for verbose output. */
export function backoffLine(event: BackoffEvent, p: Palette): string {
  return prefix(event, p) + p.dim(`next poll in ${durationText(event.delayMs)} (${event.reason})`);
}
