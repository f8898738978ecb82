// The classic ELB simulator in a process of its own, so that serving the requests costs the
// contender's process nothing. The parent (run-once.js, fleet.js) forks it for each run and
// talks to it over IPC: it adds the jobs, sets a throttle, and reads back the requests the
// simulator received, counted per job or one by one.
import process from 'node:process';

import { startSimulator } from '@jobwait/elb-classic/testing';

import { answerPings } from './channel.js';
import { now } from './clock.js';
import { JOB_TYPES, jobId, timelineOf } from './job-plan.js';
import { BENCH_TOKEN } from './settings.js';

const simulator = await startSimulator({ token: BENCH_TOKEN, clock: { now } });

/**
 * Adds the jobs of a plan, each created at `startAt` plus its offset (by this process's clock).
 *
 * @param {{ plan: import('./job-plan.js').JobPlan, kind: 'j' | 'w', startAt: number }} message
 */
function addJobs({ plan, kind, startAt }) {
  plan.durationsMs.forEach((durationMs, index) => {
    simulator.addJob({
      jobId: jobId(plan.prefix, kind, index),
      jobType: JOB_TYPES[kind],
      createdAt: startAt + plan.startOffsetsMs[index],
      timeline: timelineOf(durationMs, plan.fails[index]),
    });
  });
}

/**
 * For each measured job of the run, the requests received and when the last one arrived: a
 * contender stops at the first answer that shows the job ended, so that is the deciding one.
 *
 * @param {{ prefix: string, waits: number }} message
 */
function requestsPerJob({ prefix, waits }) {
  const counts = new Array(waits).fill(0);
  const lastAt = new Array(waits).fill(NaN);
  const measured = jobId(prefix, 'j', '');

  for (const { jobId: id, time } of simulator.requests) {
    if (id === undefined || !id.startsWith(measured)) continue;

    const index = Number(id.slice(measured.length));
    counts[index] += 1;
    // The log is in the order the requests arrived.
    lastAt[index] = time;
  }

  return { counts, lastAt, unmeasured: simulator.requests.length - sum(counts) };
}

/**
 * Every request the simulator logged for the jobs whose ids start with `prefix`, in the order
 * they arrived, as three parallel arrays: when it arrived, the status answered (0 for none) and
 * the index of its job, the rest of the id read as a number.
 *
 * @param {{ prefix: string }} message
 */
function requestLog({ prefix }) {
  const entries = simulator.requests.filter(({ jobId: id }) => id?.startsWith(prefix));

  return {
    times: entries.map(({ time }) => time),
    statuses: entries.map(({ status }) => status ?? 0),
    jobs: entries.map(({ jobId: id }) => Number(id?.slice(prefix.length))),
  };
}

/** @param {number[]} values */
const sum = (values) => values.reduce((total, value) => total + value, 0);

answerPings();
process.on('message', (/** @type {any} */ message) => {
  if (message.type === 'add') {
    addJobs(message);
    process.send?.({ type: 'added' });
  } else if (message.type === 'stats') {
    process.send?.({ type: 'stats', ...requestsPerJob(message) });
  } else if (message.type === 'log') {
    process.send?.({ type: 'log', ...requestLog(message) });
  } else if (message.type === 'throttle') {
    simulator.setThrottle(message.throttle);
    process.send?.({ type: 'throttled' });
  } else if (message.type === 'close') {
    void simulator.close().then(() => process.disconnect());
  }
});
process.send?.({ type: 'listening', url: simulator.url, projectId: simulator.projectId });
