// One contender in a process of its own, so that no other contender's modules, heap or JIT
// state show in its figures. The parent (run-once.js) forks it with --expose-gc: it warms up,
// says it is ready, starts one wait per job at the job's creation time, and reports when each
// wait settled and what the process spent. Then it lets go of its client and should exit.
import process from 'node:process';
import { setTimeout } from 'node:timers';

import { answerPings } from './channel.js';
import { now } from './clock.js';
import { CONTENDERS } from './contenders/index.js';
import { JOB_TYPES, jobId } from './job-plan.js';

/** How a wait ended, as the report counts it. */
const OUTCOME_CODES = { succeeded: 1, failed: 2, error: 3 };

/** Forces a full collection, so that heap figures hold no garbage. */
function collectGarbage() {
  const { gc } = /** @type {{ gc?: () => void }} */ (globalThis);
  if (typeof gc !== 'function') throw new Error('Run node with --expose-gc');

  // A second pass frees what the finalizers of the first released.
  gc();
  gc();
}

/** @param {string} type */
function nextMessage(type) {
  return new Promise((resolve) => {
    const listener = (/** @type {any} */ message) => {
      if (message.type !== type) return;

      process.off('message', listener);
      resolve(message);
    };
    process.on('message', listener);
  });
}

/**
 * Waits for every warm-up job at once, so that the measured waits meet optimised code and open
 * connections.
 *
 * @param {import('./contenders/jobwait.js').Contender} contender
 * @param {string} prefix
 * @param {number} warmups
 */
async function warmUp(contender, prefix, warmups) {
  const ids = Array.from({ length: warmups }, (_, index) => jobId(prefix, 'w', index));

  await Promise.allSettled(ids.map((id) => contender.wait(id, JOB_TYPES.w)));
}

/**
 * @typedef {object} WaitRecord - when and how each wait settled, allocated before the baseline.
 * @property {Float64Array} settledAt - by `now()`.
 * @property {Uint8Array} outcomes - `OUTCOME_CODES`.
 * @property {string[]} errors - the first few errors of waits that failed.
 */

/**
 * Starts the wait of each job at its creation time, `startAt` plus its offset, on one chain
 * of timers, and records when and how each settled.
 *
 * @param {import('./contenders/jobwait.js').Contender} contender
 * @param {{ prefix: string, startOffsetsMs: number[], startAt: number }} params
 * @param {WaitRecord} record
 * @returns {Promise<void>} when the last wait settled.
 */
function runWaits(contender, { prefix, startOffsetsMs, startAt }, record) {
  const waits = startOffsetsMs.length;
  let started = 0;
  let pending = waits;

  return new Promise((resolve) => {
    const settle = (/** @type {number} */ index, /** @type {number} */ code) => {
      record.settledAt[index] = now();
      record.outcomes[index] = code;
      pending -= 1;
      if (pending === 0) resolve();
    };
    const begin = (/** @type {number} */ index) => {
      contender.wait(jobId(prefix, 'j', index), JOB_TYPES.j).then(
        (outcome) => settle(index, OUTCOME_CODES[outcome]),
        (/** @type {unknown} */ error) => {
          if (record.errors.length < 3) record.errors.push(String(error));
          settle(index, OUTCOME_CODES.error);
        },
      );
    };
    const startDue = () => {
      const elapsedMs = now() - startAt;
      for (; started < waits && startOffsetsMs[started] <= elapsedMs; started += 1) begin(started);
      if (started < waits) setTimeout(startDue, startAt + startOffsetsMs[started] - now());
    };

    setTimeout(startDue, startAt - now());
  });
}

/**
 * Runs the measured waits and takes the figures of the process around them: CPU time, heap
 * left after every wait settled (before the client is closed, as it was at the baseline) and
 * the peak resident set.
 *
 * @param {import('./contenders/jobwait.js').Contender} contender
 * @param {{ prefix: string, startOffsetsMs: number[], startAt: number }} params
 */
async function measureWaits(contender, params) {
  const waits = params.startOffsetsMs.length;
  /** @type {WaitRecord} */
  const record = {
    settledAt: new Float64Array(waits),
    outcomes: new Uint8Array(waits),
    errors: [],
  };
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();

  await runWaits(contender, params, record);

  const cpu = process.cpuUsage(cpuBefore);
  collectGarbage();
  const heapAfter = process.memoryUsage().heapUsed;

  return {
    settledAt: [...record.settledAt],
    outcomes: [...record.outcomes],
    errors: record.errors,
    cpuUs: cpu.user + cpu.system,
    heapRetainedBytes: heapAfter - heapBefore,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

const [name, contextJson] = process.argv.slice(2);
const entry = CONTENDERS[name ?? ''];
if (entry === undefined || contextJson === undefined || process.send === undefined) {
  throw new Error('Usage: fork contender-process.js <contender> <context as JSON>, with IPC');
}

/**
 * Warnings by name, counted instead of printed (the parent starts this process with
 * --no-warnings): a library that adds a listener per poll would otherwise print one for
 * every wait, while the count is what the report needs.
 *
 * @type {Record<string, number>}
 */
const warnings = {};
process.on('warning', ({ name: warning }) => (warnings[warning] = (warnings[warning] ?? 0) + 1));

const { prefix, warmups, ...context } = JSON.parse(contextJson);
answerPings();
const contender = (await entry.load())(context);
await warmUp(contender, prefix, warmups);
process.send({ type: 'ready' });

const { startAt, startOffsetsMs } = await nextMessage('start');
const figures = await measureWaits(contender, { prefix, startOffsetsMs, startAt });
await contender.close();
process.send({ type: 'results', ...figures, warnings });
// From here on nothing of the bench is left to run: how long the process takes to exit is how
// long the contender's own timers and sockets keep it alive.
process.send({ type: 'done', at: now() }, () => process.disconnect());
