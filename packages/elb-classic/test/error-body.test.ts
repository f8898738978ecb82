import { describe, expect, it } from '@jest/globals';

import { parseErrorBody } from '../src/error-body.js';
import { fixture } from './helpers.js';

describe('parseErrorBody', () => {
  it('reads the gateway envelope with its request id', () => {
    expect(parseErrorBody(fixture('errors/gateway-401-token-expired.json'))).toEqual({
      errorCode: 'APIGW.0307',
      errorMessage: 'The token must be updated.',
      requestId: '0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b',
    });
  });

  it('reads the service envelope', () => {
    expect(parseErrorBody(fixture('errors/service-400-invalid-parameter.json'))).toEqual({
      errorCode: 'ELB.1001',
      errorMessage: 'request parameter is not valid',
    });
  });

  it.each([
    ['gateway-404-api-not-published', 'APIGW.0101'],
    ['gateway-429-throttled', 'APIGW.0308'],
  ])('reads the code of %s', (name, code) => {
    expect(parseErrorBody(fixture(`errors/${name}.json`))).toMatchObject({ errorCode: code });
  });

  it.each([undefined, null, 'text', [], {}, { error: 'x' }, { error_code: 7 }])(
    'finds no envelope in %p',
    (body) => {
      expect(parseErrorBody(body)).toBeUndefined();
    },
  );
});
