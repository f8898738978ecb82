import { assertNumberInRange, assertOptionsObject, MAX_TIMER_MS } from '../backoff/validate.js';
import type { Clock, TimerHandle } from '../clock.js';
import { describeValue } from '../describe-value.js';
import { assertKnownOptions } from './assert-options.js';
import { nextTurn } from './next-turn.js';
import { TimerQueue, type VirtualTimer } from './timer-queue.js';
import { VirtualClockError, type VirtualClockErrorCode } from './virtual-clock-error.js';

const DAY_MS = 86_400_000;

/** The largest time a `Date` holds, so that every `now()` of the clock has an ISO form. */
const MAX_DATE_MS = 8_640_000_000_000_000;

/** Options of {@link virtualClock}. */
export interface VirtualClockOptions {
  /**
   * The clock's time when it is created, in milliseconds since the Unix epoch, from 0 to
   * 8.64e15 (the range of a `Date`). Default: 0.
   */
  startMs?: number;
  /**
   * The most timers one call of {@link VirtualClock.advance} or
   * {@link VirtualClock.runUntilSettled} fires before it fails with `ERR_VIRTUAL_CLOCK_LOOP`:
   * a guard against a timer that keeps scheduling another at the same virtual time, which
   * would never let time move on. Default: 100 000.
   */
  maxTimersPerCall?: number;
}

/** Options of {@link VirtualClock.runUntilSettled}. */
export interface RunUntilSettledOptions {
  /**
   * The most virtual time the run may pass, in milliseconds from its start: a timer due later
   * than that is not fired and the run fails with `ERR_VIRTUAL_CLOCK_LIMIT`. Default:
   * 86 400 000 (24 hours).
   */
  limitMs?: number;
}

/**
 * A {@link Clock} whose time moves only when the test says so. Timers fire in time order, and
 * timers due at the same time fire in the order they were created. Between two timers the
 * clock waits one turn of the event loop, so that promise continuations woken by a timer run,
 * and schedule their own timers, before time moves on.
 *
 * Its functions are bound: `clock.now` and the others can be passed around on their own.
 */
export interface VirtualClock extends Clock {
  /** The virtual time, in milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Schedules `callback` at `now() + delayMs`. A delay that is NaN, negative, zero or not given
   * makes the timer due at once, at the current time. A delay above 2^31−1 ms (`MAX_TIMER_MS`)
   * becomes 1 ms, as Node.js does with such a timer, and is counted in
   * {@link VirtualClock.overflowedTimers}. Fractional delays are kept as they are.
   *
   * @throws TypeError when `callback` is not a function.
   */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a pending timer; a handle that is unknown, cleared or fired is ignored. */
  clearTimeout(handle: TimerHandle): void;
  /** How many timers are pending: after a wait settled, 0 shows it left none behind. */
  readonly pendingTimers: number;
  /** How many timers asked for a delay above 2^31−1 ms; production code never should. */
  readonly overflowedTimers: number;
  /**
   * Moves time forward by `ms` milliseconds, firing every timer due by then in order, those
   * scheduled meanwhile included, with a turn of the event loop after each; then sets the
   * time to exactly `now() + ms`. `advance(0)` fires the timers due at once.
   *
   * @throws the exception of a timer callback that threw, with the clock stopped at that
   *   timer's time and the later timers still pending; `VirtualClockError` with code
   *   `ERR_VIRTUAL_CLOCK_LOOP` or `ERR_VIRTUAL_CLOCK_BUSY`; TypeError or RangeError when `ms`
   *   is not a number from 0 to 2^53−1.
   */
  advance(ms: number): Promise<void>;
  /**
   * Jumps from timer to timer until `promise` settles, then returns its value or throws its
   * reason. It fires only what the promise needs: timers due after it settled stay pending.
   *
   * @throws the promise's rejection; `VirtualClockError` with code
   *   `ERR_VIRTUAL_CLOCK_DEADLOCK` when the promise is pending and no timer is,
   *   `ERR_VIRTUAL_CLOCK_LIMIT` when the next timer is due beyond `limitMs`,
   *   `ERR_VIRTUAL_CLOCK_LOOP` or `ERR_VIRTUAL_CLOCK_BUSY`; the exception of a timer callback
   *   that threw.
   */
  runUntilSettled<R>(promise: PromiseLike<R>, options?: RunUntilSettledOptions): Promise<R>;
}

