import type { JobReference, JobSource } from '@jobwait/core';

import { classifyElbJob } from './classify.js';
import type { ElbClient } from './client.js';
import { assertId, resolveJobId, type ElbCreateResponse } from './ids.js';
import type { ElbJob } from './job.js';
import { assertObject } from './validate.js';

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
}

/**
 * A job source for one classic ELB job, with kind `'elb-classic'` and the classic ELB
 * classifier as `classify`. Hand it to a core `Waiter`.
 *
 * @throws TypeError naming the option, before any request, for a missing client or an invalid
 *   `projectId` or `jobId`.
 */
export function elbJobSource(options: ElbJobSourceOptions): JobSource<ElbJob> {
  assertObject('options', options);
  const { client, projectId } = options;

  if (typeof (client as Partial<ElbClient> | null)?.getJob !== 'function') {
    throw new TypeError('Expected option `client` to be an ElbClient');
  }

  assertId('projectId', projectId);
  const jobId = resolveJobId('jobId', options.jobId);

  const endpoint = (client as Partial<ElbClient>).endpoint;

  return {
    id: jobId,
    kind: ELB_CLASSIC_KIND,
    poll: ({ signal }) => client.getJob({ projectId, jobId, signal }),
    classify: classifyElbJob,
    reference: () => ({ projectId, ...(typeof endpoint === 'string' ? { endpoint } : {}) }),
  };
}

/**
 * The job source of a job reference, as a checkpoint carries it (`checkpoint.job`), so that a
 * wait taken over by another process polls the same job. The reference holds no credentials:
 * `client` brings its own. Its `endpoint`, when present, tells which endpoint the client should
 * have; the client's own endpoint is used.
 *
 * @throws TypeError, before any request, when the reference is not of a classic ELB job or
 *   has an invalid `projectId` or `id`.
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

  const { projectId, id } = reference;
  if (typeof projectId !== 'string') {
    throw new TypeError('Expected `reference.projectId` to be a string');
  }

  return elbJobSource({ client, projectId, jobId: id });
}
