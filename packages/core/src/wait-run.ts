import {
  HISTORY_LIMIT,
  referenceOf,
  type ResumePoint,
  type StateHistoryEntry,
  type Streaks,
  type WaitCheckpoint,
} from './checkpoint.js';
import type {
  BackoffContext,
  BackoffLearnContext,
  BackoffWaitInfo,
  InitialDelayContext,
} from './backoff/backoff-strategy.js';
import { MAX_TIMER_MS } from './backoff/validate.js';
import type { Clock, TimerHandle } from './clock.js';
import {
  JobFailedError,
  NotFoundError,
  PollFailedError,
  UnexpectedStateError,
  WaitAbortedError,
  WaitTimeoutError,
  summarizeError,
  type WaitErrorContext,
} from './errors.js';
import type { BackoffExplanation, EventEnvelope, WaiterEvents, WaitOutcome } from './events.js';
import type { JobSource } from './job-source.js';
import type { ResolvedWaiterOptions } from './options.js';
import { isoTime } from './iso-time.js';
import { pollOnce, type PollResult } from './poll-once.js';
import { planNextPoll, type PlannedPoll } from './schedule.js';
import type { SettleResult, WaitResult, WaitSummary } from './settle-result.js';
import type { Classifier, Verdict } from './verdict.js';

/** Emits one event; the run fills in the envelope. */
export type Emit<T> = <K extends keyof WaiterEvents<T>>(
  name: K,
  event: Parameters<WaiterEvents<T>[K]>[0],
) => void;

type EventBody<K extends keyof WaiterEvents<T>, T> = Omit<
  Parameters<WaiterEvents<T>[K]>[0],
  keyof EventEnvelope
>;

/** Why the run's own signal was aborted, when it was. */
type Stop = { readonly type: 'timeout' } | { readonly type: 'aborted'; readonly reason: unknown };

type MutableStreaks = { -readonly [K in keyof Streaks]: number };

/** What one run is made of. */
export interface WaitRunParts<T> {
  readonly source: JobSource<T>;
  readonly options: ResolvedWaiterOptions<T>;
  readonly classify: Classifier<T>;
  readonly emit: Emit<T>;
  /** Where a resumed wait goes on from. */
  readonly resume?: ResumePoint;
  /** Called once the run has let go of its timer and signals, just before it settles. */
  readonly onRelease?: () => void;
  /** Tells whether anyone listens to an event; one that nobody hears is not built. */
  readonly isHeard?: (name: keyof WaiterEvents<T>) => boolean;
  /**
   * Whether the backoff strategy's `initialDelay`, when it has one, places the first poll:
   * true when the caller did not set `initialDelayMs`.
   */
  readonly strategyPlacesFirstPoll?: boolean;
}

/** The context and answer of the strategy's last decision, for the `backoff` event. */
interface Decision {
  readonly context: BackoffContext | InitialDelayContext;
  readonly delayMs: number;
}

/**
 * One wait, from its first event to its settled event. A run is used once: it owns the
 * deadline timer and the abort controller that tears down whatever is in flight, and it
 * releases both when it settles. Its callers stop it with {@link WaitRun.abort}.
 */
export class WaitRun<T> {
  private readonly controller = new AbortController();
  private readonly startedAt: number;
  private lastNow: number;
  private readonly deadline: number;
  private deadlineTimer: unknown;
  private stop: Stop | undefined;
  private attempts: number;
  private seq = 0;
  private lastObservation: T | undefined;
  private lastState: string | undefined;
  private lastError: unknown;
  private lastPollMs = 0;
  private previousDelayMs: number | undefined;
  private lastVerdict: Verdict['type'] | undefined;
  private readonly streaks: MutableStreaks;
  private readonly history: StateHistoryEntry[];
  private readonly resumed: boolean;
  private readonly strategyPlacesFirstPoll: boolean;
  private decision: Decision | undefined;
  /** Set once the run has let go of its timer and signal. */
  private released = false;
  /** Ends the sleep between two polls with the run's abort reason; set while one lasts. */
  private wake: ((reason: unknown) => void) | undefined;
  /** When the last poll that saw the job pending started, ms since the start. */
  private pendingAtMs: number | undefined;
  /** When the first poll that saw the job finished started, ms since the start. */
  private doneAtMs: number | undefined;

