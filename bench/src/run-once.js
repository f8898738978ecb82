import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';

import { measureClockOffset, openChannel } from './channel.js';
import { now } from './clock.js';
import { planJobs } from './job-plan.js';
import { runFigures } from './run-figures.js';
import { BENCH_TOKEN, HTTP, compressedSchedule } from './settings.js';

/** How long a contender may take to exit after its last message before it is killed. */
const EXIT_LIMIT_MS = 5000;

/** The most warm-up waits a contender runs before the measured ones. */
const MAX_WARMUPS = 200;

/**
 * @typedef {object} RunParams
 * @property {string} contender - a key of `CONTENDERS`.
 * @property {number} waits
 * @property {number} compression
 * @property {import('./job-plan.js').JobPlan} plan - the measured jobs, shared by the round.
 * @property {number} seed - of the warm-up jobs.
 */

/**
 * Resolves with how long after `doneAt` the child exited, or kills it and resolves with `null`
 * when it is still alive `EXIT_LIMIT_MS` later.
 *
 * @param {import('./channel.js').Channel} channel
 * @param {number} doneAt - by the parent's clock.
 * @returns {Promise<number | null>}
 */
async function exitDelay(channel, doneAt) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const limit = new Promise((resolve) => (timer = setTimeout(resolve, EXIT_LIMIT_MS, null)));
  const exit = await Promise.race([channel.exited, limit]);
  clearTimeout(timer);
  if (exit !== null) return exit.at - doneAt;

  channel.child.kill('SIGKILL');
  await channel.exited;

  return null;
}

/**
 * Adds jobs to the simulator, created at `startAt` (parent's clock) plus their offsets.
 *
 * @param {import('./channel.js').Channel} simulator
 * @param {number} offsetMs - of the simulator's clock.
 * @param {{ plan: import('./job-plan.js').JobPlan, kind: 'j' | 'w', startAt: number }} jobs
 */
async function addJobs(simulator, offsetMs, { plan, kind, startAt }) {
  simulator.send({ type: 'add', plan, kind, startAt: startAt + offsetMs });
  await simulator.next('added');
}

/**
 * Node flags for the contender processes from `BENCH_CONTENDER_NODE_FLAGS`, split at spaces:
 * `--cpu-prof --cpu-prof-dir=profiles` writes a CPU profile of each contender, for example.
 */
function contenderNodeFlags() {
  return (process.env.BENCH_CONTENDER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

/**
 * Starts the contender's process, lets it warm up on jobs of its own, and measures its clock.
 *
 * @param {RunParams} params
 * @param {{ url: string, projectId: string }} endpoint
 */
async function startContender({ contender, waits, compression, plan }, endpoint) {
  const context = {
    ...endpoint,
    ...HTTP,
    token: BENCH_TOKEN,
    schedule: compressedSchedule(compression),
    compression,
    prefix: plan.prefix,
    warmups: Math.min(waits, MAX_WARMUPS),
  };
  const channel = openChannel(
    'contender-process.js',
    [contender, JSON.stringify(context)],
    ['--expose-gc', '--no-warnings', ...contenderNodeFlags()],
  );
  await channel.next('ready');

  return { channel, clock: await measureClockOffset(channel) };
}

/**
 * The warm-up jobs: as many as `MAX_WARMUPS` allows, eight times shorter than the measured
 * ones, so that each takes a poll or two.
 *
 * @param {RunParams} params
 */
const warmupPlan = ({ waits, compression, plan, seed }) =>
  planJobs({
    waits: Math.min(waits, MAX_WARMUPS),
    seed: seed + 1000,
    compression: compression * 8,
    prefix: plan.prefix,
  });

/**
 * Runs one contender on one plan: a fresh simulator and contender process each, the jobs
 * created a little ahead so that adding them never delays the start, then the figures.
 *
 * @param {RunParams} params
 * @returns {Promise<import('./run-figures.js').RunFigures>}
 */
export async function runOnce(params) {
  const { waits, compression, plan } = params;
  const simulator = openChannel('simulator-process.js', []);
  /** @type {import('./channel.js').Channel | undefined} */
  let contender;

  try {
    const { url, projectId } = await simulator.next('listening');
    const simulatorClock = await measureClockOffset(simulator);
    const warmups = warmupPlan(params);
    await addJobs(simulator, simulatorClock.offsetMs, { plan: warmups, kind: 'w', startAt: now() });

    const started = await startContender(params, { url, projectId });
    contender = started.channel;
    const offsetsMs = { simulator: simulatorClock.offsetMs, contender: started.clock.offsetMs };
    const startAt = now() + 200 + waits / 10;
    await addJobs(simulator, offsetsMs.simulator, { plan, kind: 'j', startAt });
    if (now() > startAt) throw new Error('Adding the jobs took longer than the lead before start');

    const { startOffsetsMs } = plan;
    contender.send({ type: 'start', startAt: startAt + offsetsMs.contender, startOffsetsMs });
    const results = await contender.next('results');
    const { at } = await contender.next('done');
    const exitMs = await exitDelay(contender, at - offsetsMs.contender);

    simulator.send({ type: 'stats', prefix: plan.prefix, waits });
    const requests = await simulator.next('stats');

    return runFigures({ plan, compression, startAt, requests, results, offsetsMs, exitMs });
  } finally {
    contender?.child.kill('SIGKILL');
    if (simulator.child.connected) simulator.send({ type: 'close' });
    await simulator.exited;
  }
}
