import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

import * as prettier from 'prettier';

import { CONTENDERS, CPU_BASELINES } from './contenders/index.js';
import { optimumLagS } from './limit.js';
import { CREATION_WINDOW_MS, DURATIONS, SCHEDULE } from './settings.js';
import { medianOf } from './statistics.js';

/** @typedef {import('./run-figures.js').RunFigures} RunFigures */

/**
 * @typedef {object} Summary - one contender at one number of waits, over its rounds.
 * @property {number} waits
 * @property {string} contender
 * @property {number} compression
 * @property {Record<string, number | null>} median - of each figure, taken apart.
 * @property {number | null} cpuRatio - median CPU per request over that of the hand-written loop
 *   on the same HTTP client (`CPU_BASELINES`), `null` when that loop did not run.
 * @property {number | null} optimumLagS - the optimal schedule's mean lag at the median
 *   requests per job (`optimumLagS`).
 * @property {number | null} lagRatio - the median mean lag over that optimum.
 * @property {RunFigures[]} rounds - in the order they ran.
 */

/** Figures that are numbers, whose medians the report gives. */
const MEDIAN_KEYS = /** @type {const} */ ([
  'requestsPerJob',
  'lagMeanS',
  'lagP50S',
  'lagP99S',
  'pollLagMeanS',
  'cpuMsPer1kRequests',
  'peakRssMB',
  'heapRetainedKB',
  'exitMs',
  'wrongOutcomes',
  'waitS',
]);

/**
 * Reduces the rounds of each contender at each number of waits to medians.
 *
 * @param {Map<string, { waits: number, contender: string, compression: number,
 *   rounds: RunFigures[] }>} groups - keyed by waits and contender.
 * @returns {Summary[]}
 */
export function summarise(groups) {
  const summaries = [...groups.values()].map(({ rounds, ...group }) => ({
    ...group,
    median: Object.fromEntries(
      MEDIAN_KEYS.map((key) => [key, medianOf(rounds.map((figures) => figures[key]))]),
    ),
    rounds,
  }));

  return summaries.map((summary) => {
    const baselineName = CPU_BASELINES[CONTENDERS[summary.contender].http];
    const baseline = summaries.find(
      (other) => other.waits === summary.waits && other.contender === baselineName,
    );
    const base = baseline?.median.cpuMsPer1kRequests;
    const own = summary.median.cpuMsPer1kRequests;
    const { requestsPerJob, lagMeanS } = summary.median;
    const optimum = requestsPerJob === null ? null : optimumLagS(requestsPerJob);

    return {
      ...summary,
      cpuRatio: base && own !== null ? Number((own / base).toFixed(2)) : null,
      optimumLagS: optimum === null ? null : Number(optimum.toFixed(2)),
      lagRatio: optimum && lagMeanS !== null ? Number((lagMeanS / optimum).toFixed(2)) : null,
    };
  });
}

/** @param {number | null} value @param {number} decimals */
const fixed = (value, decimals) => (value === null ? '—' : value.toFixed(decimals));

/** @param {string[]} cells */
const row = (cells) => `| ${cells.join(' | ')} |`;

/**
 * A markdown table.
 *
 * @param {string[]} head
 * @param {string[][]} rows
 */
export const table = (head, rows) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

/** @param {Summary[]} summaries */
function pollingTable(summaries) {
  const head = ['waits', 'k', 'contender', 'req/job', 'lag mean s', 'lag p50 s', 'lag p99 s'];
  const rows = summaries.map((summary) => [
    summary.waits.toLocaleString('en-US'),
    String(summary.compression),
    CONTENDERS[summary.contender].label,
    fixed(summary.median.requestsPerJob, 2),
    fixed(summary.median.lagMeanS, 2),
    fixed(summary.median.lagP50S, 2),
    fixed(summary.median.lagP99S, 2),
    fixed(summary.optimumLagS, 2),
    fixed(summary.lagRatio, 2),
  ]);

  return table([...head, 'optimum s at req/job', 'lag ÷ optimum'], rows);
}

/** @param {Summary[]} summaries */
function costTable(summaries) {
  const head = ['waits', 'contender', 'HTTP', 'CPU ms / 1k req', '× loop on the same HTTP'];
  const rows = summaries.map(({ waits, contender, median, cpuRatio }) => [
    waits.toLocaleString('en-US'),
    CONTENDERS[contender].label,
    CONTENDERS[contender].http,
    fixed(median.cpuMsPer1kRequests, 1),
    fixed(cpuRatio, 2),
    fixed(median.peakRssMB, 1),
    fixed(median.heapRetainedKB, 1),
    median.exitMs === null ? '> 5000' : fixed(median.exitMs, 1),
  ]);

  return table([...head, 'peak RSS MiB', 'heap retained KiB', 'exit ms'], rows);
}

