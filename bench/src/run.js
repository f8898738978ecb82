// `npm run bench`: every contender waits on the same simulated classic ELB jobs, each in a
// process of its own against a simulator in another, a few rounds in alternating order. The
// medians are printed and written to results/. See ../README.md for what is measured.
import console from 'node:console';
import os from 'node:os';
import process from 'node:process';

import { CONTENDERS } from './contenders/index.js';
import { planJobs } from './job-plan.js';
import { readOptions } from './options.js';
import { LIMIT } from './limit.js';
import { fleetReport, runFleets } from './fleet.js';
import { fleetHeading, machine, markdownReport, summarise, table, writeResults } from './report.js';
import { runOnce } from './run-once.js';
import { compressionFor } from './settings.js';

/**
 * Runs every contender `rounds` times at each number of waits, reversing the order every other
 * round so that none always runs first on a cool machine or last on a tired one. A round's
 * contenders all wait on the same jobs.
 *
 * @param {import('./options.js').BenchOptions} options
 */
async function runAll({ waits: numbers, rounds, seed, compression: forced, contenders }) {
  const groups = new Map();

  for (const waits of numbers) {
    const compression = forced ?? compressionFor(waits);
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? contenders : [...contenders].reverse();
      for (const [position, contender] of order.entries()) {
        const prefix = `n${waits}r${round}c${position}`;
        const plan = planJobs({ waits, seed: seed + round, compression, prefix });
        console.error(
          `${waits} waits, k ${compression}, round ${round + 1}/${rounds}: ${contender}`,
        );
        const measured = await runOnce({ contender, waits, compression, plan, seed: seed + round });
        // Other work on the machine delays timers, and compression magnifies that into lag.
        const figures = { ...measured, loadAverage: Number(os.loadavg()[0].toFixed(2)) };
        const key = `${waits} ${contender}`;
        const group = groups.get(key) ?? { waits, contender, compression, rounds: [] };
        groups.set(key, { ...group, rounds: [...group.rounds, figures] });
      }
    }
  }

  return groups;
}

const options = readOptions();
const command = ['npm run bench --', ...process.argv.slice(2)].join(' ').replace(/ --$/, '');
const startedAt = Date.now();
const run = { command, machine: machine(), rounds: options.rounds, seed: options.seed };
const summaries = options.fleet === 'only' ? [] : summarise(await runAll(options));
const fleets = options.fleet === 'skip' ? null : await runFleets(options.seed);
const markdown = [
  summaries.length === 0 ? fleetHeading(run) : markdownReport(run, summaries),
  fleets === null ? '' : fleetReport(fleets, table),
]
  .filter(Boolean)
  .join('\n\n');
const name = options.fleet === 'only' ? 'fleet' : `waits-${options.waits.join('-')}`;
const results = {
  date: new Date().toISOString(),
  ...run,
  options,
  minutes: Number(((Date.now() - startedAt) / 60_000).toFixed(1)),
  limit: LIMIT,
  contenders: CONTENDERS,
  summaries,
  fleets,
};

console.log(markdown);
for (const file of await writeResults(name, results, markdown)) console.log(`Written: ${file}`);
