import {
  ExponentialBackoff,
  TimeoutStrategy,
  handleWhenResult,
  retry,
  timeout,
  wrap,
} from 'cockatiel';

import { gotJobReader } from './got-reader.js';
import { outcomeOf } from './job-status.js';

/**
 * cockatiel's retry policy, retrying while the answer shows the job running, with its
 * `ExponentialBackoff` (decorrelated jitter, the default) from the minimum delay up to the
 * maximum, inside a timeout policy for the deadline. The first poll is at once.
 *
 * @type {(context: import('./jobwait.js').ContenderContext) => import('./jobwait.js').Contender}
 */
export const cockatielContender = (context) => {
  const reader = gotJobReader(context);
  const { minDelayMs, maxDelayMs, timeoutMs } = context.schedule;
  const whileRunning = retry(
    handleWhenResult((job) => outcomeOf(/** @type {{ status?: unknown }} */ (job)) === undefined),
    { backoff: new ExponentialBackoff({ initialDelay: minDelayMs, maxDelay: maxDelayMs }) },
  );
  const policy = wrap(timeout(timeoutMs, TimeoutStrategy.Aggressive), whileRunning);

  return {
    async wait(jobId) {
      const job = await policy.execute(() => reader.read(jobId));
      const outcome = outcomeOf(job);
      if (outcome === undefined) throw new Error(`The retries for ${jobId} ended while it ran`);

      return outcome;
    },
    close: () => reader.close(),
  };
};
