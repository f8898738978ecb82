import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from '@jest/globals';

import {
  PollFailedError,
  Waiter,
  classifyCommonError,
  constantBackoff,
  stateSets,
  type JobSource,
} from '../src/index.js';

// The job source of the README's first example, against a real server on 127.0.0.1.

interface Build {
  state: string;
  error?: string;
}

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

function buildSource(api: string): JobSource<Build> {
  return {
    id: 'build-42',
    kind: 'my-ci',
    async poll({ signal }) {
      const response = await fetch(`${api}/builds/42`, { signal });
      if (!response.ok) throw new HttpStatusError(response.status);

      return (await response.json()) as Build;
    },
    classify: stateSets<Build>({
      state: 'state',
      pending: ['queued', 'running'],
      success: ['passed'],
      failure: ['failed'],
      failureDetails: (build) => (build.error === undefined ? {} : { reason: build.error }),
      classifyError: (error) => {
        if (!(error instanceof HttpStatusError)) return classifyCommonError(error);
        if (error.status === 429) return { type: 'throttled' };
        if (error.status === 404) return { type: 'not-found' };

        return error.status >= 500 ? { type: 'transient' } : { type: 'fatal' };
      },
    }),
  };
}

const fast = { minDelayMs: 1, pollRetryDelayMs: 1, backoff: constantBackoff({ delayMs: 1 }) };
let server: Server | undefined;

/** Serves `answers` in order, one per request, the last one again when they run out. */
async function serve(answers: readonly (readonly [number, object])[]): Promise<string> {
  let served = 0;
  server = createServer((_, response) => {
    const [status, body] = answers[Math.min(served++, answers.length - 1)]!;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));

  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

describe('a fetch job source as the README writes it', () => {
  it('retries 503 answers inside the poll and succeeds when the build passes', async () => {
    const api = await serve([
      [503, {}],
      [503, {}],
      [200, { state: 'running' }],
      [200, { state: 'passed' }],
    ]);
    const waiter = new Waiter<Build>(fast);
    const retries: number[] = [];
    waiter.on('retry', ({ retry }) => retries.push(retry));

    const result = await waiter.wait(buildSource(api));

    expect(result).toMatchObject({ observation: { state: 'passed' }, attempts: 2 });
    expect(retries).toEqual([1, 2]);
  });

  it('fails with the build error when the build fails', async () => {
    const api = await serve([[200, { state: 'failed', error: 'tests failed' }]]);

    await expect(new Waiter<Build>(fast).wait(buildSource(api))).rejects.toMatchObject({
      code: 'ERR_JOB_FAILED',
      state: 'failed',
      reason: 'tests failed',
    });
  });

  it('retries a refused connection as transient, then gives up with PollFailedError', async () => {
    const api = await serve([]);
    server!.close();
    const waiter = new Waiter<Build>({ ...fast, maxTransientPolls: 1 });
    let failedPolls = 0;
    waiter.on('poll:end', ({ verdict }) => void (verdict === 'transient' && failedPolls++));

    const error = await waiter.wait(buildSource(api)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PollFailedError);
    expect((error as PollFailedError).consecutiveFailures).toBe(2);
    expect(failedPolls).toBe(2);
  });
});