  private readonly source: JobSource<T>;
  private readonly options: ResolvedWaiterOptions<T>;
  private readonly classify: Classifier<T>;
  private readonly emitEvent: Emit<T>;
  private readonly onRelease: (() => void) | undefined;
  private readonly isHeard: (name: keyof WaiterEvents<T>) => boolean;

  constructor(parts: WaitRunParts<T>) {
    const { source, options, resume } = parts;
    this.source = source;
    this.options = options;
    this.classify = parts.classify;
    this.emitEvent = parts.emit;
    this.onRelease = parts.onRelease;
    this.isHeard = parts.isHeard ?? (() => true);
    this.strategyPlacesFirstPoll = parts.strategyPlacesFirstPoll ?? false;

    const now = options.clock.now();
    if (!isTime(now)) {
      const got = String(now);
      throw new TypeError(
        `Expected clock.now() to return a time in ms since the epoch, got ${got}`,
      );
    }
    this.lastNow = now;
    this.resumed = resume !== undefined;
    this.startedAt = resume?.startedAtMs ?? now;
    this.deadline = resume?.deadlineMs ?? now + options.timeoutMs;
    if (!isTime(this.deadline)) {
      throw new RangeError('Expected the deadline of the wait to be a time a Date can hold');
    }
    this.attempts = resume?.attempts ?? 0;
    this.streaks = {
      ...(resume?.streaks ?? { success: 0, notFound: 0, unknown: 0, transient: 0 }),
    };
    this.lastState = resume?.state;
    this.previousDelayMs = resume?.previousDelayMs;
    this.history = (resume?.history ?? []).slice(-HISTORY_LIMIT);
  }

  /** Runs the wait to its end and reports how it ended; never rejects. */
  async settle(): Promise<SettleResult<T>> {
    let result: WaitResult<T>;

    try {
      this.begin();
      result = await this.loop();
    } catch (caught) {
      this.release();
      const error = this.explain(caught);
      this.teach(outcomeOf(error));
      if (this.heard('settled')) {
        this.emitSettled(outcomeOf(error), {
          ...this.lastSeen(),
          error: summarizeError(error),
          ...providerFields(error),
        });
      }

      return this.unsuccessful(error);
    }

    this.release();
    this.teach('succeeded');
    this.emitSettled('succeeded', { state: result.state, observation: result.observation });

    return { outcome: 'succeeded', ...result };
  }

  /**
   * The wait as it stands, as plain JSON.
   *
   * @throws TypeError when the job source's `reference()` throws or returns no object.
   */
  checkpoint(): WaitCheckpoint {
    return {
      version: 1,
      job: referenceOf(this.source),
      startedAt: new Date(this.startedAt).toISOString(),
      deadline: new Date(this.deadline).toISOString(),
      takenAt: new Date(this.now()).toISOString(),
      attempts: this.attempts,
      streaks: { ...this.streaks },
      ...(this.lastState === undefined ? {} : { state: this.lastState }),
      ...(this.previousDelayMs === undefined ? {} : { previousDelayMs: this.previousDelayMs }),
      history: this.history.map((entry) => ({ ...entry })),
    };
  }

  /**
   * The result of a run that failed in a way {@link WaitRun.settle} could not report itself,
   * such as a listener mechanism that threw: the wait ends as failed with `error`.
   */
  failedWith(error: unknown): SettleResult<T> {
    return this.unsuccessful(error);
  }

  /**
   * What a caller that stopped waiting receives while the run goes on for others: an aborted
   * result with the run's progress so far.
   */
  leftEarly(reason: unknown): SettleResult<T> {
    return this.unsuccessful(
      new WaitAbortedError({ ...this.context(), lastObservation: this.lastObservation, reason }),
    );
  }

