import type { Clock } from '@jobwait/core';

/**
 * `clock`, with timers that do not keep the process alive where the clock's timers can say so
 * (Node.js timers have `unref`). Background work such as a backoff before a retry should never
 * hold a process whose work is done; `close()` holds it instead, with a timer of its own on
 * the plain clock, for as long as it waits.
 */
export function backgroundClock(clock: Clock): Clock {
  return {
    now: () => clock.now(),
    setTimeout(callback, delayMs) {
      const handle = clock.setTimeout(callback, delayMs);

      (handle as { unref?: () => unknown } | null)?.unref?.();

      return handle;
    },
    clearTimeout: (handle) => clock.clearTimeout(handle),
  };
}
