/** @typedef {'succeeded' | 'failed'} Outcome - how a wait ended when its job ended. */

/**
 * How a classic ELB job ended, read from one answer of the jobs endpoint, or `undefined` while
 * it runs (`INIT`, `RUNNING`). This is all the hand-written contenders check: the bench serves
 * no other status.
 *
 * @param {{ status?: unknown }} job
 * @returns {Outcome | undefined}
 */
export function outcomeOf(job) {
  if (job.status === 'SUCCESS') return 'succeeded';
  if (job.status === 'FAIL') return 'failed';

  return undefined;
}

/** The error of a hand-written wait whose deadline passed before its job ended. */
export class DeadlineError extends Error {
  /** @param {string} jobId */
  constructor(jobId) {
    super(`The wait for ${jobId} reached its deadline`);
    this.name = 'DeadlineError';
  }
}