  /**
   * The clock's time. A clock that throws or answers a non-finite number once the wait has
   * started is read as standing still, so that the wait still releases its timer and settles.
   */
  private now(): number {
    try {
      const now = this.options.clock.now();
      if (isTime(now)) this.lastNow = now;
    } catch {
      // The last good reading stands in; the deadline timer still ends the wait.
    }

    return this.lastNow;
  }

  private begin(): void {
    const { clock } = this.options;
    const untilDeadlineMs = Math.min(Math.max(0, this.deadline - this.lastNow), MAX_TIMER_MS);

    if (this.heard('wait:start')) {
      this.emit('wait:start', {
        timeoutMs: this.timeoutMs(),
        deadline: new Date(this.deadline).toISOString(),
        ...(this.resumed ? { resumed: true } : {}),
      });
    }
    this.deadlineTimer = clock.setTimeout(() => this.halt({ type: 'timeout' }), untilDeadlineMs);
  }

  /**
   * Aborts the wait with the caller's `reason`: it ends with `WaitAbortedError`. Called before
   * the run starts, it stops the run before its first poll; once the run has let go of its
   * timer and signals, it does nothing.
   */
  abort(reason: unknown): void {
    if (!this.released) this.halt({ type: 'aborted', reason });
  }

  private halt(stop: Stop): void {
    this.stop ??= stop;
    // The poll in flight reads this reason, so it is the caller's own or a real error.
    this.controller.abort(stop.type === 'timeout' ? deadlineReason() : stop.reason);
    this.wake?.(this.controller.signal.reason);
  }

  private release(): void {
    this.released = true;
    clearTimer(this.options.clock, this.deadlineTimer);
    // Ends anything still pending on the run's signal, such as an in-poll retry timer. The
    // reason is one shared error: the loop is over, so nobody reads it, and a fresh
    // DOMException, stack trace and all, for every wait cost more than the rest of the release.
    if (!this.controller.signal.aborted) this.controller.abort(RELEASED);
    this.onRelease?.();
  }

  private async loop(): Promise<WaitResult<T>> {
    let next: PlannedPoll | undefined = this.firstPoll();

    for (;;) {
      await this.pause(next);
      const result = await this.pollNow();
      const success = this.judge(result);
      if (success) return success;

      next = this.nextPoll(result.verdict);
    }
  }

  /**
   * Sleeps for the planned delay, or until the deadline when no poll fits any more: returns
   * the sleep for the loop to await, or nothing when the poll is due at once. Not an async
   * function, so that a sleeping wait holds no suspended frame of its own.
   *
   * @throws the run's abort reason when the run has been stopped.
   */
  private pause(next: PlannedPoll | undefined): Promise<void> | undefined {
    const signal = this.controller.signal;

    signal.throwIfAborted();
    if (next === undefined) {
      // No poll fits: the deadline timer will end the wait.
      return new Promise((_, reject) => signal.addEventListener('abort', reject, { once: true }));
    }
    if (next.delayMs > 0) {
      this.emitBackoff(next);
      return this.sleep(next.delayMs);
    }

    // Even a zero delay yields to the event loop, so that the deadline timer and the caller's
    // abort can fire between polls that answer without I/O.
    return this.attempts > 0 ? this.sleep(0) : undefined;
  }

