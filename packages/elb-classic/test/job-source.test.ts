import { describe, expect, it, jest } from '@jest/globals';

import { classifyElbJob } from '../src/classify.js';
import type { GetJobOptions } from '../src/client.js';
import type { ElbJob } from '../src/job.js';
import { elbJobSource } from '../src/job-source.js';
import { fixture } from './helpers.js';

function fakeClient() {
  return { getJob: jest.fn(async (_: GetJobOptions): Promise<ElbJob> => ({ status: 'INIT' })) };
}

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
  ])('refuses %p without calling the client', (overrides, message) => {
    const client = fakeClient();
    const create = () =>
      elbJobSource({ client, projectId: 'p1', jobId: 'j1', ...(overrides as object) });

    expect(create).toThrow(TypeError);
    expect(create).toThrow(message);
    expect(client.getJob).not.toHaveBeenCalled();
  });
});
