import type { StateHistoryEntry } from './checkpoint.js';
import { safeString } from './describe-value.js';

const brand = Symbol.for('@jobwait/error');

/** Fields every wait error carries about the wait that produced it. */
export interface WaitErrorContext {
  /** The provider's job id. */
  readonly jobId: string;
  /** The adapter kind of the job source, for example `'elb-classic'`. */
  readonly kind: string;
  /** Polls made before the wait ended. */
  readonly attempts: number;
  /** Milliseconds from the start of the wait to its end. */
  readonly elapsedMs: number;
}

/**
 * The base class of every error jobwait throws. `code` is stable across releases and is what
 * programs should branch on; `message` is for people.
 */
export abstract class JobwaitError extends Error {
  /** A stable, machine-readable code such as `ERR_WAIT_TIMEOUT`. */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, brand, { value: true });
  }
}

/**
 * Tells whether `value` is an error thrown by any copy of a jobwait package. It checks a
 * global symbol rather than `instanceof`, so it holds when two versions are installed side by
 * side.
 */
export function isJobwaitError(value: unknown): value is JobwaitError {
  return typeof value === 'object' && value !== null && brand in value;
}

/** A short, secret-free description of an error, as carried by events. */
export interface ErrorSummary {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  /** The HTTP status of an adapter's HTTP error, when the error has one as an integer. */
  readonly statusCode?: number;
  /** The provider's request id of an adapter's HTTP error, when the error has one as text. */
  readonly requestId?: string;
}

/**
 * Describes any thrown value as an {@link ErrorSummary}: an `Error` by its name, string `code`
 * and message, and by its integer `statusCode` and string `requestId` when it has them (the
 * fields by which a provider's support finds a failed request); anything else by its type and
 * text. No other field is read, so nothing an error holds privately (request options,
 * headers, bodies) is carried. It never throws, whatever it is given: a value that `String()`
 * cannot convert (an object with a null prototype) is described by its tag, such as
 * `[object Object]`, and an error whose fields cannot be read, by its type.
 */
export function summarizeError(error: unknown): ErrorSummary {
  try {
    return error instanceof Error ? summarizeErrorObject(error) : describeThrown(error);
  } catch {
    return describeThrown(error);
  }
}