/** @param {Summary[]} summaries */
function wrongOutcomesNote(summaries) {
  const wrong = summaries.filter(({ median }) => (median.wrongOutcomes ?? 0) > 0);
  if (wrong.length === 0) return 'Every wait of every run ended as its job did.';

  const names = wrong.map(({ waits, contender, rounds }) => {
    const sample = rounds.flatMap((figures) => figures.errors)[0] ?? 'no error kept';

    return `${CONTENDERS[contender].label} at ${waits} waits (${sample})`;
  });

  return `Waits that did not end as their job did (left out of the lags): ${names.join('; ')}.`;
}

/** @param {Summary[]} summaries */
function warningsNote(summaries) {
  const noted = summaries.flatMap(({ waits, contender, rounds }) => {
    const counts = rounds[0]?.warnings ?? {};

    return Object.entries(counts).map(
      ([name, count]) => `${CONTENDERS[contender].label} at ${waits} waits: ${count} × ${name}`,
    );
  });

  return noted.length === 0 ? '' : `Process warnings (first round): ${noted.join('; ')}.`;
}

/**
 * The range of the machine's load average over the runs: compression turns a process that other
 * work kept off the CPU into lag, so a busy machine shows in the figures.
 *
 * @param {Summary[]} summaries
 */
function loadNote(summaries) {
  const loads = summaries.flatMap(({ rounds }) =>
    rounds.map((figures) => figures.loadAverage ?? 0),
  );

  return `1-minute load average after each run: ${Math.min(...loads)} to ${Math.max(...loads)}.`;
}

/**
 * The markdown report: how it was run, the two tables, and what a reader needs to read them.
 *
 * @param {{ command: string, machine: string, rounds: number, seed: number }} run
 * @param {Summary[]} summaries
 */
export function markdownReport(run, summaries) {
  const { medianMs, sigma, failureRate } = DURATIONS;
  const seconds = (/** @type {number} */ ms) => `${ms / 1000} s`;

  return [
    '# jobwait bench: waiting on classic ELB jobs',
    `\`${run.command}\`: ${run.machine}; medians of ${run.rounds} rounds, seed ${run.seed}. ` +
      loadNote(summaries),
    `Jobs: lognormal durations (median ${seconds(medianMs)}, σ ${sigma}), ` +
      `${failureRate * 100} % ending in FAIL, ` +
      `created evenly over ${seconds(CREATION_WINDOW_MS)}. ` +
      `Every contender: minimum delay ${seconds(SCHEDULE.minDelayMs)}, maximum ` +
      `${seconds(SCHEDULE.maxDelayMs)}, timeout ${seconds(SCHEDULE.timeoutMs)}; jobwait and the ` +
      `loops also wait ${seconds(SCHEDULE.initialDelayMs)} before the first poll. Simulated ` +
      'time runs k times faster than real time; lags are in uncompressed seconds.',
    '## Polls and detection lag',
    pollingTable(summaries),
    'The optimum is the least mean lag any schedule within the same bounds reaches for the ' +
      "contender's requests per job, on the same durations (`lagAtPolls` of `@jobwait/core`); " +
      "it has no round trip, while a contender's lag includes the deciding request's.",
    '## Cost in the contender’s process',
    costTable(summaries),
    [wrongOutcomesNote(summaries), warningsNote(summaries)].join(' '),
  ].join('\n\n');
}

/**
 * The heading of a report of the fleet scenarios alone.
 *
 * @param {{ command: string, machine: string }} run
 */
export const fleetHeading = (run) =>
  ['# jobwait bench: fleets of classic ELB waits', `\`${run.command}\`: ${run.machine}.`].join(
    '\n\n',
  );

/**
 * Writes `results/<name>.json` and `results/<name>.md`, formatted as the repository's
 * Prettier settings want them, so that lint passes over them as they are.
 *
 * @param {string} name
 * @param {object} results
 * @param {string} markdown
 */
export async function writeResults(name, results, markdown) {
  const folder = new URL('../results/', import.meta.url);
  await mkdir(folder, { recursive: true });
  const written = [];

  for (const [extension, text] of [
    ['json', JSON.stringify(results)],
    ['md', markdown],
  ]) {
    const file = fileURLToPath(new URL(`${name}.${extension}`, folder));
    const config = (await prettier.resolveConfig(file)) ?? {};
    await writeFile(file, await prettier.format(text, { ...config, filepath: file }));
    written.push(file);
  }

  return written;
}

/** Where and on what the bench ran. */
export function machine() {
  const cpus = os.cpus();

  return `Node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}`;
}
