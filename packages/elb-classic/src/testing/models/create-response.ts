import { deepFreeze } from './deep-freeze.js';

/**
 * What a job-creating call answers. Its `uri` names a `/v1/` path; the job is still polled at
 * `/v1.0/`. Frozen.
 */
export const CREATE_RESPONSE_MODEL = deepFreeze({
  uri: '/v1/3f0c9a1e6b7d4c2a9e8f1a2b3c4d5e6f/jobs/ff8080827a1b2c3d017a1b2c3d4e0001',
  job_id: 'ff8080827a1b2c3d017a1b2c3d4e0001',
});
