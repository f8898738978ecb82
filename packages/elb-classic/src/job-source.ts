import type { JobReference, JobSource } from '@jobwait/core';

import { classifyElbJob } from './classify.js';
import type { ElbClient } from './client.js';
import { assertId, resolveJobId, type ElbCreateResponse } from './ids.js';
import type { ElbJob } from './job.js';
import { assertKnownFields, assertObject, describe } from './validate.js';

/** The adapter kind of classic ELB job sources, as carried by events and errors. */
export const ELB_CLASSIC_KIND = 'elb-classic';

/** Options of {@link elbJobSource}. */
export interface ElbJobSourceOptions {
  /**
   * The client that sends the requests, usually an {@link ElbClient}; anything with its
   * `getJob` will do. It stays open: its owner closes it.
   */
  client: Pick<ElbClient, 'getJob'>;
  /** The project (tenant) id. */
  projectId: string;
  /**
   * The job id, or the whole response of the call that created the job (`{ uri, job_id }`),
   * whose `job_id` is used. The `uri` is ignored: jobs are always polled at `/v1.0/`.
   */
  jobId: string | ElbCreateResponse;
  /**
   * The job's type, such as `'createELB'`, when the caller knows it: a letter, then up to 63
   * letters, digits, `_`, `.` or `-`. It becomes the source's `jobType`, under which
   * `elbDurationAwareBackoff` plans and learns, and goes into `reference()`. Default: the
   * `job_type` of the first observation that has one.
   */
  jobType?: string;
}

const OPTION_NAMES = ['client', 'projectId', 'jobId', 'jobType'];

/** What a job type looks like: `createELB`, `removeMember`. */
const JOB_TYPE = /^[A-Za-z][\w.-]{0,63}$/;

/**
 * A job source for one classic ELB job, with kind `'elb-classic'` and the classic ELB
 * classifier as `classify`. Hand it to a core `Waiter`.
 *
 * Its `jobType` is the `jobType` option; without it, the `job_type` of the first observation
 * that has a well-formed one, so that a duration-aware backoff plans the rest of the wait for
 * that type of job and learns under it. Its `reference()` holds `projectId`, the client's
 * `endpoint` when it has one, and the `jobType` option when given.
 *
 * @remarks A job type read from an observation is not in `reference()`: a wait resumed from a
 * checkpoint reads it again at its first poll, which it makes at once. Until then (the first
 * poll of a fresh wait) the source has no `jobType`, and a duration-aware backoff places that
 * poll by the prior of the kind as a whole.
 *
 * @throws TypeError naming the option, before any request, for an unknown option, a missing
 *   client, or an invalid `projectId`, `jobId` or `jobType`.
 */
export function elbJobSource(options: ElbJobSourceOptions): JobSource<ElbJob> {
  assertObject('options', options);
  assertKnownFields('', options, OPTION_NAMES);
  const { client, projectId, jobType: given } = options;

  if (typeof (client as Partial<ElbClient> | null)?.getJob !== 'function') {
    throw new TypeError('Expected option `client` to be an ElbClient');
  }

  assertId('projectId', projectId);
  const jobId = resolveJobId('jobId', options.jobId);
  assertJobType('option `jobType`', given);

  const endpoint = (client as Partial<ElbClient>).endpoint;
  const fields = {
    projectId,
    ...(typeof endpoint === 'string' ? { endpoint } : {}),
    ...(given === undefined ? {} : { jobType: given }),
  };
  let jobType = given;

  return {
    id: jobId,
    kind: ELB_CLASSIC_KIND,
    get jobType() {
      return jobType;
    },
    poll: async ({ signal }) => {
      const job = await client.getJob({ projectId, jobId, signal });
      jobType ??= jobTypeOf(job);

      return job;
    },
    classify: classifyElbJob,
    reference: () => ({ ...fields }),
  };
}

/**
 * The job source of a job reference, as a checkpoint carries it (`checkpoint.job`), so that a
 * wait taken over by another process polls the same job, of the same `jobType` when the
 * reference has one. The reference holds no credentials: `client` brings its own. Its
 * `endpoint`, when present, tells which endpoint the client should have; the client's own
 * endpoint is used.
 *
 * @throws TypeError, before any request, when the reference is not of a classic ELB job or
 *   has an invalid `projectId`, `id` or `jobType`.
 */
export function elbJobSourceFromReference(
  reference: JobReference,
  client: Pick<ElbClient, 'getJob'>,
): JobSource<ElbJob> {
  assertObject('reference', reference);
  if (reference.kind !== ELB_CLASSIC_KIND) {
    throw new TypeError(
      `Expected a reference of kind ${JSON.stringify(ELB_CLASSIC_KIND)}, ` +
        `got ${JSON.stringify(reference.kind)}`,
    );
  }

  const { projectId, id, jobType } = reference;
  if (typeof projectId !== 'string') {
    throw new TypeError('Expected `reference.projectId` to be a string');
  }
  assertJobType('`reference.jobType`', jobType);

  return elbJobSource({
    client,
    projectId,
    jobId: id,
    ...(jobType === undefined ? {} : { jobType }),
  });
}

/** Checks a job type, when given; `label` names it in the error. */
function assertJobType(label: string, value: unknown): asserts value is string | undefined {
  if (value !== undefined && (typeof value !== 'string' || !JOB_TYPE.test(value))) {
    throw new TypeError(
      `Expected ${label} to be a job type such as "createELB" (a letter, then up to ` +
        `63 letters, digits, '_', '.' or '-'), got ${describe(value)}`,
    );
  }
}

/** The job type an observation names, when well formed; the provider's body may lack one. */
function jobTypeOf(job: ElbJob): string | undefined {
  const type: unknown = typeof job === 'object' && job !== null ? job.job_type : undefined;

  return typeof type === 'string' && JOB_TYPE.test(type) ? type : undefined;
}
