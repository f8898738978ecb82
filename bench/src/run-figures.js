import { ascending, meanOf, quantileOfSorted } from './statistics.js';

/**
 * @typedef {object} RunFigures - what one run of one contender measured.
 * @property {number} requestsPerJob - requests the simulator received per job, by job id.
 * @property {number} lagMeanS - detection lag, uncompressed seconds, mean over the jobs.
 * @property {number} lagP50S
 * @property {number} lagP99S
 * @property {number} pollLagMeanS - the part of the lag before the deciding request reached
 *   the simulator (the schedule, and any queueing on the client), mean, uncompressed seconds.
 * @property {number} cpuMsPer1kRequests - user + system CPU of the contender's process while
 *   waiting, per 1,000 requests.
 * @property {number} peakRssMB - the contender process's peak resident set, MiB.
 * @property {number} heapRetainedKB - heap used after every wait settled, minus before the
 *   first started, both after a full GC, KiB.
 * @property {number | null} exitMs - from the contender's last message to its exit, as the
 *   parent saw it; `null` when it had not exited after the bench's limit.
 * @property {number} wrongOutcomes - waits that did not end as their job did.
 * @property {string[]} errors - the first few errors of those waits.
 * @property {Record<string, number>} warnings - process warnings in the contender, by name.
 * @property {{ simulator: number, contender: number }} clockOffsetsMs - how far each child's
 *   clock was ahead of the parent's; the figures are corrected for it.
 * @property {number} waitS - real seconds from the run's start to the last wait settled.
 * @property {number} [loadAverage] - the machine's 1-minute load average after the run.
 */

/**
 * @typedef {object} RunRecord - what the processes of one run reported, times by the
 *   parent's clock unless said otherwise.
 * @property {import('./job-plan.js').JobPlan} plan
 * @property {number} compression
 * @property {number} startAt - the creation time of the first job.
 * @property {{ counts: number[], lastAt: number[] }} requests - from the simulator's log,
 *   `lastAt` by its clock.
 * @property {{ settledAt: number[], outcomes: number[], errors: string[], cpuUs: number,
 *   heapRetainedBytes: number, peakRssBytes: number, warnings: Record<string, number> }} results
 *   - from the contender, by its clock.
 * @property {{ simulator: number, contender: number }} offsetsMs - how far each child's clock is
 *   ahead of the parent's.
 * @property {number | null} exitMs
 */

/** What a planned job's wait should end with: `OUTCOME_CODES` of contender-process.js. */
const expectedOutcome = (/** @type {boolean} */ fails) => (fails ? 2 : 1);

/** @param {number} value @param {number} decimals */
const round = (value, decimals) => Number(value.toFixed(decimals));

/**
 * Turns what the processes of a run reported into its figures. Lags count only the waits that
 * ended as their job did; the others are counted in `wrongOutcomes`.
 *
 * @param {RunRecord} record
 * @returns {RunFigures}
 */
export function runFigures({ plan, compression, startAt, requests, results, offsetsMs, exitMs }) {
  const uncompressedS = (/** @type {number} */ ms) => (ms * compression) / 1000;
  const endedAt = plan.durationsMs.map((ms, index) => startAt + plan.startOffsetsMs[index] + ms);
  const right = endedAt
    .map((_, index) => index)
    .filter((index) => results.outcomes[index] === expectedOutcome(plan.fails[index]));
  const lags = ascending(
    right.map((index) => results.settledAt[index] - offsetsMs.contender - endedAt[index]),
  );
  const pollLags = right.map(
    (index) => requests.lastAt[index] - offsetsMs.simulator - endedAt[index],
  );
  const totalRequests = requests.counts.reduce((total, count) => total + count, 0);
  const lastSettledAt = Math.max(...results.settledAt) - offsetsMs.contender;

  return {
    requestsPerJob: round(totalRequests / plan.durationsMs.length, 2),
    lagMeanS: round(uncompressedS(meanOf(lags)), 2),
    lagP50S: round(uncompressedS(quantileOfSorted(lags, 0.5)), 2),
    lagP99S: round(uncompressedS(quantileOfSorted(lags, 0.99)), 2),
    pollLagMeanS: round(uncompressedS(meanOf(pollLags)), 2),
    cpuMsPer1kRequests: round(results.cpuUs / totalRequests, 1),
    peakRssMB: round(results.peakRssBytes / 2 ** 20, 1),
    heapRetainedKB: round(results.heapRetainedBytes / 1024, 1),
    exitMs: exitMs === null ? null : round(exitMs, 1),
    wrongOutcomes: plan.durationsMs.length - right.length,
    errors: results.errors,
    warnings: results.warnings,
    clockOffsetsMs: {
      simulator: round(offsetsMs.simulator, 3),
      contender: round(offsetsMs.contender, 3),
    },
    waitS: round((lastSettledAt - startAt) / 1000, 2),
  };
}
