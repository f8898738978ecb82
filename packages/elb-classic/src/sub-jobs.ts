import type { ElbJob, ElbSubJob } from './job.js';

/**
 * The sub-jobs of a job, wherever the provider put them: `sub_jobs` as an array, or
 * `entities.sub_jobs`. `null`, `""`, an absent field or anything else that is not an array of
 * objects with a `status` reads as no sub-jobs.
 */
export function subJobs(job: ElbJob): readonly ElbSubJob[] {
  const list = Array.isArray(job.sub_jobs) ? job.sub_jobs : job.entities?.['sub_jobs'];

  return Array.isArray(list) ? list.filter(isSubJob) : [];
}

/** The sub-jobs whose status is `FAIL`. */
export function failedSubJobs(job: ElbJob): readonly ElbSubJob[] {
  return subJobs(job).filter((sub) => sub.status === 'FAIL');
}

/**
 * A short progress note: `'sub-jobs 1/3'` counts the sub-jobs at `SUCCESS`, and a failed
 * sub-job adds its type and code (`'sub-jobs 1/3, failed: createPort (ELB.2001)'`). A type, id
 * or code that is not a non-empty string is left out. `undefined` when the job lists no
 * sub-jobs.
 */
export function subJobsDetail(job: ElbJob): string | undefined {
  const all = subJobs(job);

  if (all.length === 0) {
    return undefined;
  }

  const done = all.filter((sub) => sub.status === 'SUCCESS').length;
  const failed = all.filter((sub) => sub.status === 'FAIL').map(describeFailure);
  const note = `sub-jobs ${done}/${all.length}`;

  return failed.length === 0 ? note : `${note}, failed: ${failed.join(', ')}`;
}

function describeFailure(sub: ElbSubJob): string {
  // The body is the provider's: a field is used only when it is the string it should be.
  const name = text(sub.job_type) ?? text(sub.job_id) ?? 'sub-job';
  const code = text(sub.error_code);

  return code === undefined ? name : `${name} (${code})`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isSubJob(value: unknown): value is ElbSubJob {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { status?: unknown }).status === 'string'
  );
}