/**
 * Creates a {@link VirtualClock}: inject it as a waiter's `clock` and a ten-minute schedule
 * runs in a few real milliseconds, with no fake timers and no real sleeping. It works the same
 * whether or not the test has also installed Jest's or Sinon's fake timers.
 *
 * @remarks The clock drives its own timers and promise continuations, nothing else. A promise
 * that waits on a real timer, on I/O, or on `process.nextTick` or `queueMicrotask` while Jest
 * fakes them, is not waited for: `runUntilSettled` then jumps to the next virtual timer (such
 * as a wait's deadline) or, when there is none, fails with `ERR_VIRTUAL_CLOCK_DEADLOCK`. It
 * reaches the event loop through `node:timers`, so it runs on Node.js only.
 *
 * @throws TypeError or RangeError naming the invalid option.
 *
 * @example
 * ```ts
 * const clock = virtualClock();
 * const waiter = new Waiter({ clock, timeoutMs: 15 * 60_000 });
 * const { elapsedMs } = await clock.runUntilSettled(waiter.wait(source));
 * ```
 */
export function virtualClock(options: VirtualClockOptions = {}): VirtualClock {
  assertOptionsObject('virtualClock', options);
  assertKnownOptions(options, ['startMs', 'maxTimersPerCall']);
  const { startMs = 0, maxTimersPerCall = 100_000 } = options;
  assertNumberInRange('startMs', startMs, { max: MAX_DATE_MS });
  assertNumberInRange('maxTimersPerCall', maxTimersPerCall, {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    integer: true,
  });

  return new VirtualTime(startMs, maxTimersPerCall);
}

/** How an awaited promise settled, once it has. */
interface Settlement<R> {
  settled: boolean;
  ok: boolean;
  value?: R;
  error?: unknown;
}

/** The clock behind {@link virtualClock}; arrow-function fields keep its functions bound. */
class VirtualTime implements VirtualClock {
  #nowMs: number;
  #seq = 0;
  #overflowed = 0;
  #busy = false;
  readonly #timers = new TimerQueue();
  readonly #maxTimersPerCall: number;

  constructor(startMs: number, maxTimersPerCall: number) {
    this.#nowMs = startMs;
    this.#maxTimersPerCall = maxTimersPerCall;
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }

  get overflowedTimers(): number {
    return this.#overflowed;
  }

  readonly now = (): number => this.#nowMs;

  readonly setTimeout = (callback: () => void, delayMs: number): TimerHandle => {
    if (typeof callback !== 'function') {
      throw new TypeError(`Expected \`callback\` to be a function, got ${describeValue(callback)}`);
    }

    const dueMs = this.#nowMs + this.#delayOf(delayMs);
    const timer: VirtualTimer = Object.freeze({ dueMs, seq: ++this.#seq, callback });
    this.#timers.add(timer);

    return timer;
  };

  readonly clearTimeout = (handle: TimerHandle): void => {
    this.#timers.delete(handle);
  };

  readonly advance = async (ms: number): Promise<void> => {
    assertNumberInRange('ms', ms, { max: Number.MAX_SAFE_INTEGER });

    await this.#exclusive(async () => {
      const targetMs = this.#nowMs + ms;
      await this.#drive((next) => next !== undefined && next.dueMs <= targetMs);
      this.#nowMs = targetMs;
    });
  };

