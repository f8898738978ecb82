import type { WaitCheckpoint } from './checkpoint.js';
import { unwrapSettled, type SettleResult, type WaitResult } from './settle-result.js';
import type { WaitRun } from './wait-run.js';

/**
 * A wait in progress, as {@link Waiter.start} returns it: its outcome, in either form, and its
 * state at any moment as a checkpoint.
 */
export class WaitHandle<T> {
  /** The provider's job id. */
  readonly jobId: string;
  /** The adapter kind of the job source. */
  readonly kind: string;
  /** Resolves with how the wait ended; never rejects. */
  readonly settled: Promise<SettleResult<T>>;
  readonly #run: WaitRun<T>;
  #resultPromise: Promise<WaitResult<T>> | undefined;

  /** @internal The waiter builds handles; user code receives them. */
  constructor(
    identity: { jobId: string; kind: string },
    run: WaitRun<T>,
    settled: Promise<SettleResult<T>>,
  ) {
    this.jobId = identity.jobId;
    this.kind = identity.kind;
    this.#run = run;
    this.settled = settled;
  }

  /**
   * Resolves with the success, or rejects with the typed error, as {@link Waiter.wait} does.
   * The promise is made on first read, so a caller that only reads `settled` never leaves a
   * rejection unhandled.
   */
  get result(): Promise<WaitResult<T>> {
    this.#resultPromise ??= this.settled.then(unwrapSettled);

    return this.#resultPromise;
  }

  /**
   * The wait as it stands, as plain JSON that `JSON.stringify` keeps whole: pass it as option
   * `resumeFrom` to go on with the wait, in this process or another one, with the same
   * deadline, attempt count, budgets and history. A wait that has settled still answers, with
   * its final state.
   *
   * @throws TypeError when the job source's `reference()` throws or returns no object.
   */
  checkpoint(): WaitCheckpoint {
    return this.#run.checkpoint();
  }
}
