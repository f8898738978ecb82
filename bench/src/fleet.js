// The fleet scenarios of the bench: jobwait under the API gateway's rate limit, and many
// callers waiting on the same jobs through one waiter. Each runs a simulator process and a
// fleet process (fleet-process.js); the figures come from the simulator's request log.
import console from 'node:console';

import { openChannel } from './channel.js';
import { now } from './clock.js';
import { jobId, planJobs } from './job-plan.js';
import { BENCH_TOKEN, HTTP, compressedSchedule } from './settings.js';
import { ascending, quantileOfSorted } from './statistics.js';

/**
 * The rate-limit scenario: `jobs` jobs that all run for `runningMs` from the same instant, each
 * polled every `delayMs`, so that together they ask for `jobs / delayMs` requests a second,
 * four times the gateway's limit of `requestsPerSecond`, counted in windows of 1 s per project.
 * The figures are taken from `warmupMs` after the start, when the limiter has settled, to the
 * jobs' end, while every job still asks.
 */
export const RATE_LIMIT_SCENARIO = Object.freeze({
  requestsPerSecond: 50,
  jobs: 200,
  delayMs: 1000,
  runningMs: 20_000,
  warmupMs: 2000,
});

/** The rate limits the client is given, against the gateway's `requestsPerSecond`. */
const LIMITS = [
  { label: 'the gateway’s limit', rateLimit: { requestsPerSecond: 50 } },
  { label: '5 × too high', rateLimit: { requestsPerSecond: 250 } },
  { label: 'unknown (learnt from 429s)', rateLimit: {} },
  { label: 'none (for contrast)', rateLimit: null },
];

/**
 * The coalescing scenario: `jobs` jobs of the main bench's durations, compressed `compression`
 * times, each waited on by every number of `callers` through one waiter on jobwait default's
 * schedule.
 */
export const COALESCING_SCENARIO = Object.freeze({
  jobs: 20,
  callers: [1, 8, 64],
  compression: 25,
});

/**
 * Runs one fleet: a fresh simulator, throttled when `throttle` is given, the jobs of `plan`
 * created together a little ahead, and the fleet process waiting on them.
 *
 * @param {import('./fleet-process.js').FleetScenario} scenario
 * @param {import('./job-plan.js').JobPlan} plan
 * @param {import('@jobwait/elb-classic/testing').SimulatorThrottle | undefined} throttle
 */
async function runFleet(scenario, plan, throttle) {
  const simulator = openChannel('simulator-process.js', []);
  /** @type {import('./channel.js').Channel | undefined} */
  let fleet;

  try {
    const { url, projectId } = await simulator.next('listening');
    const context = { url, projectId, token: BENCH_TOKEN, ...HTTP, scenario };
    fleet = openChannel('fleet-process.js', [JSON.stringify(context)], ['--no-warnings']);
    await fleet.next('ready');
    if (throttle !== undefined) {
      simulator.send({ type: 'throttle', throttle });
      await simulator.next('throttled');
    }

    // Every process reads the same system clock (see clock.js), within a hundredth of a ms.
    const startAt = now() + 300;
    simulator.send({ type: 'add', plan, kind: 'j', startAt });
    await simulator.next('added');
    fleet.send({ type: 'start', startAt });
    const results = await fleet.next('results');
    simulator.send({ type: 'log', prefix: jobId(plan.prefix, 'j', '') });
    const log = await simulator.next('log');

    return { startAt, results, log };
  } finally {
    fleet?.child.kill('SIGKILL');
    if (simulator.child.connected) simulator.send({ type: 'close' });
    await simulator.exited;
  }
}

/**
 * The longest time between two requests of one job inside [from, to), over all jobs.
 *
 * @param {{ times: number[], jobs: number[] }} log
 * @param {number} from
 * @param {number} to
 */
function longestGapMs({ times, jobs }, from, to) {
  /** @type {Map<number, number>} */
  const last = new Map();
  let longest = 0;

  times.forEach((time, index) => {
    if (time < from || time >= to) return;

    const previous = last.get(jobs[index]) ?? from;
    longest = Math.max(longest, time - previous);
    last.set(jobs[index], time);
  });

  return longest;
}

