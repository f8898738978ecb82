import type { EventEnvelope, WaiterEventName, WaiterEvents } from '@jobwait/core';

import type { Palette } from './ansi.js';
import { backoffLine, pollErrorLine, retryLine, settledLine, type JobTally } from './format.js';
import type { ProgressView } from './progress-view.js';

/** A listener for each waiter event the console reporter follows. */
export type Listeners = { [E in WaiterEventName]?: WaiterEvents[E] };

/**
 * The listeners of one attachment: they keep a tally per job (its state, detail, failed polls)
 * and tell `view` what changed. Retries, failed polls and delays become notes when `verbose`.
 */
export function progressListeners(
  view: ProgressView,
  { verbose, p }: { verbose: boolean; p: Palette },
): Listeners {
  const jobs = new Map<string, JobTally>();
  const tally = (e: EventEnvelope): JobTally => tallyOf(jobs, e);

  return {
    'wait:start': (e) => {
      const job: JobTally = { pollErrors: 0 };
      jobs.set(keyOf(e), job);
      view.started(e, job);
    },
    'poll:end': (e) => {
      const job = tally(e);
      job.terminal = e.verdict === 'success' || e.verdict === 'failure';
      if (e.error !== undefined) {
        job.pollErrors += 1;
        if (verbose) view.note(pollErrorLine(e, e.error, p));
      }
      view.seen(e, job, e.state !== undefined && noteState(job, e.state, e.detail));
    },
    'state:change': (e) => {
      const job = tally(e);
      view.seen(e, job, noteState(job, e.to, e.detail));
    },
    retry: (e) => {
      if (verbose) view.note(retryLine(e, p));
      view.seen(e, tally(e), false);
    },
    backoff: (e) => {
      if (verbose) view.note(backoffLine(e, p));
      view.seen(e, tally(e), false);
    },
    settled: (e) => {
      const job = tally(e);
      jobs.delete(keyOf(e));
      view.settled(e, job, settledLine(e, job, p));
    },
  };
}

/** Records a state and detail; true when either differs from the last ones recorded. */
function noteState(job: JobTally, state: string, detail: string | undefined): boolean {
  if (job.state === state && job.detail === detail) return false;

  job.state = state;
  job.detail = detail;

  return true;
}

function keyOf(event: EventEnvelope): string {
  return `${event.kind}\u0000${event.jobId}`;
}

function tallyOf(jobs: Map<string, JobTally>, event: EventEnvelope): JobTally {
  const key = keyOf(event);
  let job = jobs.get(key);

  // Attached after the wait began: start counting from here.
  if (job === undefined) {
    job = { pollErrors: 0 };
    jobs.set(key, job);
  }

  return job;
}
