import type { JobSource } from '@jobwait/core';

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

  return {
    id: jobId,
    kind: ELB_CLASSIC_KIND,
    poll: ({ signal }) => client.getJob({ projectId, jobId, signal }),
    classify: classifyElbJob,
  };
}
