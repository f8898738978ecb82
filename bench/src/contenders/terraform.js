import { setTimeout as sleep } from 'node:timers/promises';

import { now } from '../clock.js';
import { gotJobReader } from './got-reader.js';
import { DeadlineError, outcomeOf } from './job-status.js';

/**
 * The schedule of Terraform's `StateChangeConf.WaitForStateContext` (terraform-plugin-sdk,
 * helper/retry/state.go) with `Delay` 0 and `MinTimeout` set to the minimum delay: the first
 * refresh at once; then a wait that starts at 100 ms and doubles after each refresh, raised to
 * `MinTimeout` and held at 10 s (both compressed). Terraform has no maximum delay of its own:
 * its 10 s cap stands in for it. The deadline is checked before each wait, where Terraform's
 * own timer would fire during it.
 *
 * @param {import('./job-reader.js').JobReader} reader
 * @param {string} jobId
 * @param {import('../settings.js').SCHEDULE} schedule
 */
async function waitForState(reader, jobId, schedule) {
  const { minDelayMs, timeoutMs, terraformFirstWaitMs, terraformCapMs } = schedule;
  const deadline = now() + timeoutMs;
  let waitMs = terraformFirstWaitMs;

  for (;;) {
    const outcome = outcomeOf(await reader.read(jobId));
    if (outcome !== undefined) return outcome;

    waitMs *= 2;
    waitMs = waitMs < minDelayMs ? minDelayMs : Math.min(waitMs, terraformCapMs);
    if (now() + waitMs > deadline) throw new DeadlineError(jobId);

    await sleep(waitMs);
  }
}

/**
 * @type {(context: import('./jobwait.js').ContenderContext) =>
 *   import('./jobwait.js').Contender}
 */
export const terraformContender = (context) => {
  const reader = gotJobReader(context);

  return {
    wait: (jobId) => waitForState(reader, jobId, context.schedule),
    close: () => reader.close(),
  };
};
