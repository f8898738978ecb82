// One fleet of jobwait waits in a process of its own, for the scenarios of fleet.js: many jobs
// under a gateway's rate limit, or many callers waiting on each job through one waiter. The
// parent forks it with the scenario, says when to start, and reads back how every wait ended,
// what the rate limiter did, and what the process spent.
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';

import { Waiter, constantBackoff, isJobwaitError } from '@jobwait/core';
import { ElbClient, elbJobSource, tokenAuth } from '@jobwait/elb-classic';

import { now } from './clock.js';
import { elbDefaults } from './contenders/jobwait.js';
import { JOB_TYPES, jobId } from './job-plan.js';

/**
 * @typedef {object} FleetScenario
 * @property {'rate-limit' | 'coalescing'} type
 * @property {string} prefix - of the job ids.
 * @property {number} jobs
 * @property {number} callers - waits started on each job, at once, through the one waiter.
 * @property {import('@jobwait/elb-classic').RateLimitOptions | null} rateLimit - the client's.
 * @property {number} delayMs - between two polls of a job, for `rate-limit`.
 * @property {number} compression - of the schedule, for `coalescing`.
 * @property {typeof import('./settings.js').SCHEDULE} schedule - compressed, for `coalescing`.
 */

/**
 * The waiter of a scenario. Under a rate limit, every job polls at a constant `delayMs`, so that
 * together they ask for more than the limit allows; to show coalescing, jobwait default's
 * schedule, compressed.
 *
 * @param {FleetScenario} scenario
 * @param {number} requestTimeoutMs
 */
function waiterFor(scenario, requestTimeoutMs) {
  const { type, delayMs, schedule, compression } = scenario;
  const timing =
    type === 'rate-limit'
      ? {
          initialDelayMs: 0,
          minDelayMs: delayMs,
          maxDelayMs: delayMs,
          timeoutMs: 120_000,
          backoff: constantBackoff({ delayMs }),
        }
      : {
          minDelayMs: schedule.minDelayMs,
          maxDelayMs: schedule.maxDelayMs,
          timeoutMs: schedule.timeoutMs,
          ...elbDefaults({ schedule, compression }),
        };

  return new Waiter({ ...timing, pollTimeoutMs: 2 * requestTimeoutMs + 5000 });
}

/**
 * How each wait ended: 'succeeded', 'failed' (the job failed) or the wait's own error.
 *
 * @param {Promise<unknown>} wait
 * @returns {Promise<string>}
 */
const outcomeOf = (wait) =>
  wait.then(
    () => 'succeeded',
    (error) =>
      isJobwaitError(error) && error.code === 'ERR_JOB_FAILED' ? 'failed' : String(error),
  );

const [contextJson] = process.argv.slice(2);
if (contextJson === undefined || process.send === undefined) {
  throw new Error('Usage: fork fleet-process.js <context as JSON>, with an IPC channel');
}

/** @type {{ url: string, projectId: string, token: string, requestTimeoutMs: number,
 *   maxSockets: number, scenario: FleetScenario }} */
const { url, projectId, token, requestTimeoutMs, maxSockets, scenario } = JSON.parse(contextJson);
const client = new ElbClient({
  endpoint: url,
  auth: tokenAuth(token),
  requestTimeoutMs,
  maxSockets,
  ...(scenario.rateLimit === null ? {} : { rateLimit: scenario.rateLimit }),
});
const waiter = waiterFor(scenario, requestTimeoutMs);

process.send({ type: 'ready' });
/** @type {{ startAt: number }} */
const { startAt } = await new Promise((resolve) => process.once('message', resolve));
await sleep(Math.max(0, startAt - now()));

const cpuBefore = process.cpuUsage();
const waits = Array.from({ length: scenario.jobs }, (_, index) => {
  const source = elbJobSource({ client, projectId, jobId: jobId(scenario.prefix, 'j', index) });
  const callers = Array.from({ length: scenario.callers }, () =>
    outcomeOf(waiter.wait({ ...source, jobType: JOB_TYPES.j })),
  );

  return Promise.all(callers);
});
const outcomes = await Promise.all(waits);
const cpu = process.cpuUsage(cpuBefore);
const limiter = client.rateLimitState(projectId) ?? null;
client.close();

process.send({
  type: 'results',
  outcomes,
  settledAt: now(),
  cpuMs: (cpu.user + cpu.system) / 1000,
  limiter,
});
process.send({ type: 'done' }, () => process.disconnect());
