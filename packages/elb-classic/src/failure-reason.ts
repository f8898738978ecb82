import { bodyText } from './body-text.js';
import { errorMeaning } from './error-codes.js';
import type { ElbJob, ElbSubJob } from './job.js';
import { failedSubJobs } from './sub-jobs.js';

/**
 * Why a failed job failed, in one line: its `fail_reason`, then what its `error_code` means
 * when the code is known, then each failed sub-job with its type, id, code, the code's meaning
 * and its reason. For example `'CreateLB-fail (the load balancer quota is exceeded); failed
 * sub-jobs: createMember ff80…0003 ELB.2001 (the limit of backend servers is reached):
 * AddMember-fail'`. Fields that are not non-empty strings are left out.
 *
 * @returns `undefined` when the job gives none of these.
 */
export function failureReason(job: ElbJob): string | undefined {
  const own = explained(bodyText(job.fail_reason), errorMeaning(job.error_code));
  const subs = failedSubJobs(job).map(describeSubJob);
  const parts = [own, subs.length === 0 ? undefined : `failed sub-jobs: ${subs.join(', ')}`];
  const text = parts.filter((part) => part !== undefined).join('; ');

  return text === '' ? undefined : text;
}

/** `reason (meaning)`, or whichever of the two there is. */
function explained(reason: string | undefined, meaning: string | undefined): string | undefined {
  if (reason === undefined || meaning === undefined) {
    return reason ?? meaning;
  }

  return `${reason} (${meaning})`;
}

function describeSubJob(sub: ElbSubJob): string {
  const code = bodyText(sub.error_code);
  const meaning = errorMeaning(code);
  const head = [bodyText(sub.job_type) ?? 'sub-job', bodyText(sub.job_id), code]
    .filter((part) => part !== undefined)
    .join(' ');
  const known = meaning === undefined ? head : `${head} (${meaning})`;
  const reason = bodyText(sub.fail_reason);

  return reason === undefined ? known : `${known}: ${reason}`;
}
