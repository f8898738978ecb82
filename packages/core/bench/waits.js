// `npm run bench`: concurrent waits on in-memory jobs, jobwait against a hand-written
// setTimeout loop. Each variant runs in a child process of its own, a few rounds in
// alternating order; the medians are printed and written to results/waits.json.
import { fork } from 'node:child_process';
import console from 'node:console';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { formatTable, summarise } from './summary.js';
import { BASELINE, VARIANTS } from './variants.js';

const CHILD = fileURLToPath(new URL('./run-variant.js', import.meta.url));
const RESULTS = new URL('./results/waits.json', import.meta.url);

/**
 * Reads a whole-number flag, refusing anything else by name.
 *
 * @param {string} name
 * @param {string} text
 * @param {number} min
 */
function readCount(name, text, min) {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`Expected --${name} to be a whole number from ${min}, got ${text}`);
  }

  return value;
}

/** @returns {import('./variants.js').BenchParams & { rounds: number }} */
function readParams() {
  const { values } = parseArgs({
    options: {
      waits: { type: 'string', default: '10000' },
      rounds: { type: 'string', default: '3' },
      seed: { type: 'string', default: '20240611' },
    },
  });

  return {
    waits: readCount('waits', values.waits, 1),
    rounds: readCount('rounds', values.rounds, 1),
    seed: readCount('seed', values.seed, 0),
    warmupWaits: 500,
    maxPolls: 10,
    failureRate: 0.1,
    delayMs: 2,
    sampleEveryMs: 5,
  };
}

/**
 * Runs one variant in a fresh process and resolves with its figures.
 *
 * @param {string} name
 * @param {import('./variants.js').BenchParams} params
 * @returns {Promise<import('./measure-run.js').RunFigures>}
 */
function runInChild(name, params) {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [name, JSON.stringify(params)], { execArgv: ['--expose-gc'] });
    let figures;

    child.once('message', (message) => (figures = message));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && figures !== undefined) resolve(figures);
      else reject(new Error(`The run of ${name} exited with code ${code}`));
    });
  });
}

/**
 * Runs every variant `rounds` times, reversing the order every other round so that no
 * variant always runs on a machine that has just warmed up or throttled.
 *
 * @param {import('./variants.js').BenchParams & { rounds: number }} params
 */
async function runRounds(params) {
  const names = Object.keys(VARIANTS);
  const roundsByVariant = new Map(names.map((name) => [name, []]));

  for (let round = 0; round < params.rounds; round += 1) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      console.error(`round ${round + 1}/${params.rounds}: ${name}`);
      roundsByVariant.get(name).push(await runInChild(name, params));
    }
  }

  return roundsByVariant;
}

/**
 * The figures with what is needed to compare them with another run: where and when they were
 * taken, and with which parameters.
 *
 * @param {import('./variants.js').BenchParams & { rounds: number }} params
 * @param {import('./summary.js').VariantSummary[]} summaries
 */
function buildResults(params, summaries) {
  const cpus = os.cpus();

  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpu: { model: cpus[0]?.model ?? 'unknown', count: cpus.length },
    parameters: params,
    baseline: BASELINE,
    variants: summaries,
  };
}

const params = readParams();
const summaries = summarise(await runRounds(params), VARIANTS, BASELINE);
const results = buildResults(params, summaries);

console.log(formatTable(summaries));
const { node, cpu } = results;
console.log(`\n${node}, ${cpu.count} × ${cpu.model}; medians of ${params.rounds} rounds`);
await mkdir(new URL('.', RESULTS), { recursive: true });
await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
console.log(`Written to ${fileURLToPath(RESULTS)}`);
