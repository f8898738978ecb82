import process from 'node:process';
import { parseArgs } from 'node:util';

import { CONTENDERS } from './contenders/index.js';

/**
 * @typedef {object} BenchOptions
 * @property {number[]} waits - the numbers of concurrent waits to measure, in order.
 * @property {number} rounds - runs of each contender at each number, in alternating order.
 * @property {number} seed - of the first round's jobs; round r uses seed + r.
 * @property {number | undefined} compression - forced for every number of waits; by default
 *   `compressionFor` chooses.
 * @property {string[]} contenders - keys of `CONTENDERS`, in the order of the report.
 * @property {'also' | 'skip' | 'only'} fleet - whether the fleet scenarios (fleet.js) run after
 *   the waits, not at all, or alone.
 */

/** The numbers of waits of `--full`. */
export const FULL_WAITS = [100, 1000, 10_000];

/**
 * Reads a whole number of at least `min`, refusing anything else by the flag's name.
 *
 * @param {string} name
 * @param {string} text
 * @param {number} min
 */
function wholeNumber(name, text, min) {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`Expected --${name} to be a whole number from ${min}, got ${text}`);
  }

  return value;
}

/** @param {string} text */
function contenderNames(text) {
  const names = text.split(',');
  const unknown = names.find((name) => !Object.hasOwn(CONTENDERS, name));
  if (unknown !== undefined) {
    const known = Object.keys(CONTENDERS).join(', ');
    throw new RangeError(`Unknown contender in --contenders: ${unknown} (known: ${known})`);
  }

  return names;
}

/**
 * @param {boolean} skip
 * @param {boolean} only
 * @returns {'also' | 'skip' | 'only'}
 */
function fleetChoice(skip, only) {
  if (skip && only) throw new RangeError('Give --skip-fleet or --fleet-only, not both');

  return skip ? 'skip' : only ? 'only' : 'also';
}

/**
 * Reads the command line: `--waits 100,1000`, `--full` (100, 1,000 and 10,000), `--rounds`,
 * `--seed`, `--compression`, `--contenders a,b`,
 * `--skip-fleet`, `--fleet-only`.
 *
 * @param {string[]} [args]
 * @returns {BenchOptions}
 */
export function readOptions(args = process.argv.slice(2)) {
  const { values } = parseArgs({
    args,
    options: {
      waits: { type: 'string', default: '100' },
      full: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '3' },
      seed: { type: 'string', default: '20250611' },
      compression: { type: 'string' },
      contenders: { type: 'string', default: Object.keys(CONTENDERS).join(',') },
      'skip-fleet': { type: 'boolean', default: false },
      'fleet-only': { type: 'boolean', default: false },
    },
  });

  return {
    waits: values.full
      ? FULL_WAITS
      : values.waits.split(',').map((text) => wholeNumber('waits', text, 1)),
    rounds: wholeNumber('rounds', values.rounds, 1),
    seed: wholeNumber('seed', values.seed, 0),
    compression:
      values.compression === undefined
        ? undefined
        : wholeNumber('compression', values.compression, 1),
    contenders: contenderNames(values.contenders),
    fleet: fleetChoice(values['skip-fleet'], values['fleet-only']),
  };
}
