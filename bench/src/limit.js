import { lagAtPolls, lognormalDistribution, pollFrontier } from '@jobwait/core';

import { DURATIONS, SCHEDULE } from './settings.js';

/**
 * How the limit is computed, for the report: the least expected lag that any way of polling
 * reaches for a given number of requests per job, on the bench's duration distribution and
 * within the bounds every contender gets.
 */
export const LIMIT = Object.freeze({
  method:
    'lagAtPolls(pollFrontier(lognormalDistribution({ medianMs, sigma }), ' +
    '{ minDelayMs, maxDelayMs, timeoutMs }), requests per job) of @jobwait/core',
  distribution: { medianMs: DURATIONS.medianMs, sigma: DURATIONS.sigma },
  bounds: {
    minDelayMs: SCHEDULE.minDelayMs,
    maxDelayMs: SCHEDULE.maxDelayMs,
    timeoutMs: SCHEDULE.timeoutMs,
  },
});

/**
 * L*(r): the optimal schedule's expected lag, in uncompressed seconds, at `r` requests per job.
 * Beyond the frontier's most polls, more polls no longer lower the lag (the minimum delay
 * bounds it), so the least lag of all is the limit; below its fewest, `null`: no schedule
 * within the bounds spends so few. The frontier is computed once, on first use.
 *
 * @type {(requestsPerJob: number) => number | null}
 */
export const optimumLagS = (() => {
  /** @type {ReturnType<typeof pollFrontier> | undefined} */
  let frontier;

  return (requestsPerJob) => {
    frontier ??= pollFrontier(lognormalDistribution(LIMIT.distribution), LIMIT.bounds);
    const last = frontier[frontier.length - 1];
    const lagMs =
      last !== undefined && requestsPerJob >= last.expectedPolls
        ? last.expectedLagMs
        : lagAtPolls(frontier, requestsPerJob);

    return lagMs === undefined ? null : lagMs / 1000;
  };
})();
