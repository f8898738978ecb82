import process from 'node:process';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';

import { createJobSource, planJobs } from './job-plans.js';

/**
 * @typedef {object} RunFigures
 * @property {number} waits
 * @property {number} polls - polls made by all the waits together.
 * @property {number} wallMs - from the first wait started to the last one settled.
 * @property {number} cpuUsPerPoll - user plus system CPU time of the run, per poll.
 * @property {number} peakHeapBytesPerWait - peak `heapUsed` above the baseline, per wait.
 * @property {number} peakRssBytesPerWait - peak `rss` above the baseline, per wait.
 * @property {number} baselineHeapBytes - `heapUsed` after a forced GC, before the run.
 * @property {number} peakHeapBytes
 */

/** Forces a full collection; the bench needs it for a baseline that holds no garbage. */
function collectGarbage() {
  const { gc } = /** @type {{ gc?: () => void }} */ (globalThis);
  if (typeof gc !== 'function') throw new Error('Run node with --expose-gc');

  gc();
}

/**
 * Samples heap and RSS at an interval and on demand, keeping the peaks.
 *
 * @param {number} everyMs
 */
function startMemorySampler(everyMs) {
  const peak = { heapUsed: 0, rss: 0 };
  const sample = () => {
    const { heapUsed, rss } = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
    peak.rss = Math.max(peak.rss, rss);
  };
  const timer = setInterval(sample, everyMs);

  return {
    sample,
    stop: () => {
      clearInterval(timer);
      sample();

      return peak;
    },
  };
}

/**
 * Throws unless every wait ended as its job was planned to and the polls add up, so that a
 * variant that skips work cannot look fast.
 *
 * @param {import('./variants.js').Variant} variant
 * @param {import('./job-plans.js').JobPlan[]} plans
 * @param {PromiseSettledResult<unknown>[]} results
 * @param {number} polls
 */
function checkOutcomes(variant, plans, results, polls) {
  const expectedPolls = plans.reduce((sum, plan) => sum + plan.polls, 0);
  if (polls !== expectedPolls) {
    throw new Error(`Expected ${expectedPolls} polls, counted ${polls}`);
  }

  results.forEach((result, index) => {
    const ok = plans[index].fails
      ? result.status === 'rejected' && variant.isJobFailure(result.reason)
      : result.status === 'fulfilled';
    if (!ok) throw new Error(`job-${index} did not end as planned`, { cause: result });
  });
}

/**
 * Starts one wait per planned job, all at once, and measures the run until the last settles.
 * The sources are built before the baseline is taken, so the memory figures hold only what
 * the waiting itself keeps.
 *
 * @param {import('./variants.js').Variant} variant
 * @param {import('./variants.js').BenchParams} params
 * @returns {Promise<RunFigures>}
 */
export async function measureRun(variant, params) {
  const plans = planJobs(params);
  const tally = { polls: 0 };
  const sources = plans.map((plan, index) => createJobSource(plan, index, tally));

  collectGarbage();
  const baseline = process.memoryUsage();
  const sampler = startMemorySampler(params.sampleEveryMs);
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();

  const waits = variant.start(sources, params);
  // Every wait now exists and none has settled: a likely peak, whatever the interval.
  sampler.sample();
  const results = await Promise.allSettled(waits);

  const wallMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuBefore);
  const peak = sampler.stop();
  checkOutcomes(variant, plans, results, tally.polls);

  return {
    waits: plans.length,
    polls: tally.polls,
    wallMs: roundTo(wallMs, 1),
    cpuUsPerPoll: roundTo((cpu.user + cpu.system) / tally.polls, 2),
    peakHeapBytesPerWait: Math.round((peak.heapUsed - baseline.heapUsed) / plans.length),
    peakRssBytesPerWait: Math.round((peak.rss - baseline.rss) / plans.length),
    baselineHeapBytes: baseline.heapUsed,
    peakHeapBytes: peak.heapUsed,
  };
}

/**
 * Rounds to a number of decimals: the digits beyond are noise from one run to the next.
 *
 * @param {number} value
 * @param {number} decimals
 */
export function roundTo(value, decimals) {
  const scale = 10 ** decimals;

  return Math.round(value * scale) / scale;
}

/**
 * Runs the variant once, unmeasured, so that the measured run meets optimised code.
 *
 * @param {import('./variants.js').Variant} variant
 * @param {import('./variants.js').BenchParams} params
 */
export async function warmUp(variant, params) {
  const plans = planJobs({ ...params, waits: params.warmupWaits, seed: params.seed + 1 });
  const tally = { polls: 0 };
  const sources = plans.map((plan, index) => createJobSource(plan, index, tally));

  await Promise.allSettled(variant.start(sources, params));
}