function summarizeErrorObject(error: Error): ErrorSummary {
  const name = textOf(error.name);
  const message = textOf(error.message);
  const { code, statusCode, requestId } = error as {
    code?: unknown;
    statusCode?: unknown;
    requestId?: unknown;
  };

  return {
    name,
    ...(typeof code === 'string' ? { code } : {}),
    message,
    ...(Number.isInteger(statusCode) ? { statusCode: statusCode as number } : {}),
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
}

function describeThrown(value: unknown): ErrorSummary {
  return { name: typeof value, message: safeString(value) };
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : safeString(value);
}

/** The job reached a failure state. The provider's code, reason and observation are kept. */
export class JobFailedError<T = unknown> extends JobwaitError implements WaitErrorContext {
  readonly code = 'ERR_JOB_FAILED';
  override readonly name = 'JobFailedError';
  readonly jobId: string;
  readonly kind: string;
  readonly attempts: number;
  readonly elapsedMs: number;
  /** The failure state the job reached, for example `'FAIL'`. */
  readonly state: string | undefined;
  /** The provider's error code, for example `'ELB.1009'`. */
  readonly providerCode: string | undefined;
  /** The provider's reason for the failure, verbatim. */
  readonly reason: string | undefined;
  /** The observation that showed the failure. */
  readonly observation: T;
  /** The job's state changes that the wait saw, oldest first, the failure state last. */
  readonly history: readonly StateHistoryEntry[];

  constructor(
    fields: WaitErrorContext & {
      state?: string;
      providerCode?: string;
      reason?: string;
      observation: T;
      history?: readonly StateHistoryEntry[];
    },
  ) {
    const because = [fields.providerCode, fields.reason].filter(Boolean).join(': ');
    super(`Job ${fields.jobId} failed${because ? `: ${because}` : ''}`);
    this.jobId = fields.jobId;
    this.kind = fields.kind;
    this.attempts = fields.attempts;
    this.elapsedMs = fields.elapsedMs;
    this.state = fields.state;
    this.providerCode = fields.providerCode;
    this.reason = fields.reason;
    this.observation = fields.observation;
    this.history = fields.history ?? [];
  }
}

/** The deadline passed before the job reached a terminal state. */
export class WaitTimeoutError<T = unknown> extends JobwaitError implements WaitErrorContext {
  readonly code = 'ERR_WAIT_TIMEOUT';
  override readonly name = 'WaitTimeoutError';
  readonly jobId: string;
  readonly kind: string;
  readonly attempts: number;
  readonly elapsedMs: number;
  /** The configured overall timeout. */
  readonly timeoutMs: number;
  /** The last observation the wait saw, if any poll succeeded. */
  readonly lastObservation: T | undefined;
  /** The last error a poll raised, if any; also the `cause`. */
  readonly lastError: unknown;

  constructor(
    fields: WaitErrorContext & { timeoutMs: number; lastObservation?: T; lastError?: unknown },
  ) {
    super(`Timed out after ${fields.timeoutMs} ms waiting for job ${fields.jobId}`, {
      cause: fields.lastError,
    });
    this.jobId = fields.jobId;
    this.kind = fields.kind;
    this.attempts = fields.attempts;
    this.elapsedMs = fields.elapsedMs;
    this.timeoutMs = fields.timeoutMs;
    this.lastObservation = fields.lastObservation;
    this.lastError = fields.lastError;
  }
}

/** The caller's `AbortSignal` cancelled the wait. The signal's reason is the `cause`. */
export class WaitAbortedError<T = unknown> extends JobwaitError implements WaitErrorContext {
  readonly code = 'ERR_WAIT_ABORTED';
  override readonly name = 'WaitAbortedError';
  readonly jobId: string;
  readonly kind: string;
  readonly attempts: number;
  readonly elapsedMs: number;
  /** The last observation the wait saw, if any poll succeeded. */
  readonly lastObservation: T | undefined;

  constructor(fields: WaitErrorContext & { lastObservation?: T; reason?: unknown }) {
    super(`Wait for job ${fields.jobId} was aborted`, { cause: fields.reason });
    this.jobId = fields.jobId;
    this.kind = fields.kind;
    this.attempts = fields.attempts;
    this.elapsedMs = fields.elapsedMs;
    this.lastObservation = fields.lastObservation;
  }
}

/** The job reported a state that the terminal-state strategy does not know. */
export class UnexpectedStateError<T = unknown> extends JobwaitError implements WaitErrorContext {
  readonly code = 'ERR_UNEXPECTED_STATE';
  override readonly name = 'UnexpectedStateError';
  readonly jobId: string;
  readonly kind: string;
  readonly attempts: number;
  readonly elapsedMs: number;
  /** The state that was not recognised, as reported. */
  readonly state: string | undefined;
  /** The observation that carried it. */
  readonly observation: T;

  constructor(fields: WaitErrorContext & { state?: string; observation: T }) {
    super(`Job ${fields.jobId} is in an unexpected state: ${JSON.stringify(fields.state)}`);
    this.jobId = fields.jobId;
    this.kind = fields.kind;
    this.attempts = fields.attempts;
    this.elapsedMs = fields.elapsedMs;
    this.state = fields.state;
    this.observation = fields.observation;
  }
}

/** The job was reported missing on more consecutive polls than `maxNotFound` allows. */
export class NotFoundError extends JobwaitError implements WaitErrorContext {
  readonly code = 'ERR_JOB_NOT_FOUND';
  override readonly name = 'NotFoundError';
  readonly jobId: string;
  readonly kind: string;
  readonly attempts: number;
  readonly elapsedMs: number;
  /** How many polls in a row found no job. */
  readonly consecutiveNotFound: number;

  constructor(fields: WaitErrorContext & { consecutiveNotFound: number; cause?: unknown }) {
    super(`Job ${fields.jobId} was not found on ${fields.consecutiveNotFound} consecutive polls`, {
      cause: fields.cause,
    });
    this.jobId = fields.jobId;
    this.kind = fields.kind;
    this.attempts = fields.attempts;
    this.elapsedMs = fields.elapsedMs;
    this.consecutiveNotFound = fields.consecutiveNotFound;
  }
}

/**
 * Polls kept failing with transient errors for more consecutive polls than
 * `maxTransientPolls` allows. The last error is the `cause`.
 */
export class PollFailedError extends JobwaitError implements WaitErrorContext {
  readonly code = 'ERR_POLL_FAILED';
  override readonly name = 'PollFailedError';
  readonly jobId: string;
  readonly kind: string;
  readonly attempts: number;
  readonly elapsedMs: number;
  /** How many polls in a row failed. */
  readonly consecutiveFailures: number;

  constructor(fields: WaitErrorContext & { consecutiveFailures: number; cause: unknown }) {
    const last = summarizeError(fields.cause).message;
    const times = plural(fields.consecutiveFailures, 'time');
    super(`Polling job ${fields.jobId} failed ${times} in a row; last error: ${last}`, {
      cause: fields.cause,
    });
    this.jobId = fields.jobId;
    this.kind = fields.kind;
    this.attempts = fields.attempts;
    this.elapsedMs = fields.elapsedMs;
    this.consecutiveFailures = fields.consecutiveFailures;
  }
}

/** One poll took longer than `pollTimeoutMs`; it was aborted. Transient by nature. */
export class PollTimeoutError extends JobwaitError {
  readonly code = 'ERR_POLL_TIMEOUT';
  override readonly name = 'PollTimeoutError';
  readonly pollTimeoutMs: number;

  constructor(pollTimeoutMs: number) {
    super(`Poll took longer than ${pollTimeoutMs} ms and was aborted`);
    this.pollTimeoutMs = pollTimeoutMs;
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
