import { createHash } from 'node:crypto';

import { CREATION_WINDOW_MS, DURATIONS } from './settings.js';

/**
 * @typedef {object} JobPlan - the jobs of one run, the same for every contender of a round.
 * @property {string} prefix - starts every job id of the run.
 * @property {number[]} startOffsetsMs - when each job is created, after the run's start.
 * @property {number[]} durationsMs - how long each job runs, from its creation to its end.
 * @property {boolean[]} fails - whether each job ends in `FAIL` rather than `SUCCESS`.
 */

/**
 * A number in (0, 1) that depends only on the seed and the index: the leading 48 bits of a
 * SHA-256, so that every process and every run draws the same jobs from the same seed.
 *
 * @param {number} seed
 * @param {number} index
 */
function uniformAt(seed, index) {
  const digest = createHash('sha256').update(`${seed}:${index}`).digest();

  return (digest.readUIntBE(0, 6) + 0.5) / 2 ** 48;
}

/**
 * A standard normal number (Box–Muller) from two uniform draws of the seed.
 *
 * @param {number} seed
 * @param {number} index
 */
function normalAt(seed, index) {
  const radius = Math.sqrt(-2 * Math.log(uniformAt(seed, 2 * index)));

  return radius * Math.cos(2 * Math.PI * uniformAt(seed, 2 * index + 1));
}

/**
 * Draws the jobs of a run: durations from the lognormal of `DURATIONS`, a `FAIL` for its share
 * of them, and creation times spread evenly over `CREATION_WINDOW_MS`; every time divided by the
 * compression.
 *
 * @param {{ waits: number, seed: number, compression: number, prefix: string }} params
 * @returns {JobPlan}
 */
export function planJobs({ waits, seed, compression, prefix }) {
  const indexes = Array.from({ length: waits }, (_, index) => index);
  const { medianMs, sigma, failureRate } = DURATIONS;

  return {
    prefix,
    startOffsetsMs: indexes.map((index) => (index * CREATION_WINDOW_MS) / waits / compression),
    durationsMs: indexes.map(
      (index) => (medianMs * Math.exp(sigma * normalAt(seed, index))) / compression,
    ),
    fails: indexes.map((index) => uniformAt(seed + 1, index) < failureRate),
  };
}

/**
 * The job type of measured jobs (`'j'`) and of warm-up jobs (`'w'`): apart, so that a strategy
 * that learns durations per job type is not taught by the warm-up's shorter jobs.
 */
export const JOB_TYPES = Object.freeze({ j: 'createELB', w: 'deleteELB' });

/**
 * The id of a measured job (`kind` `'j'`) or of a warm-up job (`'w'`).
 *
 * @param {string} prefix
 * @param {'j' | 'w'} kind
 * @param {number | ''} index - `''` gives the prefix of every id of that kind.
 */
export const jobId = (prefix, kind, index) => `${prefix}${kind}${index}`;

/**
 * The timeline the simulator serves for one job: `INIT` for the first tenth, `RUNNING` for the
 * rest, then `SUCCESS` or `FAIL` for ever.
 *
 * @param {number} durationMs
 * @param {boolean} fails
 * @returns {import('@jobwait/elb-classic/testing').TimelineStep[]}
 */
export function timelineOf(durationMs, fails) {
  return [
    { status: 'INIT', forMs: durationMs / 10 },
    { status: 'RUNNING', forMs: (durationMs * 9) / 10 },
    { status: fails ? 'FAIL' : 'SUCCESS' },
  ];
}
