import { describe, expect, it, jest } from '@jest/globals';

import { classifyElbJob } from '../src/classify.js';
import type { GetJobOptions } from '../src/client.js';
import type { ElbJob } from '../src/job.js';
import { elbJobSource, elbJobSourceFromReference } from '../src/job-source.js';
import { fixture, jobFixture } from './helpers.js';

function fakeClient(job: ElbJob = { status: 'INIT' }) {
  return { getJob: jest.fn(async (_: GetJobOptions): Promise<ElbJob> => job) };
}

const poll = { signal: new AbortController().signal, attempt: 1 };

describe('elbJobSource', () => {
  it('polls the job through the client, passing the signal on', async () => {
    const client = fakeClient();
    const source = elbJobSource({ client, projectId: 'p1', jobId: 'j1' });
    const { signal } = new AbortController();

    await expect(source.poll({ signal, attempt: 1 })).resolves.toEqual({ status: 'INIT' });
    expect(client.getJob).toHaveBeenCalledWith({ projectId: 'p1', jobId: 'j1', signal });
    expect(source).toMatchObject({ id: 'j1', kind: 'elb-classic', classify: classifyElbJob });
  });

  it('takes the job id from a create response', () => {
    const source = elbJobSource({
      client: fakeClient(),
      projectId: 'p1',
      jobId: fixture<{ uri: string; job_id: string }>('create-response.json'),
    });

    expect(source.id).toBe('ff8080827a1b2c3d017a1b2c3d4e0001');
  });

  it.each([
    [{ projectId: '' }, /`projectId`/],
    [{ jobId: 'a/../b' }, /`jobId`/],
    [{ jobId: { uri: '/v1/x' } }, /`jobId.job_id`/],
    [{ client: {} }, /`client`/],
    [{ jobType: '' }, /`jobType`/],
    [{ jobType: 'create ELB' }, /`jobType`/],
    [{ jobType: 42 }, /`jobType`/],
    [{ jobType: `c${'x'.repeat(64)}` }, /`jobType`/],
    [{ job_type: 'createELB' }, /Unknown option `job_type` \(did you mean `jobType`\?\)/],
    [{ endpoint: 'https://elb.example' }, /Unknown option `endpoint`/],
  ])('refuses %p without calling the client', (overrides, message) => {
    const client = fakeClient();
    const create = () =>
      elbJobSource({ client, projectId: 'p1', jobId: 'j1', ...(overrides as object) });

    expect(create).toThrow(TypeError);
    expect(create).toThrow(message);
    expect(client.getJob).not.toHaveBeenCalled();
  });
});

describe('elbJobSource jobType', () => {
  it('carries the given job type as jobType and in its reference', () => {
    const source = elbJobSource({
      client: { ...fakeClient(), endpoint: 'https://elb.example' },
      projectId: 'p1',
      jobId: 'j1',
      jobType: 'deleteELB',
    });

    expect(source.jobType).toBe('deleteELB');
    expect(source.reference?.()).toEqual({
      projectId: 'p1',
      endpoint: 'https://elb.example',
      jobType: 'deleteELB',
    });
  });

  it('takes the first answer’s job type when none is given, outside its reference', async () => {
    const source = elbJobSource({
      client: fakeClient(jobFixture('create-member-success')),
      projectId: 'p1',
      jobId: 'j1',
    });
    const before = source.jobType;

    await source.poll(poll);

    expect(before).toBeUndefined();
    expect(source.jobType).toBe('createMember');
    expect(source.reference?.()).toEqual({ projectId: 'p1' });
  });

  it('keeps the given job type over the one an answer names', async () => {
    const client = fakeClient(jobFixture('create-member-success'));
    const source = elbJobSource({ client, projectId: 'p1', jobId: 'j1', jobType: 'createELB' });

    await source.poll(poll);

    expect(source.jobType).toBe('createELB');
  });

  it('keeps the first job type an answer names, and ignores a malformed one', async () => {
    const client = fakeClient({ status: 'RUNNING', job_type: 'not a type' });
    const source = elbJobSource({ client, projectId: 'p1', jobId: 'j1' });

    await source.poll(poll);
    const afterMalformed = source.jobType;
    client.getJob.mockResolvedValueOnce(jobFixture('delete-elb-running'));
    await source.poll(poll);
    client.getJob.mockResolvedValueOnce(jobFixture('create-elb-success'));
    await source.poll(poll);

    expect(afterMalformed).toBeUndefined();
    expect(source.jobType).toBe('deleteELB');
  });
});

describe('elbJobSourceFromReference', () => {
  it('rebuilds the source with the job type of its reference', () => {
    const reference = { id: 'j1', kind: 'elb-classic', projectId: 'p1', jobType: 'removeMember' };

    const source = elbJobSourceFromReference(reference, fakeClient());

    expect(source).toMatchObject({ id: 'j1', kind: 'elb-classic', jobType: 'removeMember' });
    expect(source.reference?.()).toEqual({ projectId: 'p1', jobType: 'removeMember' });
  });

  it('refuses a reference whose jobType is not a job type', () => {
    const client = fakeClient();
    const reference = { id: 'j1', kind: 'elb-classic', projectId: 'p1', jobType: ['createELB'] };

    expect(() => elbJobSourceFromReference(reference, client)).toThrow(
      /Expected `reference.jobType` to be a job type/,
    );
    expect(client.getJob).not.toHaveBeenCalled();
  });
});
