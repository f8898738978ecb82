import pRetry from 'p-retry';
import pTimeout, { TimeoutError } from 'p-timeout';

import { sleep, type Clock } from './clock.js';
import { PollTimeoutError } from './errors.js';
import type { JobSource } from './job-source.js';
import { RequestContext } from './request-context.js';
import { checkVerdict, type Classifier, type PollOutcome, type Verdict } from './verdict.js';

/** What one poll needs besides the job source. */
export interface PollOnceOptions<T> {
  readonly attempt: number;
  /** Aborts the poll and any in-poll retry: the wait settled, timed out or was cancelled. */
  readonly signal: AbortSignal;
  readonly pollTimeoutMs: number;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly clock: Clock;
  readonly classify: Classifier<T>;
  /**
   * Called before each in-poll retry, from retry 1, with the retries still allowed after it
   * and the error that caused it.
   */
  readonly onRetry: (retry: number, retriesLeft: number, error: unknown) => void;
}

/** One poll's result: its outcome and the one verdict it received. */
export interface PollResult<T> {
  readonly outcome: PollOutcome<T>;
  readonly verdict: Verdict;
}

/**
 * Polls once. Each request is bounded by `pollTimeoutMs`; a request that fails with a
 * transient error is retried at once, up to `retries` times with doubling delays. Values are
 * never retried here: deciding what a value means is the wait's job. Whatever `poll` threw,
 * an `Error` or any other value, is what the classifier and the outcome see.
 *
 * @remarks p-retry never retries a `TypeError` that is not a network error, whatever the
 * classifier says: such a poll ends at its first failure.
 */
export async function pollOnce<T>(
  source: JobSource<T>,
  options: PollOnceOptions<T>,
): Promise<PollResult<T>> {
  const { signal, classify } = options;

  try {
    // Most polls answer at the first request, so that one is made without p-retry, whose
    // setup costs more than the request itself; p-retry takes over only after a failure.
    signal.throwIfAborted();
    let value: T;
    try {
      value = await requestOnce(source, options);
    } catch (error) {
      value = await retryAfter(error, source, options);
    }
    // As p-retry does after every attempt: an answer that came after the abort is not used.
    signal.throwIfAborted();

    return conclude(classify, { ok: true, value });
  } catch (error) {
    signal.throwIfAborted();

    return conclude(classify, { ok: false, error: unwrap(error) });
  }
}

/**
 * Hands a failed first request to p-retry. p-retry's first attempt replays that failure, so
 * p-retry judges it as if it had made the request itself: the same numbering, the same
 * `shouldRetry` calls and retry events, and the same error when no retry is allowed.
 */
async function retryAfter<T>(
  firstError: unknown,
  source: JobSource<T>,
  options: PollOnceOptions<T>,
): Promise<T> {
  const { signal, retries, retryDelayMs, clock, classify, onRetry } = options;

  return pRetry(
    async (attemptNumber) => {
      if (attemptNumber === 1) throw firstError;

      return requestOnce(source, options);
    },
    {
      retries,
      // p-retry sleeps on the global timers; with no delay of its own it sleeps not at all,
      // and the delay is taken below on the wait's clock, so a test clock controls it too.
      minTimeout: 0,
      signal,
      // p-retry asks only when a retry is still allowed, and never for a TypeError that is
      // not a network error, so the retry event is emitted exactly for retries that happen.
      shouldRetry: async ({ error: carried, attemptNumber, retriesLeft }) => {
        const error = unwrap(carried);
        const retry = !signal.aborted && isTransient(classify, error);
        if (!retry) return false;

        onRetry(attemptNumber, retriesLeft - 1, error);
        await sleep(retryDelayMs * 2 ** (attemptNumber - 1), { clock, signal });

        return true;
      },
    },
  );
}

/**
 * Carries a thrown value that is not an `Error` through p-retry, which would otherwise
 * replace it by a `TypeError` built from the value's text, or fail to build one when the
 * value has no text (an object with a null prototype).
 */
class NonErrorThrown extends Error {
  constructor(readonly value: unknown) {
    super('The poll threw a value that is not an Error');
  }
}

function unwrap(error: unknown): unknown {
  return error instanceof NonErrorThrown ? error.value : error;
}

/**
 * Sends one request, cut at `pollTimeoutMs`, and tears it down when the poll is abandoned.
 * p-timeout is the one listener on `signal`: when it aborts, the race rejects with its reason
 * and the request is aborted with that same reason below, before the poll's outcome is used.
 */
