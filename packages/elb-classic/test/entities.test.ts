import { describe, expect, it } from '@jest/globals';

import {
  addedMembers,
  createdLoadBalancer,
  deletedLoadBalancerId,
  jobEntities,
  removedMembers,
} from '../src/entities.js';
import type { ElbJob } from '../src/job.js';
import { jobFixture } from './helpers.js';

describe('jobEntities', () => {
  it('types the load balancer of a createELB job', () => {
    const result = jobEntities(jobFixture('create-elb-success'));

    expect(result?.kind).toBe('createELB');
    if (result?.kind === 'createELB') {
      expect(result.entities.elb.id).toBe('5d2c8e0a9b7f4e61a3c2d1e0f9a8b7c6');
      expect(result.entities.elb.vip_address).toBe('198.51.100.23');
    }
  });

  it('types the entities of deleteELB, createMember and removeMember jobs', () => {
    expect(jobEntities(jobFixture('delete-elb-success'))).toEqual({
      kind: 'deleteELB',
      entities: { elb_id: '5d2c8e0a9b7f4e61a3c2d1e0f9a8b7c6' },
    });
    expect(jobEntities(jobFixture('create-member-success'))).toMatchObject({
      kind: 'createMember',
      entities: { members: [{ id: 'a41c9e7d2b5f4a08b6c3d2e1f0a9b8c7', address: '192.168.10.21' }] },
    });
    expect(jobEntities(jobFixture('remove-member-success'))).toMatchObject({
      kind: 'removeMember',
      entities: { listener_id: 'c2b7e9a1d4f34b6e8a0c1d2e3f4a5b6c' },
    });
  });

  it('reads nothing before SUCCESS, even when entities are partly filled', () => {
    const running = { ...jobFixture('create-elb-running'), entities: { elb: { id: 'x' } } };

    expect(jobEntities(running)).toBeUndefined();
    expect(jobEntities(jobFixture('create-elb-fail'))).toBeUndefined();
  });

  it('keeps the raw entities of an unknown job type', () => {
    const job = { status: 'SUCCESS', job_type: 'createListener', entities: { listener_id: 'l1' } };

    expect(jobEntities(job)).toEqual({
      kind: 'other',
      jobType: 'createListener',
      entities: { listener_id: 'l1' },
    });
  });

  it('keeps the raw entities of a known job type whose entities have another shape', () => {
    const job = { status: 'SUCCESS', job_type: 'createELB', entities: { elb: 'x' } };

    expect(jobEntities(job)).toEqual({
      kind: 'other',
      jobType: 'createELB',
      entities: { elb: 'x' },
    });
  });

  it('reads absent entities as empty', () => {
    expect(jobEntities({ status: 'SUCCESS' })).toEqual({
      kind: 'other',
      jobType: undefined,
      entities: {},
    });
  });

  it('reads the job type as absent when the body gives something other than a string', () => {
    const job = JSON.parse(
      '{"status":"SUCCESS","job_type":{"toString":1},"entities":{"elb_id":"x"}}',
    ) as ElbJob;

    expect(jobEntities(job)).toEqual({
      kind: 'other',
      jobType: undefined,
      entities: { elb_id: 'x' },
    });
  });
});

describe('entity accessors', () => {
  it('read the load balancer a createELB job created', () => {
    expect(createdLoadBalancer(jobFixture('create-elb-success'))).toMatchObject({
      id: '5d2c8e0a9b7f4e61a3c2d1e0f9a8b7c6',
      name: 'web-lb-01',
      type: 'External',
      vip_address: '198.51.100.23',
      bandwidth: 10,
    });
  });

  it('read the id a deleteELB job deleted', () => {
    expect(deletedLoadBalancerId(jobFixture('delete-elb-success'))).toBe(
      '5d2c8e0a9b7f4e61a3c2d1e0f9a8b7c6',
    );
  });

  it('read the members a createMember job added and a removeMember job removed', () => {
    expect(addedMembers(jobFixture('create-member-success'))).toEqual([
      expect.objectContaining({ id: 'a41c9e7d2b5f4a08b6c3d2e1f0a9b8c7', address: '192.168.10.21' }),
    ]);
    expect(removedMembers(jobFixture('remove-member-success'))).toEqual([
      { id: 'a41c9e7d2b5f4a08b6c3d2e1f0a9b8c7' },
    ]);
  });

  it('read nothing of a job of another type', () => {
    const created = jobFixture('create-elb-success');

    expect(deletedLoadBalancerId(created)).toBeUndefined();
    expect(addedMembers(created)).toBeUndefined();
    expect(removedMembers(jobFixture('create-member-success'))).toBeUndefined();
    expect(createdLoadBalancer(jobFixture('delete-elb-success'))).toBeUndefined();
  });

  it('read nothing before SUCCESS, even when the entities are partly filled', () => {
    const running = { ...jobFixture('create-elb-running'), entities: { elb: { id: 'x' } } };

    expect(createdLoadBalancer(running)).toBeUndefined();
    expect(createdLoadBalancer(jobFixture('create-elb-fail'))).toBeUndefined();
  });

  it('read nothing when the entities do not have the documented shape', () => {
    const job = { status: 'SUCCESS', job_type: 'createMember', entities: { members: [{}] } };

    expect(addedMembers(job)).toBeUndefined();
    expect(jobEntities(job)?.kind).toBe('other');
  });
});
