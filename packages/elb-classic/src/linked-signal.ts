/** A signal that follows others, and the means to stop following them. */
export interface LinkedSignal {
  /** Aborts as soon as one of the followed signals does, with its reason. */
  readonly signal: AbortSignal;
  /** Stops following: removes every listener it added. Call it once the work is done. */
  readonly release: () => void;
}

/**
 * A signal that aborts when any of `signals` (those given) aborts. Unlike `AbortSignal.any`, it
 * leaves nothing attached to a long-lived signal (a client's own) once released, so that one
 * per request does not pile up on it.
 */
export function linkedSignal(signals: readonly (AbortSignal | undefined)[]): LinkedSignal {
  const controller = new AbortController();
  const followed = signals.filter((signal) => signal !== undefined);
  const onAbort = (event: Event): void => {
    controller.abort((event.target as AbortSignal).reason);
  };
  const release = (): void => {
    for (const signal of followed) signal.removeEventListener('abort', onAbort);
  };

  const aborted = followed.find((signal) => signal.aborted);
  if (aborted !== undefined) {
    controller.abort(aborted.reason);
    return { signal: controller.signal, release };
  }

  for (const signal of followed) signal.addEventListener('abort', onAbort, { once: true });

  return { signal: controller.signal, release };
}
