import { afterEach, describe, expect, it } from '@jest/globals';

import { Waiter, constantBackoff } from '@jobwait/core';
import { ElbClient, classifyElbJob, elbJobSource, tokenAuth } from '@jobwait/elb-classic';
import { startSimulator, type Simulator } from '@jobwait/elb-classic/testing';

import { logReporter } from '../../src/log/log-reporter.js';
import { LEVEL, captureRecords } from './capture-records.js';

const TOKEN = 'MIIE-simulated-token-value';

let simulator: Simulator | undefined;
let client: ElbClient | undefined;

afterEach(async () => {
  client?.close();
  await simulator?.close();
});

describe('logReporter with the classic ELB adapter', () => {
  it('writes the status and request id of an HTTP error from a real wait', async () => {
    simulator = await startSimulator({ token: TOKEN });
    const job = simulator.addJob({ timeline: [{ status: 'SUCCESS' }] });
    simulator.setFault(
      { type: 'status', statusCode: 500, errorCode: 'ELB.0500', errorMessage: 'busy' },
      { times: 1 },
    );
    client = new ElbClient({ endpoint: simulator.url, auth: tokenAuth(TOKEN) });
    const out = captureRecords();
    const waiter = new Waiter({
      classify: classifyElbJob,
      minDelayMs: 1,
      backoff: constantBackoff({ delayMs: 0 }),
      pollRetries: 0,
    });
    const detach = logReporter({ stream: out.stream, level: 'debug' }).attach(waiter);

    const source = elbJobSource({ client, projectId: simulator.projectId, jobId: job.job_id });
    await expect(waiter.wait(source)).resolves.toMatchObject({ state: 'SUCCESS' });
    detach();

    const failed = out.records().filter((r) => r['msg'] === 'poll failed');
    expect(failed).toEqual([
      expect.objectContaining({
        level: LEVEL.warn,
        event: 'poll:end',
        errorCode: 'ERR_ELB_HTTP',
        error: expect.objectContaining({
          name: 'ElbHttpError',
          code: 'ERR_ELB_HTTP',
          statusCode: 500,
          // The simulator's request id: 32 hex digits, new for each answer.
          requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
        }),
      }),
    ]);
    expect(simulator.requests.map((r) => r.status)).toEqual([500, 200]);
    expect(out.text()).not.toContain(TOKEN);
  });
});
