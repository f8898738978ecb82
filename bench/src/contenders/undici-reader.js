import { Pool } from 'undici';

import { headersOf } from './job-reader.js';

/**
 * Reads jobs with undici, Node's own HTTP client: a pool of as many connections as got's agent
 * has sockets, the same timeout, no retries.
 *
 * @param {import('./job-reader.js').ReaderContext} context
 * @returns {import('./job-reader.js').JobReader}
 */
export function undiciJobReader(context) {
  const { url, projectId, requestTimeoutMs, maxSockets } = context;
  const pool = new Pool(url, {
    connections: maxSockets,
    headersTimeout: requestTimeoutMs,
    bodyTimeout: requestTimeoutMs,
  });
  const headers = headersOf(context);

  return {
    async read(jobId) {
      const path = `/v1.0/${projectId}/jobs/${jobId}`;
      const { statusCode, body } = await pool.request({ path, method: 'GET', headers });
      if (statusCode === 200) return /** @type {Promise<{ status?: unknown }>} */ (body.json());

      await body.dump();
      throw new Error(`GET ${path} answered HTTP ${statusCode}`);
    },
    close: () => pool.close(),
  };
}