  /**
   * Sleeps `delayMs` on the clock, as `sleep()` on the run's signal would, except that
   * {@link WaitRun.halt} ends it through {@link WaitRun.wake} rather than an abort listener:
   * adding and removing one around every sleep cost more than the rest of the pause.
   */
  private sleep(delayMs: number): Promise<void> {
    const { clock } = this.options;
    const signal = this.controller.signal;

    return new Promise((resolve, reject) => {
      // A `backoff` listener may have stopped the run just before.
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }

      const timer = clock.setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, delayMs);
      this.wake = (reason) => {
        this.wake = undefined;
        clearTimer(clock, timer);
        reject(reason);
      };
    });
  }

  private async pollNow(): Promise<PollResult<T>> {
    const { clock, pollTimeoutMs, pollRetries, pollRetryDelayMs } = this.options;
    const startedAt = this.now();

    this.attempts += 1;
    this.emit('poll:start', {});
    const result = await pollOnce(this.source, {
      attempt: this.attempts,
      signal: this.controller.signal,
      pollTimeoutMs,
      retries: pollRetries,
      retryDelayMs: pollRetryDelayMs,
      clock,
      classify: this.classify,
      onRetry: this.onRetry,
    });
    this.lastPollMs = this.now() - startedAt;
    this.record(result);
    this.track(result.verdict.type, startedAt - this.startedAt);

    return result;
  }

  /** Made once for the run rather than once for each poll. */
  private readonly onRetry = (retry: number, retriesLeft: number, error: unknown): void => {
    this.lastError = error;
    this.emit('retry', { retry, retriesLeft, error: summarizeError(error) });
  };

  /** Keeps what the poll saw and reports it. */
  private record({ outcome, verdict }: PollResult<T>): void {
    const state = 'state' in verdict ? verdict.state : undefined;
    const detail = 'detail' in verdict ? verdict.detail : undefined;

    this.lastVerdict = verdict.type;
    if (!outcome.ok) this.lastError = outcome.error;
    if (this.heard('poll:end')) {
      this.emit('poll:end', {
        durationMs: this.lastPollMs,
        verdict: verdict.type,
        ...(state === undefined ? {} : { state }),
        ...(detail === undefined ? {} : { detail }),
        ...(outcome.ok ? {} : { error: summarizeError(outcome.error) }),
      });
    }
    if (!outcome.ok) return;

    this.lastObservation = outcome.value;
    if (state !== undefined && state !== this.lastState) {
      if (this.heard('state:change')) {
        const from = this.lastState === undefined ? {} : { from: this.lastState };
        const note = detail === undefined ? {} : { detail };
        this.emit('state:change', { ...from, to: state, ...note, observation: outcome.value });
      }
      this.lastState = state;
      this.remember(state);
    }
  }

  /**
   * Applies the verdict to the streaks: returns the result when the wait succeeded, throws
   * the typed error when it must end, and returns nothing when it goes on.
   */
  private judge({ outcome, verdict }: PollResult<T>): WaitResult<T> | undefined {
    const { successConfirmations, maxNotFound, maxUnknown, maxTransientPolls } = this.options;
    const streaks = this.streaks;

    switch (verdict.type) {
      case 'success':
        streaks.notFound = streaks.unknown = streaks.transient = 0;
        streaks.success += 1;
        return streaks.success >= successConfirmations ? this.result(outcome, verdict) : undefined;
      case 'pending':
        this.resetStreaks();
        return undefined;
      case 'failure':
        throw new JobFailedError({
          ...this.context(),
          ...failureFields(verdict),
          observation: this.value(outcome),
          history: [...this.history],
        });
      case 'not-found':
        streaks.success = 0;
        if (++streaks.notFound > maxNotFound) {
          throw new NotFoundError({
            ...this.context(),
            consecutiveNotFound: streaks.notFound,
            cause: outcome.ok ? undefined : outcome.error,
          });
        }
        return undefined;
      case 'unknown':
        streaks.success = 0;
        if (++streaks.unknown > maxUnknown) {
          throw new UnexpectedStateError({
            ...this.context(),
            state: verdict.state,
            observation: this.value(outcome),
          });
        }
        return undefined;
      case 'transient':
        if (++streaks.transient > maxTransientPolls) {
          throw new PollFailedError({
            ...this.context(),
            consecutiveFailures: streaks.transient,
            cause: this.lastError,
          });
        }
        return undefined;
      case 'throttled':
        return undefined;
      case 'fatal':
        throw outcome.ok
          ? new UnexpectedStateError({ ...this.context(), observation: outcome.value })
          : outcome.error;
    }
  }

  private remember(state: string): void {
    const now = this.now();
    this.history.push({
      state,
      attempt: this.attempts,
      elapsedMs: now - this.startedAt,
      time: isoTime(now),
    });
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
  }

  /** The whole length of the wait: the configured timeout, or a resumed checkpoint's. */
  private timeoutMs(): number {
    return this.deadline - this.startedAt;
  }

  private resetStreaks(): void {
    this.streaks.success = this.streaks.notFound = 0;
    this.streaks.unknown = this.streaks.transient = 0;
  }

  /**
   * The first poll waits `initialDelayMs`. When that leaves the poll too little time before
   * the deadline, it comes earlier: with no poll seen yet to say how long one takes, it is
   * given half the timeout, or `pollTimeoutMs` when that is shorter. A resumed wait polls at
   * once, unless its deadline has already passed.
   */
  private firstPoll(): PlannedPoll | undefined {
    if (this.resumed) {
      return this.deadline > this.lastNow ? { delayMs: 0, reason: 'initial' } : undefined;
    }

    const { timeoutMs, pollTimeoutMs } = this.options;
    const allowanceMs = Math.min(pollTimeoutMs, timeoutMs / 2);
    const initialDelayMs = this.initialDelayMs();

    if (initialDelayMs + allowanceMs <= timeoutMs) {
      return { delayMs: initialDelayMs, reason: 'initial' };
    }

    return { delayMs: Math.floor(timeoutMs - allowanceMs), reason: 'deadline' };
  }

  /**
   * The caller's `initialDelayMs`; or, when the caller set none and the strategy has an
   * `initialDelay`, the strategy's answer, sanitised and clamped as any of its delays.
   */
  private initialDelayMs(): number {
    const { backoff, random, initialDelayMs, minDelayMs, maxDelayMs } = this.options;
    if (!this.strategyPlacesFirstPoll || typeof backoff.initialDelay !== 'function') {
      return initialDelayMs;
    }

    const context: InitialDelayContext = { ...this.waitInfo(this.now()), random };
    const answer: unknown = backoff.initialDelay(context);
    const delayMs = typeof answer === 'number' && answer >= 0 ? answer : minDelayMs;
    this.decision = typeof backoff.explain === 'function' ? { context, delayMs } : undefined;

    return Math.min(Math.max(delayMs, minDelayMs), maxDelayMs);
  }

  /** What every strategy call is told about the wait, at time `now`. */
  private waitInfo(now: number): BackoffWaitInfo {
    const { minDelayMs, maxDelayMs } = this.options;

    return {
      kind: this.source.kind,
      jobId: this.source.id,
      jobType: this.source.jobType,
      elapsedMs: now - this.startedAt,
      timeoutMs: this.timeoutMs(),
      minDelayMs,
      maxDelayMs,
    };
  }

  private nextPoll(verdict: Verdict): PlannedPoll | undefined {
    const { backoff, random, minDelayMs, maxDelayMs, pollTimeoutMs } = this.options;
    const now = this.now();
    // Built field by field rather than spread from waitInfo(): this runs after every poll.
    const context: BackoffContext = {
      attempt: this.attempts,
      verdict: verdict.type,
      previousDelayMs: this.previousDelayMs,
      random,
      kind: this.source.kind,
      jobId: this.source.id,
      jobType: this.source.jobType,
      elapsedMs: now - this.startedAt,
      timeoutMs: this.deadline - this.startedAt,
      minDelayMs,
      maxDelayMs,
    };
    // Typed as unknown: a strategy is user code, and the schedule copes with any answer.
    const strategyDelayMs: unknown = backoff.nextDelay(context);
    // Only a finite answer is kept, so that a checkpoint can always carry it.
    this.previousDelayMs = Number.isFinite(strategyDelayMs)
      ? (strategyDelayMs as number)
      : undefined;
    this.decision =
      typeof backoff.explain === 'function' && typeof strategyDelayMs === 'number'
        ? { context, delayMs: strategyDelayMs }
        : undefined;

    return planNextPoll({
      now,
      deadline: this.deadline,
      strategyDelayMs,
      ...(verdict.type === 'throttled' && verdict.retryAfterMs !== undefined
        ? { retryAfterMs: verdict.retryAfterMs }
        : {}),
      minDelayMs,
      maxDelayMs,
      pollAllowanceMs: Math.min(pollTimeoutMs, Math.max(1, 2 * this.lastPollMs)),
    });
  }

  /** Reports the coming sleep, with the strategy's explanation when someone listens. */
  private emitBackoff(next: PlannedPoll): void {
    // Built only for a listener: an explanation may cost more than the sleep it explains.
    if (!this.heard('backoff')) return;

    const verdict = this.lastVerdict === undefined ? {} : { verdict: this.lastVerdict };
    const explanation = this.explanation();
    const why = explanation === undefined ? {} : { explanation };
    this.emit('backoff', { delayMs: next.delayMs, reason: next.reason, ...verdict, ...why });
  }

  /** The strategy's account of its last decision; a broken one is left out. */
  private explanation(): BackoffExplanation | undefined {
    const { backoff } = this.options;
    const decision = this.decision;
    if (decision === undefined || typeof backoff.explain !== 'function') return undefined;

    try {
      const explanation: unknown = backoff.explain(decision.context, decision.delayMs);

      return isExplanation(explanation) ? explanation : undefined;
    } catch {
      return undefined;
    }
  }

  /** Keeps when the job was last seen pending and first seen finished, for `learn`. */
  private track(verdict: Verdict['type'], pollStartMs: number): void {
    if (verdict === 'pending') {
      this.pendingAtMs = pollStartMs;
      this.doneAtMs = undefined;
    } else if (verdict === 'success' || verdict === 'failure') {
      this.doneAtMs ??= pollStartMs;
    }
  }

  /** Tells a strategy that learns how the wait ended; it cannot change the outcome. */
  private teach(outcome: WaitOutcome): void {
    const { backoff } = this.options;
    if (typeof backoff.learn !== 'function') return;

    const context: BackoffLearnContext = {
      kind: this.source.kind,
      jobId: this.source.id,
      jobType: this.source.jobType,
      outcome,
      elapsedMs: this.now() - this.startedAt,
      ...(this.pendingAtMs === undefined ? {} : { pendingAtMs: this.pendingAtMs }),
      ...(this.doneAtMs === undefined ? {} : { doneAtMs: this.doneAtMs }),
      ...(this.lastObservation === undefined ? {} : { observation: this.lastObservation }),
    };

    try {
      backoff.learn(context);
    } catch {
      // The wait has ended; a strategy that fails to learn must not change how.
    }
  }

  /** Turns what ended the loop into the error the caller receives. */
  private explain(caught: unknown): unknown {
    const stop = this.stop;
    if (stop === undefined) return caught;

    return stop.type === 'timeout'
      ? new WaitTimeoutError({
          ...this.context(),
          timeoutMs: this.timeoutMs(),
          lastObservation: this.lastObservation,
          lastError: this.lastError,
        })
      : new WaitAbortedError({
          ...this.context(),
          lastObservation: this.lastObservation,
          reason: stop.reason,
        });
  }

  private result(outcome: PollResult<T>['outcome'], verdict: Verdict): WaitResult<T> {
    return {
      ...this.summary(),
      state: 'state' in verdict ? verdict.state : undefined,
      observation: this.value(outcome),
    };
  }

  private summary(): WaitSummary {
    return { ...this.context(), state: this.lastState, history: [...this.history] };
  }

  /** The settle result of a wait that ended with `error`. */
  private unsuccessful(error: unknown): SettleResult<T> {
    const base = { ...this.summary(), observation: this.lastObservation };

    if (error instanceof WaitTimeoutError) {
      return { outcome: 'timedOut', ...base, error: error as WaitTimeoutError<T> };
    }
    if (error instanceof WaitAbortedError) {
      return { outcome: 'aborted', ...base, error: error as WaitAbortedError<T> };
    }

    return { outcome: 'failed', ...base, error, ...providerFields(error) };
  }

  private value(outcome: PollResult<T>['outcome']): T {
    return (outcome.ok ? outcome.value : this.lastObservation) as T;
  }

  private context(): WaitErrorContext {
    return {
      jobId: this.source.id,
      kind: this.source.kind,
      attempts: this.attempts,
      elapsedMs: this.now() - this.startedAt,
    };
  }

  private lastSeen(): Omit<EventBody<'settled', T>, 'outcome'> {
    return {
      ...(this.lastState === undefined ? {} : { state: this.lastState }),
      ...(this.lastObservation === undefined ? {} : { observation: this.lastObservation }),
    };
  }

  private emitSettled(outcome: WaitOutcome, body: Omit<EventBody<'settled', T>, 'outcome'>): void {
    this.emit('settled', { outcome, ...body });
  }

  /**
   * Tells whether anyone listens to `name`. When nobody does, the event is counted here as
   * emitted, and the caller skips it: a body that nobody reads is not worth building, and
   * most waits run with no listener at all.
   */
  private heard(name: keyof WaiterEvents<T>): boolean {
    if (this.isHeard(name)) return true;

    this.seq += 1;
    return false;
  }

  private emit<K extends keyof WaiterEvents<T>>(name: K, body: EventBody<K, T>): void {
    // The sequence counts every event, heard or not, so a listener added mid-wait sees the
    // same numbers as one that was there from the start.
    const seq = ++this.seq;
    if (!this.isHeard(name)) return;

    const now = this.now();
    const envelope: EventEnvelope = {
      jobId: this.source.id,
      kind: this.source.kind,
      attempt: this.attempts,
      seq,
      elapsedMs: now - this.startedAt,
      time: isoTime(now),
    };

    // The body's fields go after the envelope's, in a single object.
    this.emitEvent(name, Object.assign(envelope, body));
  }
}

