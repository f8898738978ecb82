import { roundTo } from './measure-run.js';

/** @typedef {import('./measure-run.js').RunFigures} RunFigures */

/**
 * @typedef {object} VariantSummary
 * @property {string} variant
 * @property {string} description
 * @property {RunFigures} median - the median of each figure over the rounds, taken apart.
 * @property {{ cpuPerPoll: number, heapPerWait: number, wallMs: number }} ratioToBaseline
 * @property {RunFigures[]} rounds - the figures of each round, in the order they ran.
 */

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);

  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** @param {RunFigures[]} rounds */
function medianFigures(rounds) {
  const keys = /** @type {(keyof RunFigures)[]} */ (Object.keys(rounds[0]));

  return Object.fromEntries(keys.map((key) => [key, median(rounds.map((round) => round[key]))]));
}

/**
 * Reduces each variant's rounds to medians and compares them with the baseline's.
 *
 * @param {Map<string, RunFigures[]>} roundsByVariant
 * @param {Record<string, { description: string }>} variants
 * @param {string} baseline - the name of the variant the others are compared with.
 * @returns {VariantSummary[]}
 */
export function summarise(roundsByVariant, variants, baseline) {
  const medians = new Map(
    [...roundsByVariant].map(([variant, rounds]) => [variant, medianFigures(rounds)]),
  );
  const base = /** @type {RunFigures} */ (medians.get(baseline));

  return [...medians].map(([variant, figures]) => ({
    variant,
    description: variants[variant].description,
    median: figures,
    ratioToBaseline: {
      cpuPerPoll: roundTo(figures.cpuUsPerPoll / base.cpuUsPerPoll, 2),
      heapPerWait: roundTo(figures.peakHeapBytesPerWait / base.peakHeapBytesPerWait, 2),
      wallMs: roundTo(figures.wallMs / base.wallMs, 2),
    },
    rounds: /** @type {RunFigures[]} */ (roundsByVariant.get(variant)),
  }));
}

const COLUMNS = [
  'variant',
  'waits',
  'polls',
  'wall ms',
  'CPU µs/poll',
  'heap B/wait',
  'rss B/wait',
  'CPU ×',
  'heap ×',
];

/** @param {VariantSummary} summary */
function tableRow({ variant, median: figures, ratioToBaseline: ratio }) {
  const whole = (/** @type {number} */ value) => Math.round(value).toLocaleString('en-US');

  return [
    variant,
    whole(figures.waits),
    whole(figures.polls),
    whole(figures.wallMs),
    figures.cpuUsPerPoll.toFixed(2),
    whole(figures.peakHeapBytesPerWait),
    whole(figures.peakRssBytesPerWait),
    ratio.cpuPerPoll.toFixed(2),
    ratio.heapPerWait.toFixed(2),
  ];
}

/**
 * Lays the summaries out as a plain-text table, the variant left-aligned and figures right.
 *
 * @param {VariantSummary[]} summaries
 */
export function formatTable(summaries) {
  const rows = [COLUMNS, ...summaries.map(tableRow)];
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (/** @type {string[]} */ row) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
      )
      .join('  ');

  return [line(rows[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1)]
    .map((row) => (typeof row === 'string' ? row : line(row)))
    .join('\n');
}