/**
 * Answered (200) and throttled (429) requests in each second from `startAt` to `to`: how the
 * limiter adapted, for the JSON.
 *
 * @param {{ times: number[], statuses: number[] }} log
 * @param {number} startAt
 * @param {number} to
 */
function perSecondCounts({ times, statuses }, startAt, to) {
  const seconds = Math.ceil((to - startAt) / 1000);
  const answered = new Array(seconds).fill(0);
  const throttled = new Array(seconds).fill(0);
  times.forEach((time, index) => {
    const second = Math.floor((time - startAt) / 1000);
    if (second < 0 || second >= seconds) return;
    if (statuses[index] === 200) answered[second] += 1;
    if (statuses[index] === 429) throttled[second] += 1;
  });

  return { answered, throttled };
}

/**
 * One limit's figures: answered requests a second over the gateway's limit, while every job
 * asks and over its last 5 s; 429 answers; polls per job (fewest, most) and the longest gap
 * between two polls of one job, in the measured span; how the waits ended.
 *
 * @param {{ startAt: number, results: any, log: { times: number[], statuses: number[],
 *   jobs: number[] } }} run
 */
function rateLimitFigures({ startAt, results, log }) {
  const { requestsPerSecond: limit, jobs, runningMs, warmupMs } = RATE_LIMIT_SCENARIO;
  const from = startAt + warmupMs;
  const to = startAt + runningMs;
  const answeredSince = (/** @type {number} */ since) =>
    log.times.filter((time, i) => log.statuses[i] === 200 && time >= since && time < to).length;
  const perJob = new Array(jobs).fill(0);
  log.times.forEach((time, index) => {
    if (time >= from && time < to) perJob[log.jobs[index]] += 1;
  });
  const outcomes = /** @type {string[][]} */ (results.outcomes).flat();

  return {
    throughputRatio: answeredSince(from) / ((to - from) / 1000) / limit,
    lastSecondsRatio: answeredSince(to - 5000) / 5 / limit,
    throttled: log.statuses.filter((status) => status === 429).length,
    requests: log.times.length,
    fewestPolls: Math.min(...perJob),
    mostPolls: Math.max(...perJob),
    longestGapS: longestGapMs(log, from, to) / 1000,
    succeeded: outcomes.filter((outcome) => outcome === 'succeeded').length,
    errors: [...new Set(outcomes.filter((outcome) => outcome !== 'succeeded'))].slice(0, 3),
    limiter: results.limiter,
    perSecond: perSecondCounts(log, startAt, to),
  };
}

/** Runs the rate-limit scenario once per limit. */
async function rateLimitRuns() {
  const { requestsPerSecond, jobs, delayMs, runningMs } = RATE_LIMIT_SCENARIO;
  const throttle = {
    limit: requestsPerSecond,
    windowMs: 1000,
    per: /** @type {const} */ ('project'),
  };
  const runs = [];

  for (const [index, { label, rateLimit }] of LIMITS.entries()) {
    console.error(`fleet: rate limit ${label}`);
    const prefix = `rl${index}`;
    const plan = {
      prefix,
      startOffsetsMs: new Array(jobs).fill(0),
      durationsMs: new Array(jobs).fill(runningMs),
      fails: new Array(jobs).fill(false),
    };
    /** @type {import('./fleet-process.js').FleetScenario} */
    const scenario = {
      type: 'rate-limit',
      prefix,
      jobs,
      callers: 1,
      rateLimit,
      delayMs,
      compression: 1,
      schedule: compressedSchedule(1),
    };
    const figures = rateLimitFigures(await runFleet(scenario, plan, throttle));
    runs.push({ label, rateLimit, ...figures });
  }

  return runs;
}

/**
 * Runs the coalescing scenario once per number of callers, on the same jobs.
 *
 * @param {number} seed
 */
