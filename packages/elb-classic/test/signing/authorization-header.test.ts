import { describe, expect, it } from '@jest/globals';

import { formatAuthorization, parseAuthorization } from '../../src/signing/authorization-header.js';

const SIGNATURE = '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe';
const SCOPE = '20240514/eu-de/elb/sdk_request';

/** An `Authorization` value from its parts. */
function header(who: string, names = 'host;x-sdk-date', signature = SIGNATURE): string {
  return `SDK-HMAC-SHA256 ${who}, SignedHeaders=${names}, Signature=${signature}`;
}

describe('parseAuthorization', () => {
  it('reads the Access= form', () => {
    expect(parseAuthorization(header('Access=AK1'))).toEqual({
      form: 'access',
      accessKey: 'AK1',
      signedHeaders: ['host', 'x-sdk-date'],
      signature: SIGNATURE,
    });
  });

  it('reads the Credential= form with its scope', () => {
    expect(parseAuthorization(header(`Credential=AK1/${SCOPE}`))).toEqual({
      form: 'credential',
      accessKey: 'AK1',
      day: '20240514',
      region: 'eu-de',
      service: 'elb',
      signedHeaders: ['host', 'x-sdk-date'],
      signature: SIGNATURE,
    });
  });

  it('reads commas without spaces and an upper-case signature, in lower case', () => {
    const value = header('Access=AK1', 'host', SIGNATURE.toUpperCase()).replaceAll(', ', ',');

    expect(parseAuthorization(value)).toMatchObject({ signature: SIGNATURE });
  });

  it.each([
    ['another algorithm', header('Access=AK1').replace('SDK-HMAC', 'AWS4-HMAC')],
    ['the V11 algorithm', header('Credential=AK1/20240514/eu-de/elb').replace('SDK', 'V11')],
    ['no signature', 'SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host'],
    ['a short signature', header('Access=AK1', 'host', 'abc')],
    ['an upper-case header name', header('Access=AK1', 'Host')],
    ['another terminator', header(`Credential=AK1/${SCOPE.replace('sdk_', 'aws4_')}`)],
    ['a short day', header(`Credential=AK1/${SCOPE.slice(1)}`)],
    ['an empty AK', header('Access=')],
  ])('refuses %s', (_, value) => {
    expect(parseAuthorization(value)).toBeUndefined();
  });
});

describe('formatAuthorization', () => {
  it('writes both forms as parseAuthorization reads them', () => {
    const signedHeaders = ['host'];
    const access = { form: 'access', accessKey: 'AK1', signedHeaders, signature: SIGNATURE };
    const scope = { day: '20240514', region: 'eu-de', service: 'elb' };
    const credential = { ...access, ...scope, form: 'credential' } as const;

    expect(formatAuthorization({ ...access, form: 'access' })).toBe(header('Access=AK1', 'host'));
    expect(formatAuthorization(credential)).toBe(header(`Credential=AK1/${SCOPE}`, 'host'));
    expect(parseAuthorization(formatAuthorization(credential))).toEqual(credential);
  });
});
