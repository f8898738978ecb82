import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterEach, describe, expect, it } from '@jest/globals';
import { DurationModel } from '@jobwait/core';
import * as elb from '@jobwait/elb-classic';
import {
  ElbClient,
  ElbHttpError,
  ELB_CLASSIC_DURATION_PRIORS,
  elbDurationAwareBackoff,
  elbJobDurationMs,
  elbJobSource,
  ELB_WAIT_DEFAULTS,
  tokenAuth,
  waitForElbJob,
  type ElbJob,
} from '@jobwait/elb-classic';
import * as testing from '@jobwait/elb-classic/testing';
import { startSimulator, type Simulator } from '@jobwait/elb-classic/testing';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const execFileAsync = promisify(execFile);

let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('@jobwait/elb-classic', () => {
  it('exports exactly its public names', () => {
    expect(Object.keys(elb).sort()).toEqual([
      'API_NOT_PUBLISHED_CODE',
      'CREDENTIAL_REJECTED_CODES',
      'ELB_CLASSIC_DURATION_PRIORS',
      'ELB_CLASSIC_KIND',
      'ELB_CLOUD_HOSTS',
      'ELB_ERROR_MEANINGS',
      'ELB_WAIT_DEFAULTS',
      'ElbClient',
      'ElbClientClosedError',
      'ElbHttpError',
      'ElbNetworkError',
      'ElbProtocolError',
      'ElbTransportError',
      'IAM_CLOUD_HOSTS',
      'IAM_TOKEN_DEFAULTS',
      'IamTokenError',
      'MAX_ID_LENGTH',
      'RATE_LIMIT_DEFAULTS',
      'SUB_JOB_CHANGE_EVENT',
      'addedMembers',
      'akskAuth',
      'classifyElbError',
      'classifyElbJob',
      'createdLoadBalancer',
      'credentialsFromEnv',
      'deletedLoadBalancerId',
      'elbBackoff',
      'elbDurationAwareBackoff',
      'elbJobDurationMs',
      'elbJobSource',
      'elbJobSourceFromReference',
      'errorMeaning',
      'failedSubJobs',
      'gotTransport',
      'iamPasswordTokenProvider',
      'invitesRefresh',
      'jobEntities',
      'parseErrorBody',
      'parseRetryAfter',
      'removedMembers',
      'resolveEndpoint',
      'resolveIamEndpoint',
      'signRequest',
      'subJobs',
      'subJobsDetail',
      'tokenAuth',
      'verifySignature',
      'waitForElbJob',
      'watchSubJobs',
    ]);
  });

  it('exports the simulator and its models from ./testing', () => {
    expect(Object.keys(testing).sort()).toEqual([
      'CREATE_RESPONSE_MODEL',
      'DEFAULT_PROJECT_ID',
      'ERROR_MODELS',
      'JOB_MODELS',
      'REDACTED',
      'checkScenario',
      'loadScenario',
      'startSimulator',
    ]);
  });

  it('exports the undici transport from ./undici, which alone loads undici', async () => {
    sim = await startSimulator({ token: 'public-token' });
    const { job_id } = sim.addJob();
    // Runs the build in a process of its own, where no test has loaded undici yet.
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const undici = /[\\\\/]node_modules[\\\\/]undici[\\\\/]/;
      const loaded = () => Object.keys(require.cache).some((path) => undici.test(path));
      const elb = await import('@jobwait/elb-classic');
      const before = loaded();
      const entry = await import('@jobwait/elb-classic/undici');
      const { undiciTransport: transport } = entry;
      const auth = elb.tokenAuth('public-token');
      const client = new elb.ElbClient({ endpoint: process.env.URL, auth, transport });
      const job = await client.getJob({ projectId: process.env.PROJECT, jobId: process.env.JOB });
      client.close();
      const names = Object.keys(entry);
      const status = job.status;
      process.stdout.write(JSON.stringify({ before, after: loaded(), names, status }));`;
    const env = { ...process.env, URL: sim.url, PROJECT: sim.projectId, JOB: job_id };

    const { stdout } = await execFileAsync(
      process.execPath,
      ['--input-type=module', '--eval', script],
      { env, cwd: PACKAGE_DIR },
    );

    expect(JSON.parse(stdout)).toEqual({
      before: false,
      after: true,
      names: ['undiciTransport'],
      status: 'INIT',
    });
  });

  it('waits for a job of the simulator in one call', async () => {
    sim = await startSimulator({ token: 'public-token' });
    const created = sim.addJob({ jobType: 'deleteELB', timeline: [{ status: 'SUCCESS' }] });

    const result = await waitForElbJob({
      endpoint: sim.url,
      token: 'public-token',
      projectId: sim.projectId,
      jobId: created,
      initialDelayMs: 0,
    });

    expect(result.entities).toEqual({
      kind: 'deleteELB',
      entities: { elb_id: '5d2c8e0a9b7f4e61a3c2d1e0f9a8b7c6' },
    });
    expect(ELB_WAIT_DEFAULTS.initialDelayMs).toBe(3000);
  });

  it('builds a job source for a waiter of ones own', async () => {
    sim = await startSimulator();
    const { job_id } = sim.addJob({ timeline: [{ status: 'FAIL', errorCode: 'ELB.7001' }] });
    const client = new ElbClient({ endpoint: sim.url, auth: tokenAuth('t') });

    try {
      const source = elbJobSource({ client, projectId: sim.projectId, jobId: job_id });
      const { signal } = new AbortController();
      const job: ElbJob = await source.poll({ signal, attempt: 1 });

      expect(source.classify?.({ ok: true, value: job })).toMatchObject({
        type: 'failure',
        code: 'ELB.7001',
      });
    } finally {
      client.close();
    }
  });

  it('plans polls by classic ELB job durations and reads them from a job', () => {
    const model = new DurationModel({ priors: ELB_CLASSIC_DURATION_PRIORS });
    const backoff = elbDurationAwareBackoff({ model });
    const wait = { kind: 'elb-classic', jobId: 'j', jobType: 'createELB', elapsedMs: 0 };
    const bounds = { minDelayMs: 2000, maxDelayMs: 15_000, timeoutMs: 600_000 };

    const delayMs = backoff.initialDelay?.({ ...wait, ...bounds, random: () => 0 });
    const durationMs = elbJobDurationMs({
      status: 'SUCCESS',
      begin_time: '2024-05-14T08:12:03.117Z',
      end_time: '2024-05-14T08:12:31.904Z',
    });

    expect(delayMs).toBe(14_133);
    expect(durationMs).toBe(28_787);
    expect(model.estimate('elb-classic', 'createELB').medianMs).toBe(25_000);
  });

  it('exports its errors as classes', async () => {
    sim = await startSimulator();
    const client = new ElbClient({ endpoint: sim.url, auth: tokenAuth('t') });

    try {
      await expect(client.getJob({ projectId: 'p', jobId: 'j' })).rejects.toBeInstanceOf(
        ElbHttpError,
      );
    } finally {
      client.close();
    }
  });
});
