import { isJobwaitError, type JobFailedError } from '@jobwait/core';

import { bodyText } from './body-text.js';
import type { ElbJob, ElbSubJob } from './job.js';

/** Where a job lists its sub-jobs, and how many it says it has. */
interface SubJobList {
  readonly list: readonly ElbSubJob[];
  readonly total: number;
}

/**
 * The sub-jobs of a job, wherever the provider put them: `sub_jobs` as an array at the top
 * level, or `entities.sub_jobs` (next to `entities.sub_jobs_total`). A non-empty top-level
 * array wins; `null`, `""`, an absent field or anything else that is not an array reads as no
 * sub-jobs, and entries that are not objects with a `status` string are skipped.
 */
export function subJobs(job: ElbJob): readonly ElbSubJob[] {
  return readSubJobs(job).list;
}

/**
 * The failed sub-jobs (status `FAIL`) of a job, or of the last observation of a failed wait:
 * given core's `JobFailedError`, as `waitForElbJob` rejects with, it reads the error's
 * `observation`. Each entry is the sub-job as the provider sent it, with its `job_id`,
 * `job_type`, `error_code` and `fail_reason`.
 *
 * @returns an empty array when there are none, or when the error's observation is not a job.
 */
export function failedSubJobs(from: ElbJob | JobFailedError<unknown>): readonly ElbSubJob[] {
  const job = isJobFailedError(from) ? from.observation : from;

  return isRecord(job) ? subJobs(job as ElbJob).filter((sub) => sub.status === 'FAIL') : [];
}

/**
 * A short progress note: `'sub-jobs 1/3'` counts the sub-jobs at `SUCCESS` out of the
 * `sub_jobs_total` next to the list when the provider gives a larger total than it lists, else
 * out of those listed; a failed sub-job adds its type and code (`'sub-jobs 1/3, failed: createPort
 * (ELB.2001)'`), unless `names` is false. A type, id or code that is not a non-empty string is
 * left out. `undefined` when the job has no sub-jobs.
 */
export function subJobsDetail(
  job: ElbJob,
  { names = true }: { names?: boolean } = {},
): string | undefined {
  const { list, total } = readSubJobs(job);

  if (total === 0) {
    return undefined;
  }

  const done = list.filter((sub) => sub.status === 'SUCCESS').length;
  const failed = list.filter((sub) => sub.status === 'FAIL').map(describeFailure);
  const note = `sub-jobs ${done}/${total}`;

  return failed.length === 0 || !names ? note : `${note}, failed: ${failed.join(', ')}`;
}

function readSubJobs(job: ElbJob): SubJobList {
  const entities = isRecord(job.entities) ? job.entities : {};
  const top = job.sub_jobs;
  // The top-level list is the documented place; an empty one defers to `entities`.
  const holder: Readonly<Record<string, unknown>> =
    Array.isArray(top) && top.length > 0 ? job : entities;
  const found: unknown = holder['sub_jobs'];
  const list = Array.isArray(found) ? found.filter(isSubJob) : [];

  return { list, total: Math.max(list.length, totalOf(holder['sub_jobs_total'])) };
}

function totalOf(value: unknown): number {
  return Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : 0;
}

function describeFailure(sub: ElbSubJob): string {
  const name = bodyText(sub.job_type) ?? bodyText(sub.job_id) ?? 'sub-job';
  const code = bodyText(sub.error_code);

  return code === undefined ? name : `${name} (${code})`;
}

function isJobFailedError(value: unknown): value is JobFailedError<unknown> {
  // By brand and code rather than instanceof, so an error of another copy of core counts too.
  return isJobwaitError(value) && value.code === 'ERR_JOB_FAILED';
}

function isSubJob(value: unknown): value is ElbSubJob {
  return isRecord(value) && typeof value['status'] === 'string';
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
