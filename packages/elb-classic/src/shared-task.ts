/**
 * One asynchronous task that several callers wait for (a token fetch, a credential refresh),
 * each free to stop waiting when its own signal aborts. The task runs on a signal of its own,
 * which aborts once every caller has stopped waiting, so that work no one waits for any more
 * (a request, its socket, its timer) ends at once; a caller without a signal waits to the end.
 */
export class SharedTask<T> {
  readonly #controller = new AbortController();
  readonly #result: Promise<T>;
  /** Callers still waiting; `Infinity` once one waits without a signal. */
  #waiting = 0;
  #settled = false;

  /** Starts `task` on the next microtask, so that the first caller joins before it runs. */
  constructor(task: (signal: AbortSignal) => Promise<T>) {
    this.#result = Promise.resolve(this.#controller.signal).then(task);
    // Each caller handles the result; this also keeps a task that all callers left from
    // rejecting unhandled.
    const settle = (): void => {
      this.#settled = true;
    };
    this.#result.then(settle, settle);
  }

  /** Whether every caller stopped waiting, so that the task was aborted: start another. */
  get abandoned(): boolean {
    return this.#controller.signal.aborted;
  }

  /**
   * The task's result, or, as soon as `signal` aborts first, a rejection with its reason.
   * Join before the task settles, or it resolves at once with what the task gave.
   */
  join(signal?: AbortSignal): Promise<T> {
    if (signal === undefined) {
      this.#waiting = Infinity;
      return this.#result;
    }

    this.#waiting += 1;

    return new Promise<T>((resolve, reject) => {
      const leave = (): void => {
        reject(signal.reason);
        this.#leave(signal.reason);
      };

      if (signal.aborted) {
        leave();
        return;
      }

      signal.addEventListener('abort', leave, { once: true });
      void this.#result.then(resolve, reject).finally(() => {
        signal.removeEventListener('abort', leave);
      });
    });
  }

  #leave(reason: unknown): void {
    this.#waiting -= 1;

    // A caller that leaves once the task has settled changes nothing: its result stands.
    if (this.#waiting === 0 && !this.#settled) {
      this.#controller.abort(reason);
    }
  }
}

/**
 * At most one {@link SharedTask} under way: a caller joins it, or starts one when there is
 * none. The task is forgotten once it settles, or once every caller has left it, so that the
 * next caller starts afresh.
 */
export class SharedTaskSlot<T> {
  #task: SharedTask<T> | undefined;

  /** Whether a task is under way that a caller can still join. */
  get busy(): boolean {
    return this.#task !== undefined && !this.#task.abandoned;
  }

  /** Joins the task under way, or starts `start` as a new one and joins it (see `join`). */
  join(start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    let task = this.#task;

    if (task === undefined || task.abandoned) {
      const started = new SharedTask(async (shared) => {
        try {
          return await start(shared);
        } finally {
          if (this.#task === started) this.#task = undefined;
        }
      });
      this.#task = task = started;
    }

    return task.join(signal);
  }
}
