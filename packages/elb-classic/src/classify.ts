import {
  classifyCommonError,
  PollTimeoutError,
  stateSets,
  type Classifier,
  type Verdict,
} from '@jobwait/core';

import { bodyText } from './body-text.js';
import { ElbHttpError, ElbNetworkError } from './errors.js';
import { failureReason } from './failure-reason.js';
import type { ElbJob } from './job.js';
import { subJobsDetail } from './sub-jobs.js';

// Statuses after which another poll may well succeed.
const TRANSIENT_STATUSES = new Set([408, 500, 502, 503, 504]);

/**
 * Reads an error from polling the classic ELB jobs API:
 *
 * - no response (ElbNetworkError: reset, refused, per-request timeout, a resolver that did not
 *   answer), per-poll timeout, 408, 500, 502, 503, 504 and any other 5xx except 501 and 505:
 *   `transient`;
 * - 429: `throttled`, with the `Retry-After` hint when the server sent one;
 * - 404 with `APIGW.0101` (the API is not offered there): `fatal`; any other 404: `not-found`;
 * - 401 (already after the client's one refresh), 400, 403, 405, 406, 407, 501, any other
 *   status, malformed bodies (ElbProtocolError), and no response because the endpoint is
 *   wrong (ElbNetworkError `wrongEndpoint`: a host name that does not resolve, a TLS protocol
 *   error): `fatal`;
 * - any other error: as core's `classifyCommonError` reads it (Node network codes are
 *   transient, the rest fatal).
 */
export function classifyElbError(error: unknown): Verdict {
  if (error instanceof ElbNetworkError) {
    return error.wrongEndpoint ? { type: 'fatal' } : { type: 'transient' };
  }

  if (error instanceof PollTimeoutError) {
    return { type: 'transient' };
  }

  if (error instanceof ElbHttpError) {
    return classifyStatus(error);
  }

  return classifyCommonError(error);
}

function classifyStatus({ statusCode, apiNotAvailable, retryAfterMs }: ElbHttpError): Verdict {
  if (statusCode === 429) {
    return retryAfterMs === undefined ? { type: 'throttled' } : { type: 'throttled', retryAfterMs };
  }

  if (statusCode === 404) {
    return apiNotAvailable ? { type: 'fatal' } : { type: 'not-found' };
  }

  const transient =
    TRANSIENT_STATUSES.has(statusCode) ||
    (statusCode >= 500 && statusCode <= 599 && statusCode !== 501 && statusCode !== 505);

  return transient ? { type: 'transient' } : { type: 'fatal' };
}

/**
 * The classifier of classic ELB jobs: `INIT` and `RUNNING` are pending, `SUCCESS` succeeds,
 * `FAIL` fails, and any other status is `unknown`. Errors are read by
 * {@link classifyElbError}. The verdict's `detail` counts sub-jobs (`'sub-jobs 1/3'`) and,
 * while the job is pending, names the failed ones; at `FAIL` it only counts them, since the
 * failure's reason lists them.
 *
 * A failure's `code` is the job's `error_code`, verbatim. Its `reason` (which becomes
 * `JobFailedError.reason`) is the job's `fail_reason`, followed by what a known `error_code`
 * means and by every failed sub-job with its id, code, the code's meaning and its reason:
 * `'CreateLB-fail (the load balancer quota is exceeded); failed sub-jobs: createMember ff80…
 * ELB.2001 (the limit of backend servers is reached): AddMember-fail'`. The verbatim
 * `fail_reason` stays in the observation, and `failedSubJobs(error)` lists the failed
 * sub-jobs as data.
 */
export const classifyElbJob: Classifier<ElbJob> = stateSets<ElbJob>({
  state: 'status',
  pending: ['INIT', 'RUNNING'],
  success: ['SUCCESS'],
  failure: ['FAIL'],
  failureDetails: (job) => present({ code: bodyText(job.error_code), reason: failureReason(job) }),
  detail: (job) => subJobsDetail(job, { names: job.status !== 'FAIL' }),
  classifyError: classifyElbError,
});

/** The fields of `fields` that are defined, so that a verdict carries no `undefined`. */
function present(fields: { code?: string; reason?: string }): { code?: string; reason?: string } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
