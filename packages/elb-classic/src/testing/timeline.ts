import { randomBytes } from 'node:crypto';

import { assertId } from '../ids.js';
import type { ElbJob, ElbSubJob } from '../job.js';
import { assertNumber, assertObject, describe } from '../validate.js';
import { JOB_MODELS } from './models/jobs.js';

/** A sub-job as a timeline step lists it. */
export interface SimulatedSubJob {
  /** Such as `createPort`. */
  jobType: string;
  status: string;
  entities?: Record<string, unknown>;
  errorCode?: string;
  failReason?: string;
}

/** One stretch of a simulated job's life. */
export interface TimelineStep {
  /** The status served during the step: `INIT`, `RUNNING`, `SUCCESS`, `FAIL`, or any other. */
  status: string;
  /**
   * How long the step lasts, in milliseconds. Required on every step but the last, which
   * lasts for ever.
   */
  forMs?: number;
  /** Served as `sub_jobs`. Default: no `sub_jobs` field. */
  subJobs?: readonly SimulatedSubJob[];
  /** Served as `entities`. Default `{}`, or at `SUCCESS` the model entities of the job type. */
  entities?: Record<string, unknown>;
  /** Served as `error_code`. Default at `FAIL`: `'ELB.1009'`; otherwise `null`. */
  errorCode?: string;
  /** Served as `fail_reason`. Default at `FAIL`: `'CreateIPTask-fail'`; otherwise `null`. */
  failReason?: string;
  /** Served verbatim (as JSON) instead of the generated body, for example a model. */
  body?: unknown;
}

/** A job the simulator serves. */
export interface SimulatedJobSpec {
  /** The job id. Default: 32 random hexadecimal characters, like a real id. */
  jobId?: string;
  /** Served as `job_type`. Default `'createELB'`. */
  jobType?: string;
  /** The job's life, relative to its creation. Default: INIT 1 s, RUNNING 5 s, SUCCESS. */
  timeline?: readonly TimelineStep[];
  /** When the job was created, in ms since the epoch. Default: the simulator clock's now. */
  createdAt?: number;
}

/** A job as the simulator keeps it. */
export interface SimulatedJob {
  readonly jobId: string;
  readonly jobType: string;
  readonly timeline: readonly TimelineStep[];
  readonly createdAt: number;
}

const DEFAULT_TIMELINE: readonly TimelineStep[] = [
  { status: 'INIT', forMs: 1000 },
  { status: 'RUNNING', forMs: 5000 },
  { status: 'SUCCESS' },
];

const FAILURE = JOB_MODELS['create-elb-fail'];

const SUCCESS_ENTITIES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  createELB: JOB_MODELS['create-elb-success'].entities,
  deleteELB: JOB_MODELS['delete-elb-success'].entities,
  createMember: JOB_MODELS['create-member-success'].entities,
  removeMember: JOB_MODELS['remove-member-success'].entities,
};

/**
 * Validates a job spec and fills in its defaults.
 *
 * @throws TypeError or RangeError naming the field.
 */
export function createSimulatedJob(spec: SimulatedJobSpec, now: number): SimulatedJob {
  assertObject('job', spec);
  const { jobId = randomBytes(16).toString('hex'), jobType = 'createELB' } = spec;
  const { timeline = DEFAULT_TIMELINE, createdAt = now } = spec;

  assertId('jobId', jobId);
  assertNumber('createdAt', createdAt, { max: Number.MAX_SAFE_INTEGER });
  if (typeof jobType !== 'string') {
    throw new TypeError(`Expected option \`jobType\` to be a string, got ${describe(jobType)}`);
  }
  assertTimeline(timeline);

  return { jobId, jobType, timeline: timeline.map((step) => ({ ...step })), createdAt };
}

/** The body the jobs endpoint serves for `job` at time `now`. */
export function observe(job: SimulatedJob, now: number): unknown {
  const { step, startedAt } = currentStep(job, now);

  if (step.body !== undefined) {
    return step.body;
  }

  const terminal = step.status === 'SUCCESS' || step.status === 'FAIL';
  const body: ElbJob = {
    status: step.status,
    entities: step.entities ?? (step.status === 'SUCCESS' ? successEntities(job) : {}),
    job_id: job.jobId,
    job_type: job.jobType,
    begin_time: new Date(job.createdAt).toISOString(),
    end_time: terminal ? new Date(startedAt).toISOString() : '',
    ...failure(step),
  };

  return step.subJobs === undefined ? body : { ...body, sub_jobs: renderSubJobs(job, step) };
}

function currentStep(job: SimulatedJob, now: number) {
  let startedAt = job.createdAt;

  for (const [index, step] of job.timeline.entries()) {
    const last = index === job.timeline.length - 1;
    if (last || now < startedAt + (step.forMs ?? 0)) {
      return { step, startedAt };
    }
    startedAt += step.forMs ?? 0;
  }

  // assertTimeline guarantees a step; this keeps the type checker content.
  throw new Error('A simulated job has an empty timeline');
}

function successEntities(job: SimulatedJob): Record<string, unknown> {
  return structuredClone(SUCCESS_ENTITIES[job.jobType] ?? {});
}

function failure(step: TimelineStep) {
  const failed = step.status === 'FAIL';

  return {
    error_code: step.errorCode ?? (failed ? FAILURE.error_code : null),
    fail_reason: step.failReason ?? (failed ? FAILURE.fail_reason : null),
  };
}

function renderSubJobs(job: SimulatedJob, step: TimelineStep): ElbSubJob[] {
  return (step.subJobs ?? []).map((sub, index) => ({
    status: sub.status,
    entities: sub.entities ?? {},
    job_id: `${job.jobId.slice(0, -4)}${(index + 1).toString(16).padStart(4, '0')}`,
    job_type: sub.jobType,
    begin_time: new Date(job.createdAt).toISOString(),
    end_time: '',
    error_code: sub.errorCode ?? null,
    fail_reason: sub.failReason ?? null,
  }));
}

function assertTimeline(timeline: unknown): asserts timeline is readonly TimelineStep[] {
  if (!Array.isArray(timeline) || timeline.length === 0) {
    throw new TypeError('Expected option `timeline` to be a non-empty array of steps');
  }

  timeline.forEach((step: unknown, index) => {
    assertObject(`timeline[${index}]`, step);
    const { status, forMs } = step as Partial<TimelineStep>;
    if (typeof status !== 'string' || status === '') {
      throw new TypeError(`Expected option \`timeline[${index}].status\` to be a non-empty string`);
    }
    if (index < timeline.length - 1 || forMs !== undefined) {
      assertNumber(`timeline[${index}].forMs`, forMs, { max: Number.MAX_SAFE_INTEGER });
    }
  });
}
