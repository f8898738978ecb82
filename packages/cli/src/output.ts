import {
  failedSubJobs,
  jobEntities,
  type ElbJob,
  type ElbJobEntities,
  type ElbLoadBalancer,
} from '@jobwait/elb-classic';

import { printable } from '@jobwait/reporters';

import type { OutputFormat } from './args.js';

/**
 * What stdout receives for a job that reached a terminal state: with `json`, the whole last
 * observation, indented; with `text`, one line saying what the job did. Either way no
 * character a terminal acts on is written raw: the summary is made {@link printable}, and so is
 * each line of the JSON, whose own escaping leaves C1 controls, line separators and bidi
 * overrides raw; `printable` writes them as `\uXXXX` escapes, which JSON reads back unchanged.
 */
export function formatJob(jobId: string, job: ElbJob, format: OutputFormat): string {
  if (format === 'text') return `${printable(jobSummary(jobId, job))}\n`;

  const lines = JSON.stringify(job, null, 2).split('\n');

  return `${lines.map(printable).join('\n')}\n`;
}

/**
 * `job 4a3f… (createELB) succeeded: load balancer 9b1d… (name web, External, vip 10.0.0.8)`,
 * or `job 4a3f… (createELB) failed: ELB.1009: CreateIPTask-fail; failed sub-jobs: createPort`.
 */
export function jobSummary(jobId: string, job: ElbJob): string {
  const type = typeof job.job_type === 'string' ? ` (${job.job_type})` : '';
  const head = `job ${jobId}${type}`;

  if (job.status !== 'SUCCESS') {
    return `${head} ${job.status === 'FAIL' ? 'failed' : job.status}: ${failureText(job)}`;
  }

  const result = entitiesText(jobEntities(job));

  return result === undefined ? `${head} succeeded` : `${head} succeeded: ${result}`;
}

function failureText(job: ElbJob): string {
  const reason = [job.error_code, job.fail_reason].filter((v) => typeof v === 'string' && v !== '');
  const failed = failedSubJobs(job).map((sub) => {
    const name = sub.job_type ?? sub.job_id ?? 'sub-job';
    return typeof sub.error_code === 'string' ? `${name} (${sub.error_code})` : name;
  });
  const text = reason.length > 0 ? reason.join(': ') : 'no reason given';

  return failed.length === 0 ? text : `${text}; failed sub-jobs: ${failed.join(', ')}`;
}

function entitiesText(result: ElbJobEntities | undefined): string | undefined {
  switch (result?.kind) {
    case 'createELB':
      return loadBalancerText(result.entities.elb);
    case 'deleteELB':
      return `load balancer ${result.entities.elb_id} deleted`;
    case 'createMember':
      return `members added: ${result.entities.members.map((m) => m.id).join(', ')}`;
    case 'removeMember':
      return `members removed: ${result.entities.members.map((m) => m.id).join(', ')}`;
    default:
      return undefined;
  }
}

function loadBalancerText(elb: ElbLoadBalancer): string {
  const facts = [
    typeof elb.name === 'string' ? `name ${elb.name}` : undefined,
    typeof elb.type === 'string' ? elb.type : undefined,
    typeof elb.vip_address === 'string' ? `vip ${elb.vip_address}` : undefined,
  ].filter((fact) => fact !== undefined);

  return `load balancer ${elb.id}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
}
