import { randomBytes } from 'node:crypto';

import { assertId } from '../ids.js';
import type { ElbJob, ElbSubJob } from '../job.js';
import { assertKnownFields, assertNumber, assertObject, describe, fieldName } from '../validate.js';
import { checkedTimeline } from './checked-timeline.js';
import { JOB_MODELS } from './models/jobs.js';

/**
 * A sub-job as a timeline step lists it, served as one entry of `sub_jobs` with a generated
 * `job_id`: the job's id with its last 4 characters replaced by the sub-job's place in the
 * list, in 4 hexadecimal digits (`0001`, `0002`, …), skipping the job's own ending so that a
 * sub-job's id differs from the job's and from every other sub-job's. Fields are camelCase:
 * the API's `job_type`, `error_code`, `fail_reason` are refused with a hint to the name below,
 * as is any other unknown field.
 */
export interface SimulatedSubJob {
  /** Served as `job_type`, such as `createPort`. Required, non-empty. */
  jobType: string;
  /** Served as `status`, such as `RUNNING`. Required, non-empty. */
  status: string;
  /** Served as `entities`. Default `{}`. */
  entities?: Record<string, unknown>;
  /** Served as `error_code`. Default `null`. */
  errorCode?: string;
  /** Served as `fail_reason`. Default `null`. */
  failReason?: string;
}

/**
 * One stretch of a simulated job's life. Fields are camelCase; an unknown one (such as the
 * API's `error_code` or `sub_jobs`) is refused with a `TypeError` naming it, as is a value of
 * the wrong type or one that JSON cannot carry.
 */
export interface TimelineStep {
  /** The status served during the step: `INIT`, `RUNNING`, `SUCCESS`, `FAIL`, or any other. */
  status: string;
  /**
   * How long the step lasts, in milliseconds. Required on every step but the last, which
   * lasts for ever.
   */
  forMs?: number;
  /** Served as `sub_jobs`, an array. Default: no `sub_jobs` field. */
  subJobs?: readonly SimulatedSubJob[];
  /** Served as `entities`. Default `{}`, or at `SUCCESS` the model entities of the job type. */
  entities?: Record<string, unknown>;
  /** Served as `error_code`. Default at `FAIL`: `'ELB.1009'`; otherwise `null`. */
  errorCode?: string;
  /** Served as `fail_reason`. Default at `FAIL`: `'CreateIPTask-fail'`; otherwise `null`. */
  failReason?: string;
  /**
   * Served instead of the generated body, for example a model: a string as it is, anything
   * else as its JSON (copied when the job is added).
   */
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

const JOB_FIELDS = ['jobId', 'jobType', 'timeline', 'createdAt'];

/**
 * Validates a job spec and fills in its defaults. Field names in errors start with `name`
 * (`jobs[0]` for the jobs a simulator starts with; none for a job added later).
 *
 * @throws TypeError or RangeError naming the field.
 */
export function createSimulatedJob(spec: SimulatedJobSpec, now: number, name = ''): SimulatedJob {
  assertObject(name === '' ? 'job' : name, spec);
  assertKnownFields(name, spec, JOB_FIELDS);
  const { jobId = randomBytes(16).toString('hex'), jobType = 'createELB' } = spec;
  const { timeline = DEFAULT_TIMELINE, createdAt = now } = spec;

  assertId(fieldName(name, 'jobId'), jobId);
  assertNumber(fieldName(name, 'createdAt'), createdAt, { max: Number.MAX_SAFE_INTEGER });
  if (typeof jobType !== 'string') {
    throw new TypeError(
      `Expected option \`${fieldName(name, 'jobType')}\` to be a string, got ${describe(jobType)}`,
    );
  }

  return {
    jobId,
    jobType,
    timeline: checkedTimeline(fieldName(name, 'timeline'), timeline),
    createdAt,
  };
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

  // checkedTimeline guarantees a step; this keeps the type checker content.
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
  const subJobs = step.subJobs ?? [];
  const ids = subJobIds(job.jobId, subJobs.length);

  return subJobs.map((sub, index) => ({
    status: sub.status,
    entities: sub.entities ?? {},
    job_id: ids[index] ?? '',
    job_type: sub.jobType,
    begin_time: new Date(job.createdAt).toISOString(),
    end_time: '',
    error_code: sub.errorCode ?? null,
    fail_reason: sub.failReason ?? null,
  }));
}

/**
 * The ids of `count` sub-jobs of job `jobId`, in the style of real ones: the job id with its
 * last 4 characters replaced by `0001`, `0002`, … in hexadecimal, skipping the job's own last
 * 4 characters, so that no sub-job has the id of its job (`job-fail-0001` has sub-jobs
 * `job-fail-0002`, `job-fail-0003`, …) or of another sub-job.
 */
function subJobIds(jobId: string, count: number): string[] {
  const prefix = jobId.slice(0, -4);
  const ids: string[] = [];

  for (let n = 1; ids.length < count; n += 1) {
    const id = `${prefix}${n.toString(16).padStart(4, '0')}`;
    if (id !== jobId) ids.push(id);
  }

  return ids;
}