async function coalescingRuns(seed) {
  const { jobs, callers: counts, compression } = COALESCING_SCENARIO;
  const runs = [];

  for (const callers of counts) {
    console.error(`fleet: ${callers} callers a job`);
    const plan = planJobs({ waits: jobs, seed, compression, prefix: `co${callers}` });
    /** @type {import('./fleet-process.js').FleetScenario} */
    const scenario = {
      type: 'coalescing',
      prefix: plan.prefix,
      jobs,
      callers,
      rateLimit: null,
      delayMs: 0,
      compression,
      schedule: compressedSchedule(compression),
    };
    const { results, log } = await runFleet(scenario, plan, undefined);
    const outcomes = /** @type {string[][]} */ (results.outcomes);
    const expected = plan.fails.map((fails) => (fails ? 'failed' : 'succeeded'));
    const perJob = new Array(jobs).fill(0);
    for (const job of log.jobs) perJob[job] += 1;
    runs.push({
      callers,
      waits: jobs * callers,
      requestsPerJob: log.times.length / jobs,
      requestsPerJobP50: quantileOfSorted(ascending(perJob), 0.5),
      agreeing: outcomes.filter((ends, index) => ends.every((end) => end === expected[index]))
        .length,
      cpuMs: results.cpuMs,
    });
  }

  return runs;
}

/**
 * Both fleet scenarios, one run each.
 *
 * @param {number} seed - of the coalescing scenario's jobs.
 */
export async function runFleets(seed) {
  return { rateLimits: await rateLimitRuns(), coalescing: await coalescingRuns(seed) };
}

/** @param {number} value @param {number} decimals */
const fixed = (value, decimals) => value.toFixed(decimals);

/**
 * The markdown of the fleet scenarios: one table each, and what they show.
 *
 * @param {Awaited<ReturnType<typeof runFleets>>} fleets
 * @param {(head: string[], rows: string[][]) => string} table
 */
export function fleetReport({ rateLimits, coalescing }, table) {
  const { requestsPerSecond, jobs, delayMs, runningMs, warmupMs } = RATE_LIMIT_SCENARIO;
  const limitRows = rateLimits.map((run) => [
    run.label,
    fixed(run.throughputRatio, 3),
    fixed(run.lastSecondsRatio, 3),
    String(run.throttled),
    `${run.fewestPolls}–${run.mostPolls}`,
    fixed(run.longestGapS, 1),
    `${run.succeeded} / ${jobs}`,
  ]);
  const coalescingRows = coalescing.map((run) => [
    String(run.callers),
    String(run.waits),
    fixed(run.requestsPerJob, 2),
    `${run.agreeing} / ${COALESCING_SCENARIO.jobs}`,
  ]);
  const errors = rateLimits
    .filter(({ errors }) => errors.length > 0)
    .map(({ label, errors }) => `${label}: ${errors.join('; ')}`);

  return [
    '## Under the gateway’s rate limit',
    `${jobs} jobs running ${runningMs / 1000} s from the same instant, each polled every ` +
      `${delayMs / 1000} s by one waiter through one \`ElbClient\`: ${jobs / (delayMs / 1000)} ` +
      `requests a second asked of a gateway that allows ${requestsPerSecond} a second per ` +
      `project (windows of 1 s; \`429 APIGW.0308\` beyond). Answered rate over the limit from ` +
      `${warmupMs / 1000} s to the jobs' end and over its last 5 s; polls per job and the ` +
      'longest gap between two polls of one job in that span.',
    table(
      [
        'client rate limit',
        'answered ÷ limit',
        'last 5 s ÷ limit',
        '429 answers',
        'polls per job',
        'longest gap s',
        'waits succeeded',
      ],
      limitRows,
    ),
    errors.length === 0 ? '' : `Waits that failed: ${errors.join('. ')}.`,
    '## Coalescing',
    `${COALESCING_SCENARIO.jobs} jobs of the durations above (k = ` +
      `${COALESCING_SCENARIO.compression}), each waited on by that many callers at once ` +
      "through one waiter on jobwait default's schedule; requests counted by the simulator.",
    table(
      ['callers per job', 'waits', 'requests per job', 'jobs every caller saw end'],
      coalescingRows,
    ),
  ]
    .filter(Boolean)
    .join('\n\n');
}