  readonly runUntilSettled = async <R>(
    promise: PromiseLike<R>,
    options: RunUntilSettledOptions = {},
  ): Promise<R> => {
    assertOptionsObject('runUntilSettled', options);
    assertKnownOptions(options, ['limitMs']);
    const { limitMs = DAY_MS } = options;
    assertNumberInRange('limitMs', limitMs, { max: Number.MAX_SAFE_INTEGER });
    if (!isThenable(promise)) {
      throw new TypeError(`Expected \`promise\` to be a promise, got ${describeValue(promise)}`);
    }

    const settlement = settlementOf(promise);
    await this.#exclusive(() => this.#drive(this.#untilSettled(settlement, limitMs)));
    if (!settlement.ok) throw settlement.error;

    return settlement.value as R;
  };

  /** Tells, before each timer, whether the run goes on; throws when it cannot. */
  #untilSettled(settlement: Settlement<unknown>, limitMs: number) {
    const startMs = this.#nowMs;

    return (next: VirtualTimer | undefined): next is VirtualTimer => {
      if (settlement.settled) return false;
      if (next === undefined) {
        const message =
          `The promise is still pending at ${this.#nowMs} ms and no timer is pending on the ` +
          'virtual clock: it waits on something the clock does not drive, such as a real ' +
          'timer, I/O or a promise that nothing settles';
        throw this.#error('ERR_VIRTUAL_CLOCK_DEADLOCK', message);
      }

      if (next.dueMs - startMs > limitMs) {
        const message =
          `The promise is still pending after ${limitMs} ms of virtual time (option ` +
          `\`limitMs\`); the next timer is due ${next.dueMs - startMs} ms after the run began`;
        throw this.#error('ERR_VIRTUAL_CLOCK_LIMIT', message);
      }

      return true;
    };
  }

  /** Fires the next timer, in order, for as long as `goOn` accepts it. */
  async #drive(goOn: (next: VirtualTimer | undefined) => boolean): Promise<void> {
    let fired = 0;

    await nextTurn();
    for (let next = this.#timers.peek(); goOn(next); next = this.#timers.peek()) {
      if (++fired > this.#maxTimersPerCall) {
        const message =
          `Fired ${this.#maxTimersPerCall} timers in one call (option \`maxTimersPerCall\`) ` +
          `and time only reached ${this.#nowMs} ms: a timer keeps scheduling another`;
        throw this.#error('ERR_VIRTUAL_CLOCK_LOOP', message);
      }

      const timer = next as VirtualTimer;
      this.#timers.delete(timer);
      this.#nowMs = timer.dueMs;
      timer.callback();
      await nextTurn();
    }
  }

  async #exclusive(work: () => Promise<void>): Promise<void> {
    if (this.#busy) {
      const message =
        'Another advance() or runUntilSettled() of this virtual clock is still running; ' +
        'await it before starting the next';
      throw this.#error('ERR_VIRTUAL_CLOCK_BUSY', message);
    }

    this.#busy = true;
    try {
      await work();
    } finally {
      this.#busy = false;
    }
  }

  #delayOf(delayMs: number): number {
    const ms = Number(delayMs);

    // Node.js runs a timer it cannot hold after 1 ms; doing the same keeps a test as honest
    // as production about a delay that overflowed.
    if (ms > MAX_TIMER_MS) {
      this.#overflowed += 1;
      return 1;
    }

    return ms > 0 ? ms : 0;
  }

  #error(code: VirtualClockErrorCode, message: string): VirtualClockError {
    return new VirtualClockError(code, message, {
      nowMs: this.#nowMs,
      pendingTimers: this.#timers.size,
    });
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Follows `promise` from now on, so that its rejection is never left unhandled. */
function settlementOf<R>(promise: PromiseLike<R>): Settlement<R> {
  const settlement: Settlement<R> = { settled: false, ok: true };

  void Promise.resolve(promise).then(
    (value) => Object.assign(settlement, { settled: true, value }),
    (error: unknown) => Object.assign(settlement, { settled: true, ok: false, error }),
  );

  return settlement;
}
