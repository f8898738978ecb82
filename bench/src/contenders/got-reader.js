import { Agent } from 'node:http';

import got from 'got';

import { headersOf } from './job-reader.js';

/**
 * Reads jobs with got, set up as `ElbClient` sets it up: keep-alive agent with the same socket
 * limit, the per-request timeout, no retries of its own.
 *
 * @param {import('./job-reader.js').ReaderContext} context
 * @returns {import('./job-reader.js').JobReader}
 */
export function gotJobReader(context) {
  const { url, projectId, requestTimeoutMs, maxSockets } = context;
  const agent = new Agent({ keepAlive: true, maxSockets });
  const client = got.extend({
    prefixUrl: `${url}/v1.0/${projectId}/jobs`,
    agent: { http: agent },
    headers: headersOf(context),
    retry: { limit: 0 },
    timeout: { request: requestTimeoutMs },
  });

  return {
    read: (jobId) => client.get(jobId).json(),
    close: () => agent.destroy(),
  };
}
