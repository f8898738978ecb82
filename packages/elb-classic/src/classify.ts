import {
  classifyCommonError,
  PollTimeoutError,
  stateSets,
  type Classifier,
  type Verdict,
} from '@jobwait/core';

import { ElbHttpError, ElbNetworkError } from './errors.js';
import type { ElbJob } from './job.js';
import { subJobsDetail } from './sub-jobs.js';

// Statuses after which another poll may well succeed.
const TRANSIENT_STATUSES = new Set([408, 500, 502, 503, 504]);

/**
 * Reads an error from polling the classic ELB jobs API:
 *
 * - no response (ElbNetworkError: reset, refused, per-request timeout), per-poll timeout,
 *   408, 500, 502, 503, 504 and any other 5xx except 501 and 505: `transient`;
 * - 429: `throttled`, with the `Retry-After` hint when the server sent one;
 * - 404 with `APIGW.0101` (the API is not offered there): `fatal`; any other 404: `not-found`;
 * - 401 (already after the client's one refresh), 400, 403, 405, 406, 407, 501, any other
 *   status, malformed bodies (ElbProtocolError): `fatal`;
 * - any other error: as core's `classifyCommonError` reads it (Node network codes are
 *   transient, the rest fatal).
 */
export function classifyElbError(error: unknown): Verdict {
  if (error instanceof ElbNetworkError || error instanceof PollTimeoutError) {
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
 * `FAIL` fails with the job's `error_code` and `fail_reason`, and any other status is
 * `unknown`. Errors are read by {@link classifyElbError}. The verdict's `detail` counts
 * sub-jobs (`'sub-jobs 1/3'`) and names the failed ones.
 */
export const classifyElbJob: Classifier<ElbJob> = stateSets<ElbJob>({
  state: 'status',
  pending: ['INIT', 'RUNNING'],
  success: ['SUCCESS'],
  failure: ['FAIL'],
  failureDetails: (job) => ({
    ...nonEmpty('code', job.error_code),
    ...nonEmpty('reason', job.fail_reason),
  }),
  detail: subJobsDetail,
  classifyError: classifyElbError,
});

function nonEmpty<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' && value !== '' ? ({ [key]: value } as Record<K, string>) : {};
}
