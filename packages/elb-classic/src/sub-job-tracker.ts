import { bodyText } from './body-text.js';
import type { ElbJob, ElbSubJob } from './job.js';
import { subJobs } from './sub-jobs.js';

/** One sub-job whose status differs from the one the tracker saw for it before. */
export interface SubJobChange {
  /** The sub-job as the provider listed it in this observation. */
  readonly subJob: ElbSubJob;
  /** Its position in the observation's list of sub-jobs, from 0. */
  readonly index: number;
  /** The status seen before; absent when the sub-job is seen for the first time. */
  readonly from?: string;
  /** The status now. */
  readonly to: string;
}

/**
 * Remembers the status of each sub-job of one job across observations, and tells which ones
 * changed. A sub-job is known by its `job_id`, or, without one, by its position and type. A
 * sub-job that drops out of a later list is forgotten without a change.
 */
export class SubJobTracker {
  private states = new Map<string, string>();

  /** The sub-jobs of `job` whose status changed since the last call, in list order. */
  changes(job: ElbJob): SubJobChange[] {
    const next = new Map<string, string>();
    const changed: SubJobChange[] = [];

    subJobs(job).forEach((subJob, index) => {
      const key = keyOf(subJob, index, next);
      const from = this.states.get(key);
      next.set(key, subJob.status);
      if (from === subJob.status) return;

      const before = from === undefined ? {} : { from };
      changed.push({ subJob, index, ...before, to: subJob.status });
    });
    this.states = next;

    return changed;
  }
}

function keyOf(subJob: ElbSubJob, index: number, taken: ReadonlyMap<string, string>): string {
  const id = bodyText(subJob.job_id);
  const key = id === undefined ? `#${index} ${bodyText(subJob.job_type) ?? ''}` : `id ${id}`;

  // A provider that lists one id twice still gets each entry tracked on its own.
  return taken.has(key) ? `${key} #${index}` : key;
}
