import type { EventEnvelope, WaitOutcome } from '@jobwait/core';

import type { Palette, Style } from './ansi.js';
import type { Segment } from './fit-line.js';
import { durationText, type JobTally } from './format.js';

/** What the live block knows of one job whose wait goes on. */
export interface LiveEntry {
  readonly job: JobTally;
  /** The job's latest event: its id, kind, and its elapsed time at that moment. */
  event: EventEnvelope;
  /** When that event arrived, in milliseconds on the reporter's monotonic clock. */
  seenAtMs: number;
  /** The length of the whole wait, known when the reporter saw `wait:start`. */
  timeoutMs?: number;
}

const asIs: Style = (text) => text;

/**
 * The elapsed time of a job now: that of its latest event, plus the time since it arrived, so
 * the clock of a live line moves between polls.
 */
export function elapsedNow(entry: LiveEntry, nowMs: number): number {
  return entry.event.elapsedMs + Math.max(0, nowMs - entry.seenAtMs);
}

/** `⠹ <job>  elb-classic  RUNNING  12.3s of 10m  sub-jobs 1/2`, as segments to fit a width. */
export function liveSegments(
  entry: LiveEntry,
  { spinner, nowMs, p }: { spinner: string; nowMs: number; p: Palette },
): Segment[] {
  const { job, event, timeoutMs } = entry;
  const limit = timeoutMs === undefined ? '' : ` of ${durationText(timeoutMs)}`;
  const state: Segment = job.state === undefined ? ['waiting', p.dim] : [job.state, p.bold];
  const segments: Segment[] = [
    [spinner, p.cyan],
    [' ', asIs],
    [event.jobId, asIs],
    ['  ', asIs],
    [event.kind, p.dim],
    ['  ', asIs],
    state,
    [`  ${durationText(elapsedNow(entry, nowMs))}${limit}`, asIs],
  ];

  if (job.detail !== undefined && job.detail !== '') segments.push([`  ${job.detail}`, asIs]);

  return segments;
}

/** `  +12 more jobs`: the last line of a block that has more jobs than the terminal has rows. */
export function moreSegments(count: number, p: Palette): Segment[] {
  return [
    ['  ', asIs],
    [`+${count} more ${count === 1 ? 'job' : 'jobs'}`, p.dim],
  ];
}

/**
 * The mark before a job's final line in live mode, in the column of the spinner: `✔` when it
 * succeeded, `✖` otherwise.
 */
export function outcomeMark(outcome: WaitOutcome, p: Palette): string {
  switch (outcome) {
    case 'succeeded':
      return p.green('✔');
    case 'failed':
      return p.red('✖');
    default:
      return p.yellow('✖');
  }
}
