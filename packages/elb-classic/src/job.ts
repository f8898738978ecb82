/** The statuses the classic ELB jobs API documents. */
export type ElbJobStatus = 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL';

/** The job types whose `entities` this package types; any other type keeps raw entities. */
export type KnownElbJobType = 'createELB' | 'deleteELB' | 'createMember' | 'removeMember';

/**
 * One observation of a classic ELB job: the body of `GET /v1.0/{project_id}/jobs/{job_id}`,
 * as the API sent it. Only `status` is guaranteed (the client rejects a body without it);
 * every other field is as the provider filled it. `entities` is complete only at `SUCCESS`.
 */
export interface ElbJob {
  /** `INIT`, `RUNNING`, `SUCCESS`, `FAIL`, or a status this package does not know. */
  readonly status: ElbJobStatus | (string & Record<never, never>);
  readonly job_id?: string;
  /** The operation, such as `createELB` or `createMember`. */
  readonly job_type?: KnownElbJobType | (string & Record<never, never>);
  /** ISO 8601 start time. */
  readonly begin_time?: string;
  /** ISO 8601 end time; empty while the job runs. */
  readonly end_time?: string;
  /** The provider's error code when the job failed, such as `ELB.1009`. */
  readonly error_code?: string | null;
  /** The provider's reason when the job failed, such as `CreateIPTask-fail`. */
  readonly fail_reason?: string | null;
  /**
   * What the job produced; read it at `SUCCESS` through `jobEntities`. Some providers list the
   * sub-jobs here too, as `sub_jobs` with `sub_jobs_total`.
   */
  readonly entities?: Readonly<Record<string, unknown>>;
  /**
   * Steps of the job: an array, `null`, `""`, absent, or under `entities.sub_jobs`; read them
   * through `subJobs`.
   */
  readonly sub_jobs?: readonly ElbSubJob[] | null | '';
  readonly [field: string]: unknown;
}

/** A step of a job, as listed in its `sub_jobs`. */
export interface ElbSubJob {
  readonly status: string;
  readonly job_id?: string;
  readonly job_type?: string;
  readonly begin_time?: string;
  readonly end_time?: string;
  readonly error_code?: string | null;
  readonly fail_reason?: string | null;
  readonly entities?: Readonly<Record<string, unknown>>;
  readonly [field: string]: unknown;
}
