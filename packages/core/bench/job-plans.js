import { seededRandom } from './seeded-random.js';

/**
 * @typedef {object} JobPlan
 * @property {number} polls - the poll that sees the job finish, from 1.
 * @property {boolean} fails - whether the job ends in failure rather than success.
 */

/**
 * @typedef {object} JobObservation
 * @property {'running' | 'succeeded' | 'failed'} state
 */

/** A tally shared by the sources of one run, so the polls made can be checked and counted. */
/** @typedef {{ polls: number }} PollTally */

// Shared and frozen: the bench measures the waiting, not the parsing of a response.
const RUNNING = Object.freeze({ state: 'running' });
const SUCCEEDED = Object.freeze({ state: 'succeeded' });
const FAILED = Object.freeze({ state: 'failed' });

/**
 * Draws the fate of every job from a seeded random source: the number of polls, uniform in
 * 1..`maxPolls`, and whether the job fails, with probability `failureRate`.
 *
 * @param {{ waits: number, seed: number, maxPolls: number, failureRate: number }} params
 * @returns {JobPlan[]}
 */
export function planJobs({ waits, seed, maxPolls, failureRate }) {
  const random = seededRandom(seed);

  return Array.from({ length: waits }, () => ({
    polls: 1 + Math.floor(random() * maxPolls),
    fails: random() < failureRate,
  }));
}

/**
 * An in-memory job source that follows its plan: it answers `running` until its last poll,
 * then `succeeded` or `failed`. It has no `classify` of its own, so every variant reads its
 * answers its own way.
 *
 * @param {JobPlan} plan
 * @param {number} index - makes the job id unique within a run.
 * @param {PollTally} tally - counts every poll of every source of the run.
 */
export function createJobSource(plan, index, tally) {
  let polls = 0;

  return {
    id: `job-${index}`,
    kind: 'bench',
    // Async like a real request, so every variant pays for one promise per poll.
    async poll() {
      polls += 1;
      tally.polls += 1;
      if (polls < plan.polls) return RUNNING;

      return plan.fails ? FAILED : SUCCEEDED;
    },
  };
}
