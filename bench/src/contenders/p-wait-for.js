import pWaitFor from 'p-wait-for';

import { gotJobReader } from './got-reader.js';
import { outcomeOf } from './job-status.js';

/**
 * p-wait-for: a condition checked at once and then at a fixed interval, which it calls
 * `interval`; it has no backoff, so it gets the minimum delay. Its timeout is the deadline.
 *
 * @type {(context: import('./jobwait.js').ContenderContext) => import('./jobwait.js').Contender}
 */
export const pWaitForContender = (context) => {
  const reader = gotJobReader(context);
  const { minDelayMs, timeoutMs } = context.schedule;

  return {
    wait: (jobId) =>
      pWaitFor(
        async () => {
          const outcome = outcomeOf(await reader.read(jobId));

          return outcome === undefined ? false : pWaitFor.resolveWith(outcome);
        },
        { interval: minDelayMs, timeout: timeoutMs },
      ),
    close: () => reader.close(),
  };
};
