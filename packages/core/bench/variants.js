import { setTimeout } from 'node:timers';

import {
  WAITER_EVENT_NAMES,
  Waiter,
  constantBackoff,
  isJobwaitError,
  stateSets,
} from '@jobwait/core';

/**
 * @typedef {object} BenchParams
 * @property {number} waits - concurrent waits in a measured run.
 * @property {number} warmupWaits - waits run once, unmeasured, before the measured run.
 * @property {number} seed - seed of the job plans.
 * @property {number} maxPolls - the most polls a job needs; each needs 1..maxPolls.
 * @property {number} failureRate - the share of jobs that fail, in [0, 1].
 * @property {number} delayMs - the delay between two polls of one job.
 * @property {number} sampleEveryMs - the interval of the memory samples.
 */

/**
 * @typedef {object} Variant
 * @property {string} description - what the variant runs, for the report.
 * @property {(sources: ReturnType<typeof import('./job-plans.js').createJobSource>[],
 *   params: BenchParams) => Promise<unknown>[]} start - starts one wait a source, all at once.
 * @property {(reason: unknown) => boolean} isJobFailure - recognises a failed job's rejection.
 */

class JobFailed extends Error {}

/**
 * The baseline: the least a caller could write to wait on these jobs, with none of the
 * waiter's deadline, per-poll timeout, abort, retries or events.
 *
 * @param {ReturnType<typeof import('./job-plans.js').createJobSource>} source
 * @param {number} delayMs
 */
async function pollLoop(source, delayMs) {
  for (;;) {
    const { state } = await source.poll();
    if (state === 'succeeded') return state;
    if (state === 'failed') throw new JobFailed(`${source.id} failed`);

    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

const classify = stateSets({
  state: 'state',
  pending: ['running'],
  success: ['succeeded'],
  failure: ['failed'],
});

/** @param {BenchParams} params */
function createWaiter({ delayMs }) {
  return new Waiter({
    // Armed for every wait but never reached: the bench measures waits that finish.
    timeoutMs: 600_000,
    minDelayMs: 1,
    backoff: constantBackoff({ delayMs }),
    classify,
  });
}

/** @param {unknown} reason */
const isJobwaitFailure = (reason) => isJobwaitError(reason) && reason.code === 'ERR_JOB_FAILED';

/**
 * The ways of waiting that the bench compares, by the name the report shows. The waiters keep
 * every default but the timing, so the figures include what a caller gets out of the box: a
 * deadline and a per-poll timeout armed for every wait, in-poll retries and events.
 *
 * @type {Record<string, Variant>}
 */
export const VARIANTS = {
  'setTimeout loop': {
    description: 'a hand-written async loop: poll, check the state, setTimeout, repeat',
    start: (sources, { delayMs }) => sources.map((source) => pollLoop(source, delayMs)),
    isJobFailure: (reason) => reason instanceof JobFailed,
  },
  jobwait: {
    description: 'one Waiter with constantBackoff and stateSets, no listeners',
    start: (sources, params) => {
      const waiter = createWaiter(params);

      return sources.map((source) => waiter.wait(source));
    },
    isJobFailure: isJobwaitFailure,
  },
  'jobwait + listeners': {
    description: 'the same Waiter with one listener on every event name',
    start: (sources, params) => {
      const waiter = createWaiter(params);
      // A reporter's least work: look at the event and count it.
      const seen = { events: 0, lastSeq: 0 };
      const listener = ({ seq }) => {
        seen.events += 1;
        seen.lastSeq = seq;
      };
      for (const name of WAITER_EVENT_NAMES) waiter.on(name, listener);

      return sources.map((source) => waiter.wait(source));
    },
    isJobFailure: isJobwaitFailure,
  },
};

/** The variant the others are compared with. */
export const BASELINE = 'setTimeout loop';
