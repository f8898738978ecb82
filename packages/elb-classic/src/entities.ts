import type { ElbJob, KnownElbJobType } from './job.js';

/** A classic load balancer, as a `createELB` job reports it. */
export interface ElbLoadBalancer {
  readonly id: string;
  readonly name?: string;
  /** `External` or `Internal`. */
  readonly type?: string;
  readonly status?: string;
  /** Bandwidth in Mbit/s, for an external load balancer. */
  readonly bandwidth?: number;
  readonly vip_address?: string;
  readonly tenant_id?: string;
  readonly admin_state_up?: boolean;
  readonly vpc_id?: string;
  readonly [field: string]: unknown;
}

/** A backend member, as `createMember` and `removeMember` jobs report it. */
export interface ElbMember {
  readonly id: string;
  readonly address?: string;
  readonly listener_id?: string;
  readonly server_id?: string;
  readonly status?: string;
  readonly [field: string]: unknown;
}

/** `entities` of a successful `createELB` job. */
export interface CreateElbEntities {
  readonly elb: ElbLoadBalancer;
}

/** `entities` of a successful `deleteELB` job. */
export interface DeleteElbEntities {
  readonly elb_id: string;
}

/** `entities` of a successful `createMember` job. */
export interface CreateMemberEntities {
  readonly members: readonly ElbMember[];
}

/** `entities` of a successful `removeMember` job. */
export interface RemoveMemberEntities {
  readonly listener_id?: string;
  readonly members: readonly ElbMember[];
}

/**
 * The typed result of a successful job, told apart by `kind`. A job type this package does not
 * know, or entities that do not have the documented shape, come as `kind: 'other'` with the raw
 * entities.
 */
export type ElbJobEntities =
  | { readonly kind: 'createELB'; readonly entities: CreateElbEntities }
  | { readonly kind: 'deleteELB'; readonly entities: DeleteElbEntities }
  | { readonly kind: 'createMember'; readonly entities: CreateMemberEntities }
  | { readonly kind: 'removeMember'; readonly entities: RemoveMemberEntities }
  | {
      readonly kind: 'other';
      readonly jobType: string | undefined;
      readonly entities: Readonly<Record<string, unknown>>;
    };

type Fields = Readonly<Record<string, unknown>>;

const SHAPES: Record<KnownElbJobType, (entities: Fields) => boolean> = {
  createELB: (e) => isRecord(e['elb']) && typeof e['elb']['id'] === 'string',
  deleteELB: (e) => typeof e['elb_id'] === 'string',
  createMember: (e) => isMemberList(e['members']),
  removeMember: (e) => isMemberList(e['members']),
};

/**
 * Reads what a successful job produced, typed by its `job_type`. Entities are read at
 * `SUCCESS` only, since a running job may have filled them in part. A `job_type` that is not
 * a string reads as absent (`kind: 'other'`, `jobType: undefined`).
 *
 * @returns `undefined` unless the job's status is `SUCCESS`.
 */
export function jobEntities(job: ElbJob): ElbJobEntities | undefined {
  if (job.status !== 'SUCCESS') {
    return undefined;
  }

  const entities = isRecord(job.entities) ? job.entities : {};
  // The body is the provider's: a `job_type` that is not a string is no type at all.
  const type = typeof job.job_type === 'string' ? job.job_type : undefined;

  if (
    type !== undefined &&
    Object.hasOwn(SHAPES, type) &&
    SHAPES[type as KnownElbJobType](entities)
  ) {
    // The shape check above is what makes this cast sound.
    return { kind: type, entities } as ElbJobEntities;
  }

  return { kind: 'other', jobType: type, entities };
}

/**
 * The load balancer a successful `createELB` job created, with its `id`, `name`, `type`,
 * `vip_address` and the other fields the provider sent.
 *
 * @returns `undefined` unless the job is a `createELB` job at `SUCCESS` whose entities hold a
 *   load balancer with a string `id`.
 */
export function createdLoadBalancer(job: ElbJob): ElbLoadBalancer | undefined {
  const result = jobEntities(job);

  return result?.kind === 'createELB' ? result.entities.elb : undefined;
}

/**
 * The id of the load balancer a successful `deleteELB` job deleted.
 *
 * @returns `undefined` unless the job is a `deleteELB` job at `SUCCESS` with a string `elb_id`.
 */
export function deletedLoadBalancerId(job: ElbJob): string | undefined {
  const result = jobEntities(job);

  return result?.kind === 'deleteELB' ? result.entities.elb_id : undefined;
}

/**
 * The backend members a successful `createMember` job added.
 *
 * @returns `undefined` unless the job is a `createMember` job at `SUCCESS` whose `members` all
 *   have a string `id`.
 */
export function addedMembers(job: ElbJob): readonly ElbMember[] | undefined {
  const result = jobEntities(job);

  return result?.kind === 'createMember' ? result.entities.members : undefined;
}

/**
 * The backend members a successful `removeMember` job removed (often with their `id` alone).
 *
 * @returns `undefined` unless the job is a `removeMember` job at `SUCCESS` whose `members` all
 *   have a string `id`.
 */
export function removedMembers(job: ElbJob): readonly ElbMember[] | undefined {
  const result = jobEntities(job);

  return result?.kind === 'removeMember' ? result.entities.members : undefined;
}

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMemberList(value: unknown): boolean {
  return Array.isArray(value) && value.every((m) => isRecord(m) && typeof m['id'] === 'string');
}
