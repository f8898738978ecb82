/** An opaque handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/**
 * The source of time for a wait. Every delay, deadline and elapsed time the waiter computes
 * goes through one clock, so a test can replace it and run a ten-minute schedule instantly.
 */
export interface Clock {
  /** Current time in milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `callback` once after `delayMs` milliseconds. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a timer created by {@link Clock.setTimeout}; unknown handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The clock of the running process: `Date.now()` and the global timers, looked up at call
 * time so that Jest's or Sinon's fake timers replace them too.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The random source of the process, a number in [0, 1). */
export const systemRandom = (): number => Math.random();

/**
 * Resolves after `delayMs` on `clock`, or rejects with the signal's reason as soon as `signal`
 * aborts. The timer and the abort listener are both removed however the sleep ends.
 */
export function sleep(
  delayMs: number,
  { clock = systemClock, signal }: { clock?: Clock; signal?: AbortSignal } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }

    const onAbort = (): void => {
      try {
        clock.clearTimeout(timer);
      } catch {
        // A clock that cannot clear its timer leaves it to fire into a promise already settled.
      }
      reject(signal?.reason);
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);

    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
