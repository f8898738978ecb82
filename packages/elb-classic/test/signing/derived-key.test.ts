import { createHash, createHmac } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { credentialScope, deriveSigningKey } from '../../src/signing/derived-key.js';
import { signRequest } from '../../src/signing/sign.js';

const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

describe('deriveSigningKey', () => {
  it('chains HMAC-SHA256 from "SDK" + SK over day, region, service and sdk_request', () => {
    const expected = hmac(hmac(hmac(hmac(`SDK${SK}`, '20240514'), 'eu-de'), 'elb'), 'sdk_request');

    expect(deriveSigningKey(SK, '20240514', 'eu-de', 'elb').equals(expected)).toBe(true);
  });

  it('gives another key for another day, region or service', () => {
    const key = deriveSigningKey(SK, '20240514', 'eu-de', 'elb').toString('hex');

    expect(deriveSigningKey(SK, '20240515', 'eu-de', 'elb').toString('hex')).not.toBe(key);
    expect(deriveSigningKey(SK, '20240514', 'eu-nl', 'elb').toString('hex')).not.toBe(key);
    expect(deriveSigningKey(SK, '20240514', 'eu-de', 'vpc').toString('hex')).not.toBe(key);
  });
});

describe('credentialScope', () => {
  it('ends in sdk_request', () => {
    expect(credentialScope('20240514', 'eu-de', 'elb')).toBe('20240514/eu-de/elb/sdk_request');
  });
});

describe('signRequest in the credential form', () => {
  const request = {
    method: 'GET',
    url: new URL('https://elb.eu-de.otc.t-systems.com/v1.0/p/jobs/j'),
    headers: { 'content-type': 'application/json', 'x-sdk-date': '20240514T235959Z' },
  };

  it('signs the scope line with the derived key and names the scope in Authorization', () => {
    const credentials = { ak: 'AK1', sk: SK, form: 'credential', region: 'eu-de' } as const;
    const signed = signRequest(request, credentials);
    const canonicalSha256 = createHash('sha256').update(signed.canonicalRequest).digest('hex');
    const stringToSign = [
      'SDK-HMAC-SHA256',
      '20240514T235959Z',
      '20240514/eu-de/elb/sdk_request',
      canonicalSha256,
    ].join('\n');
    const key = deriveSigningKey(SK, '20240514', 'eu-de', 'elb');

    expect(signed.stringToSign).toBe(stringToSign);
    expect(signed.signature).toBe(createHmac('sha256', key).update(stringToSign).digest('hex'));
    expect(signed.authorization).toBe(
      'SDK-HMAC-SHA256 Credential=AK1/20240514/eu-de/elb/sdk_request, ' +
        `SignedHeaders=content-type;host;x-sdk-date, Signature=${signed.signature}`,
    );
  });

  it('uses the service given', () => {
    const credentials = { ak: 'AK1', sk: SK, form: 'credential', region: 'eu-de', service: 'apig' };
    const signed = signRequest(request, credentials as const);

    expect(signed.authorization).toContain('Credential=AK1/20240514/eu-de/apig/sdk_request,');
  });

  it('signs the same request differently from the access form', () => {
    const access = signRequest(request, { ak: 'AK1', sk: SK });
    const credential = signRequest(request, { ak: 'AK1', sk: SK, form: 'credential', region: 'x' });

    expect(credential.canonicalRequest).toBe(access.canonicalRequest);
    expect(credential.signature).not.toBe(access.signature);
  });
});