async function requestOnce<T>(source: JobSource<T>, options: PollOnceOptions<T>): Promise<T> {
  const { attempt, signal, pollTimeoutMs, clock } = options;
  const request = new RequestContext(attempt);

  try {
    // The executor runs `poll` at once: a plain value, a promise and a synchronous throw all
    // become one promise, so each is timed and classified alike.
    const answer = new Promise<T>((resolve) => resolve(source.poll(request)));

    return await timeBound(answer, { pollTimeoutMs, signal, clock });
  } catch (error) {
    RequestContext.abort(request, error);
    if (error instanceof TimeoutError) throw new PollTimeoutError(pollTimeoutMs);
    throw error instanceof Error ? error : new NonErrorThrown(error);
  }
}

/**
 * Races `answer` against `pollTimeoutMs` on the clock and against `signal`, with p-timeout.
 *
 * p-timeout builds a `TimeoutError`, stack trace included, on every call, in case its timer
 * fires; with `fallback` set that error is never used, yet capturing its trace was the largest
 * single cost of a poll. So no frame is captured while pTimeout sets up: the limit is lowered
 * for that synchronous call only and put back before the clock's `setTimeout`, the one piece
 * of caller code the setup runs, so no error of the caller's ever lacks its trace.
 */
function timeBound<T>(
  answer: Promise<T>,
  { pollTimeoutMs, signal, clock }: { pollTimeoutMs: number; signal: AbortSignal; clock: Clock },
): Promise<T> {
  const limit = Error.stackTraceLimit;
  const restore = (): void => setStackTraceLimit(limit);
  setStackTraceLimit(0);

  try {
    return pTimeout(answer, {
      milliseconds: pollTimeoutMs,
      customTimers: timersOf(clock, restore),
      signal,
      // The error is made only when the poll does time out: most polls never need it.
      fallback: () => {
        throw new PollTimeoutError(pollTimeoutMs);
      },
    });
  } finally {
    restore();
  }
}

/**
 * Sets `Error.stackTraceLimit`, where it is a number that may be changed: a frozen `Error`
 * (as in a hardened realm) or one without the property keeps what it has.
 */
function setStackTraceLimit(limit: unknown): void {
  if (typeof Error.stackTraceLimit !== 'number' || typeof limit !== 'number') return;

  try {
    Error.stackTraceLimit = limit;
  } catch {
    // Not writable: the traces are captured, which costs time but changes nothing.
  }
}

/**
 * The clock's timers in the shape p-timeout expects, bound so that `this` survives; `before`
 * runs ahead of the clock's `setTimeout`.
 */
function timersOf(clock: Clock, before: () => void) {
  const timers = {
    setTimeout: (callback: () => void, delayMs: number) => {
      before();
      return clock.setTimeout(callback, delayMs);
    },
    clearTimeout: (handle: unknown) => {
      try {
        clock.clearTimeout(handle);
      } catch {
        // A clock that cannot clear its timer leaves it to fire into a poll already over.
      }
    },
  };

  return timers as unknown as { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout };
}

/** Tells whether `error` is worth an in-poll retry; a throwing classifier says no. */
function isTransient<T>(classify: Classifier<T>, error: unknown): boolean {
  try {
    return judge(classify, { ok: false, error }).type === 'transient';
  } catch {
    return false;
  }
}

/**
 * Gives the poll's outcome its verdict. A classifier that throws, or returns no valid
 * verdict, has a bug the caller must see: its exception (or the `TypeError` describing the
 * invalid verdict) becomes the outcome, with a `fatal` verdict, so the wait ends with it.
 */
function conclude<T>(classify: Classifier<T>, outcome: PollOutcome<T>): PollResult<T> {
  try {
    return { outcome, verdict: judge(classify, outcome) };
  } catch (error) {
    return { outcome: { ok: false, error }, verdict: { type: 'fatal' } };
  }
}

/**
 * Applies the classifier, with the waiter's own knowledge first: a poll that ran out of time
 * is transient whatever the adapter thinks. What the classifier returns is checked here, the
 * one place every verdict passes: an invalid one throws a `TypeError`, which
 * {@link conclude} treats like any exception of the classifier.
 */
function judge<T>(classify: Classifier<T>, outcome: PollOutcome<T>): Verdict {
  if (!outcome.ok && outcome.error instanceof PollTimeoutError) {
    return { type: 'transient' };
  }

  return checkVerdict(classify(outcome));
}
