import { Waiter, durationAwareBackoff, exponentialBackoff, isJobwaitError } from '@jobwait/core';
import { ElbClient, elbJobSource, tokenAuth } from '@jobwait/elb-classic';

import { DURATIONS } from '../settings.js';

/** @typedef {import('../settings.js').SCHEDULE} Schedule */
/**
 * @typedef {import('./job-reader.js').ReaderContext & { schedule: Schedule,
 *   compression: number }} ContenderContext
 */

/**
 * @typedef {object} Contender - one way of waiting, set up for one run.
 * @property {(jobId: string, jobType: string) => Promise<import('./job-status.js').Outcome>}
 *   wait - resolves with how the job ended; rejects when the wait itself failed (deadline, HTTP
 *   error). `jobType` is what the call that created the job was; only jobwait reads it.
 * @property {() => Promise<void> | void} close - lets go of the HTTP client.
 */

/**
 * What sets one jobwait variant apart: its backoff, and its initial delay when it has one.
 *
 * @typedef {(context: ContenderContext) => Pick<import('@jobwait/core').WaiterOptions<unknown>,
 *   'backoff' | 'initialDelayMs'>} VariantOptions
 */

/**
 * jobwait default: `waitForElbJob`'s first poll after 3 s and its backoff, `elbBackoff()` (2 s
 * doubling to 15 s, no jitter), on the compressed schedule.
 *
 * @type {VariantOptions}
 */
export const elbDefaults = ({ schedule }) => ({
  initialDelayMs: schedule.initialDelayMs,
  backoff: exponentialBackoff({
    baseDelayMs: schedule.baseDelayMs,
    factor: schedule.backoffFactor,
    capDelayMs: schedule.maxDelayMs,
    jitter: 'none',
  }),
});

/**
 * jobwait duration-aware: `durationAwareBackoff` with its defaults, whose first poll it picks
 * itself, starting from a prior of the simulated durations for classic ELB jobs (compressed
 * like everything else) and learning from every wait that ends.
 *
 * @type {VariantOptions}
 */
export const durationAware = ({ compression }) => ({
  backoff: durationAwareBackoff({
    priors: [
      {
        kind: 'elb-classic',
        medianMs: DURATIONS.medianMs / compression,
        sigma: DURATIONS.sigma,
      },
    ],
  }),
});

/** @param {unknown} error */
function failedOrRethrow(error) {
  if (isJobwaitError(error) && error.code === 'ERR_JOB_FAILED') return 'failed';

  throw error;
}

/**
 * jobwait as a fleet would run it: one `Waiter` for every wait, one `ElbClient` (got inside
 * unless `transport` says otherwise)
 * shared by all, the elb-classic job source with the job type its creator knows, and the
 * minimum delay, maximum delay, timeout and per-poll timeout of `waitForElbJob`.
 *
 * @param {VariantOptions} variantOptions
 * @param {import('@jobwait/elb-classic').ElbTransportFactory} [transport] - the client's
 *   transport; got's by default.
 * @returns {(context: ContenderContext) => Contender}
 */
export function jobwaitContender(variantOptions, transport) {
  return (context) => {
    const { url, projectId, token, requestTimeoutMs, maxSockets, schedule } = context;
    const client = new ElbClient({
      endpoint: url,
      auth: tokenAuth(token),
      requestTimeoutMs,
      maxSockets,
      ...(transport === undefined ? {} : { transport }),
    });
    const waiter = new Waiter({
      minDelayMs: schedule.minDelayMs,
      maxDelayMs: schedule.maxDelayMs,
      timeoutMs: schedule.timeoutMs,
      // waitForElbJob's: room for a request, a credential refresh and its retry, in real time.
      pollTimeoutMs: 2 * requestTimeoutMs + 5000,
      ...variantOptions(context),
    });

    return {
      wait: (jobId, jobType) =>
        waiter
          .wait({ ...elbJobSource({ client, projectId, jobId }), jobType })
          .then(() => /** @type {const} */ ('succeeded'), failedOrRethrow),
      close: () => client.close(),
    };
  };
}
