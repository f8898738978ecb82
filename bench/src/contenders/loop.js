import { setTimeout as sleep } from 'node:timers/promises';

import { now } from '../clock.js';
import { DeadlineError, outcomeOf } from './job-status.js';

/**
 * The least code that waits the way jobwait's default does: sleep the initial delay, poll,
 * then sleep 2 s doubling to 15 s (compressed) between polls, until the job ends or the next
 * poll would fall after the deadline. No per-poll timeout, retries, events or abort.
 *
 * @param {import('./job-reader.js').JobReader} reader
 * @param {string} jobId
 * @param {import('../settings.js').SCHEDULE} schedule
 */
async function pollUntilEnded(reader, jobId, schedule) {
  const { initialDelayMs, baseDelayMs, backoffFactor, maxDelayMs, timeoutMs } = schedule;
  const deadline = now() + timeoutMs;
  let delayMs = initialDelayMs;
  let nextDelayMs = baseDelayMs;

  for (;;) {
    await sleep(delayMs);
    const outcome = outcomeOf(await reader.read(jobId));
    if (outcome !== undefined) return outcome;
    if (now() + nextDelayMs > deadline) throw new DeadlineError(jobId);

    delayMs = nextDelayMs;
    nextDelayMs = Math.min(nextDelayMs * backoffFactor, maxDelayMs);
  }
}

/**
 * A hand-written setTimeout loop over the given HTTP client: the baseline of CPU per request.
 *
 * @param {(context: import('./job-reader.js').ReaderContext) =>
 *   import('./job-reader.js').JobReader} readerFor
 * @returns {(context: import('./jobwait.js').ContenderContext) =>
 *   import('./jobwait.js').Contender}
 */
export function loopContender(readerFor) {
  return (context) => {
    const reader = readerFor(context);

    return {
      wait: (jobId) => pollUntilEnded(reader, jobId, context.schedule),
      close: () => reader.close(),
    };
  };
}