/**
 * Clears a timer of the clock. A clock that cannot clear its timer leaves it to fire into a
 * run that no longer waits for it.
 */
function clearTimer(clock: Clock, timer: TimerHandle): void {
  try {
    clock.clearTimeout(timer);
  } catch {
    // The timer fires later and finds nothing to do.
  }
}

/** Tells whether a strategy's explanation has the shape a `backoff` event carries. */
function isExplanation(value: unknown): value is BackoffExplanation {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<BackoffExplanation>).text === 'string'
  );
}

/** What the run's signal carries once the run has settled; see {@link WaitRun.release}. */
const RELEASED = new DOMException('The wait has settled', 'AbortError');

/** What the poll in flight reads at the deadline, as `AbortSignal.timeout()` would give. */
function deadlineReason(): DOMException {
  return new DOMException('The wait timed out', 'TimeoutError');
}

function outcomeOf(error: unknown): WaitOutcome {
  if (error instanceof WaitTimeoutError) return 'timedOut';
  if (error instanceof WaitAbortedError) return 'aborted';

  return 'failed';
}

/** The provider's code and reason of a failed job, for the settled event. */
function providerFields(error: unknown): { providerCode?: string; reason?: string } {
  if (!(error instanceof JobFailedError)) return {};

  return {
    ...(error.providerCode === undefined ? {} : { providerCode: error.providerCode }),
    ...(error.reason === undefined ? {} : { reason: error.reason }),
  };
}

function failureFields(verdict: Extract<Verdict, { type: 'failure' }>) {
  return {
    ...(verdict.state === undefined ? {} : { state: verdict.state }),
    ...(verdict.code === undefined ? {} : { providerCode: verdict.code }),
    ...(verdict.reason === undefined ? {} : { reason: verdict.reason }),
  };
}

/** The largest distance from the epoch, either way, that a `Date` holds. */
const MAX_DATE_MS = 8.64e15;

/** Tells whether `ms` is a time in milliseconds since the epoch that a `Date` can hold. */
function isTime(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}
