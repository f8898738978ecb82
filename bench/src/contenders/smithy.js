import { WaiterState, createWaiter } from '@smithy/util-waiter';

import { gotJobReader } from './got-reader.js';
import { outcomeOf } from './job-status.js';

/** What a generated AWS SDK waiter reports for each answer: an SDK output, `$metadata` and all. */
const asSdkOutput = (/** @type {object} */ job) => ({ $metadata: { httpStatusCode: 200 }, ...job });

/**
 * A generated AWS SDK waiter's acceptors for this job: `SUCCESS` is success, `FAIL` failure,
 * anything else retry.
 *
 * @param {import('./job-reader.js').JobReader} reader
 * @param {string} jobId
 */
async function checkState(reader, jobId) {
  const job = await reader.read(jobId);
  const reason = asSdkOutput(job);
  const outcome = outcomeOf(job);
  if (outcome === 'succeeded') return { state: WaiterState.SUCCESS, reason };
  if (outcome === 'failed') return { state: WaiterState.FAILURE, reason };

  return { state: WaiterState.RETRY, reason };
}

/**
 * `createWaiter` of `@smithy/util-waiter`, the engine of the AWS SDK v3's waiters: first poll at
 * once, then a delay drawn between the minimum and min(max, min × 2^attempt), in seconds.
 *
 * @type {(context: import('./jobwait.js').ContenderContext) => import('./jobwait.js').Contender}
 */
export const smithyContender = (context) => {
  const reader = gotJobReader(context);
  const { minDelayMs, maxDelayMs, timeoutMs } = context.schedule;
  const config = {
    client: reader,
    minDelay: minDelayMs / 1000,
    maxDelay: maxDelayMs / 1000,
    maxWaitTime: timeoutMs / 1000,
  };

  return {
    async wait(jobId) {
      const { state } = await createWaiter(config, jobId, checkState);
      if (state === WaiterState.SUCCESS) return 'succeeded';
      if (state === WaiterState.FAILURE) return 'failed';

      throw new Error(`The waiter for ${jobId} ended in state ${state}`);
    },
    close: () => reader.close(),
  };
};
