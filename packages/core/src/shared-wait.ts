import type { SettleResult } from './settle-result.js';
import type { WaitRun } from './wait-run.js';

/**
 * One run of a wait and the callers that share it. Each caller may leave with its own signal;
 * the others keep waiting on the same polls, and only when the last caller has left is the
 * run itself aborted, so that no poll is made for nobody.
 */
export class SharedWait<T> {
  readonly run: WaitRun<T>;
  /** Resolves with the run's result once {@link SharedWait.start} has run it. */
  readonly settled: Promise<SettleResult<T>>;
  private callers = 0;
  private started = false;
  private released = false;
  /** Set when every caller has left and the run was aborted. */
  private abandoned = false;
  private finish: (result: SettleResult<T>) => void = () => {};
  /**
   * Removes the callers' abort listeners, so none outlives the run; made for the first caller
   * with a signal, since most waits have none.
   */
  private detachers: Set<() => void> | undefined;

  /**
   * @param makeRun - builds the run, with the callback the run calls once it has let go of its
   *   timer and signals. The run is aborted through {@link WaitRun.abort} when every caller has
   *   left: a direct call rather than a signal of its own, which every wait would pay for.
   */
  constructor(makeRun: (onRelease: () => void) => WaitRun<T>) {
    this.run = makeRun(() => {
      this.released = true;
      this.detachAll();
    });
    this.settled = new Promise((resolve) => {
      this.finish = resolve;
    });
  }

  /**
   * Starts the run. The first caller joins before it, so that a signal already aborted stops
   * the run before its first poll.
   */
  start(): void {
    if (this.started) return;

    this.started = true;
    void this.run.settle().then(this.finish, (error: unknown) => {
      this.finish(this.run.failedWith(error));
    });
  }

  /**
   * Tells whether a new caller may still join: not once every caller has left (the run is
   * being aborted) nor once the run has let go of its timers (its result is decided).
   */
  get isJoinable(): boolean {
    return !this.released && !this.abandoned;
  }

  /**
   * Adds a caller. Its promise resolves with the run's result, or, when `signal` aborts
   * first, with an aborted result of its own while the run goes on for the others.
   */
  join(signal: AbortSignal | undefined): Promise<SettleResult<T>> {
    this.callers += 1;
    if (signal === undefined) return this.settled;

    return new Promise((resolve) => {
      const onAbort = (): void => {
        detach();
        this.callers -= 1;
        if (this.callers > 0) {
          resolve(this.run.leftEarly(signal.reason));
        } else {
          this.abandoned = true;
          this.run.abort(signal.reason);
        }
      };

      const detach = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.detachers?.delete(detach);
      };

      void this.settled.then(resolve);
      if (signal.aborted) {
        onAbort();
      } else {
        signal.addEventListener('abort', onAbort, { once: true });
        (this.detachers ??= new Set()).add(detach);
      }
    });
  }

  private detachAll(): void {
    for (const detach of this.detachers ?? []) detach();
  }
}
