import { deepFreeze } from './deep-freeze.js';

/**
 * Error bodies of the classic ELB API in both envelopes, keyed by the fixture's name: the API
 * gateway's `{ error_code, error_msg, request_id }` and the service's
 * `{ error: { code, message } }`. Frozen.
 */
export const ERROR_MODELS = deepFreeze({
  'gateway-401-token-expired': {
    error_msg: 'The token must be updated.',
    error_code: 'APIGW.0307',
    request_id: '0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b',
  },
  'gateway-404-api-not-published': {
    error_msg: 'The API does not exist or has not been published in the environment',
    error_code: 'APIGW.0101',
    request_id: '9c4e2f1a7b3d5e6f8a0b1c2d3e4f5a6b',
  },
  'gateway-429-throttled': {
    error_msg:
      'The throttling threshold has been reached: ' +
      'policy user over ratelimit,limit:200,time:5 minute',
    error_code: 'APIGW.0308',
    request_id: '1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c',
  },
  'service-400-invalid-parameter': {
    error: {
      message: 'request parameter is not valid',
      code: 'ELB.1001',
    },
  },
});
