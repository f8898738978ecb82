import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Verdict } from '@jobwait/core';

import { tokenAuth } from '../src/auth.js';
import { classifyElbError, classifyElbJob } from '../src/classify.js';
import { ElbClient } from '../src/client.js';
import { jobEntities, type ElbJobEntities } from '../src/entities.js';
import { ElbHttpError } from '../src/errors.js';
import type { ElbCreateResponse } from '../src/ids.js';
import type { ElbJob } from '../src/job.js';
import { elbJobSource } from '../src/job-source.js';
import { subJobs } from '../src/sub-jobs.js';
import { startSimulator, type Simulator } from '../src/testing/index.js';
import { fixture, fixtureNames, rejectionOf } from './helpers.js';

const TOKEN = 'MIIfixtures-token';

/** What each job fixture reads as, through the client and the classifier. */
const JOBS: Record<
  string,
  { verdict: Verdict; entities?: ElbJobEntities['kind']; subJobs: number }
> = {
  'create-elb-fail': {
    verdict: { type: 'failure', state: 'FAIL', code: 'ELB.1009', reason: 'CreateIPTask-fail' },
    subJobs: 0,
  },
  'create-elb-init': { verdict: { type: 'pending', state: 'INIT' }, subJobs: 0 },
  'create-elb-running-sub-jobs': {
    verdict: { type: 'pending', state: 'RUNNING', detail: 'sub-jobs 1/2' },
    subJobs: 2,
  },
  'create-elb-running': { verdict: { type: 'pending', state: 'RUNNING' }, subJobs: 0 },
  'create-elb-success': {
    verdict: { type: 'success', state: 'SUCCESS' },
    entities: 'createELB',
    subJobs: 0,
  },
  'create-member-success': {
    verdict: { type: 'success', state: 'SUCCESS' },
    entities: 'createMember',
    subJobs: 0,
  },
  'delete-elb-running': { verdict: { type: 'pending', state: 'RUNNING' }, subJobs: 0 },
  'delete-elb-success': {
    verdict: { type: 'success', state: 'SUCCESS' },
    entities: 'deleteELB',
    subJobs: 0,
  },
  'remove-member-success': {
    verdict: { type: 'success', state: 'SUCCESS' },
    entities: 'removeMember',
    subJobs: 0,
  },
};

/** What each error fixture reads as, served with the status its name gives. */
const ERRORS: Record<
  string,
  { statusCode: number; errorCode: string; meaning: string; verdict: Verdict; requestId?: string }
> = {
  'gateway-401-token-expired': {
    statusCode: 401,
    errorCode: 'APIGW.0307',
    meaning: 'the token has expired or is for another region, and must be renewed',
    verdict: { type: 'fatal' },
    requestId: '0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b',
  },
  'gateway-404-api-not-published': {
    statusCode: 404,
    errorCode: 'APIGW.0101',
    meaning: 'the classic ELB API is not available in this region or cloud',
    verdict: { type: 'fatal' },
    requestId: '9c4e2f1a7b3d5e6f8a0b1c2d3e4f5a6b',
  },
  'gateway-429-throttled': {
    statusCode: 429,
    errorCode: 'APIGW.0308',
    meaning: 'the request rate limit is reached, so the request was throttled',
    verdict: { type: 'throttled' },
    requestId: '1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c',
  },
  'service-400-invalid-parameter': {
    statusCode: 400,
    errorCode: 'ELB.1001',
    meaning: 'a request parameter is invalid',
    verdict: { type: 'fatal' },
  },
};

let sim: Simulator;
let client: ElbClient;

beforeAll(async () => {
  sim = await startSimulator({ token: TOKEN });
  client = new ElbClient({ endpoint: sim.url, auth: tokenAuth(TOKEN) });
});

afterAll(async () => {
  client.close();
  await sim.close();
});

function names(folder: string): string[] {
  return fixtureNames(folder)
    .map((file) => file.replace(/\.json$/, ''))
    .sort();
}

describe('job fixtures', () => {
  it('has an expected reading for every file in fixtures/jobs', () => {
    expect(names('jobs')).toEqual(Object.keys(JOBS).sort());
  });

  it.each(Object.entries(JOBS))('reads %s as served by the simulator', async (name, expected) => {
    const body = fixture<ElbJob>(`jobs/${name}.json`);
    const { job_id } = sim.addJob({ timeline: [{ status: body.status, body }] });

    const job = await client.getJob({ projectId: sim.projectId, jobId: job_id });

    expect(job).toEqual(body);
    expect(classifyElbJob({ ok: true, value: job })).toEqual(expected.verdict);
    expect(jobEntities(job)?.kind).toBe(expected.entities);
    expect(subJobs(job)).toHaveLength(expected.subJobs);
  });
});

describe('error fixtures', () => {
  it('has an expected reading for every file in fixtures/errors', () => {
    expect(names('errors')).toEqual(Object.keys(ERRORS).sort());
  });

  it.each(Object.entries(ERRORS))('reads %s as served by the simulator', async (name, expected) => {
    const { job_id } = sim.addJob();
    const { statusCode } = expected;
    sim.setFault(
      { type: 'status', statusCode, body: fixture(`errors/${name}.json`) },
      { times: 1 },
    );

    const error = await rejectionOf(client.getJob({ projectId: sim.projectId, jobId: job_id }));

    expect(error).toBeInstanceOf(ElbHttpError);
    expect(error).toMatchObject({
      statusCode,
      errorCode: expected.errorCode,
      meaning: expected.meaning,
      apiNotAvailable: expected.errorCode === 'APIGW.0101',
    });
    // Without a request_id in the body, the simulator's X-Request-Id header gives one.
    expect((error as ElbHttpError).requestId).toEqual(expected.requestId ?? expect.any(String));
    expect((error as Error).message.toLowerCase()).toContain(expected.meaning.toLowerCase());
    expect(classifyElbError(error)).toEqual(expected.verdict);
  });
});

describe('create response fixture', () => {
  it('names the job to poll, polled at /v1.0/ whatever its uri says', async () => {
    const created = fixture<ElbCreateResponse>('create-response.json');
    sim.addJob({ jobId: created.job_id, timeline: [{ status: 'SUCCESS' }] });
    const before = sim.requests.length;

    const source = elbJobSource({ client, projectId: sim.projectId, jobId: created });
    const job = await source.poll({ signal: new AbortController().signal, attempt: 1 });

    expect(source.id).toBe('ff8080827a1b2c3d017a1b2c3d4e0001');
    expect(created.uri).toMatch(/^\/v1\//);
    expect(sim.requests[before]?.path).toBe(`/v1.0/${sim.projectId}/jobs/${created.job_id}`);
    expect(source.classify?.({ ok: true, value: job })).toEqual({
      type: 'success',
      state: 'SUCCESS',
    });
  });
});
