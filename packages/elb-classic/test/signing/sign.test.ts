import { describe, expect, it } from '@jest/globals';

import { signRequest, type SigningCredentials } from '../../src/signing/sign.js';
import { everythingShown } from '../helpers.js';

const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const url = new URL('https://elb.eu-de.otc.t-systems.com/v1.0/p/jobs/j');

describe('signRequest', () => {
  it('signs content-type, x-project-id, x-security-token when the request has them', () => {
    const headers = {
      'X-Sdk-Date': '20240514T081203Z',
      'Content-Type': 'application/json',
      'X-Project-Id': 'p',
      'X-Security-Token': 'st',
      'User-Agent': 'ua',
      Accept: 'application/json',
    };

    expect(signRequest({ method: 'GET', url, headers }, { ak: 'AK1', sk: SK }).signedHeaders).toBe(
      'content-type;host;x-project-id;x-sdk-date;x-security-token',
    );
  });

  it('signs the host of the URL, port included, unless a host header is given', () => {
    const request = { method: 'GET', headers: { 'x-sdk-date': '20240514T081203Z' } };
    const withPort = signRequest(
      { ...request, url: new URL('http://127.0.0.1:8080/') },
      {
        ak: 'AK1',
        sk: SK,
      },
    );
    const withHeader = signRequest(
      { ...request, url, headers: { ...request.headers, Host: 'proxy.example' } },
      { ak: 'AK1', sk: SK },
    );

    expect(withPort.canonicalRequest).toContain('\nhost:127.0.0.1:8080\n');
    expect(withHeader.canonicalRequest).toContain('\nhost:proxy.example\n');
  });

  it('signs the headers named in signedHeaders only', () => {
    const headers = { 'x-sdk-date': '20240514T081203Z', 'content-type': 'application/json' };
    const signed = signRequest(
      { method: 'GET', url, headers },
      { ak: 'AK1', sk: SK },
      {
        signedHeaders: ['X-Sdk-Date'],
      },
    );

    expect(signed.signedHeaders).toBe('x-sdk-date');
  });

  it('refuses to sign a header the request does not have', () => {
    const headers = { 'x-sdk-date': '20240514T081203Z' };

    expect(() =>
      signRequest(
        { method: 'GET', url, headers },
        { ak: 'AK1', sk: SK },
        {
          signedHeaders: ['x-project-id'],
        },
      ),
    ).toThrow('Expected header `x-project-id` to sign to be in the request');
  });

  it.each([{}, { 'x-sdk-date': '2024-05-14T08:12:03Z' }])(
    'refuses a request without a valid X-Sdk-Date (%p)',
    (headers) => {
      expect(() => signRequest({ method: 'GET', url, headers }, { ak: 'AK1', sk: SK })).toThrow(
        /header `X-Sdk-Date`/,
      );
    },
  );

  it.each([
    ['ak', { ak: 'AK 1', sk: SK }],
    ['sk', { ak: 'AK1', sk: '' }],
    ['form', { ak: 'AK1', sk: SK, form: 'v11' }],
    ['region', { ak: 'AK1', sk: SK, form: 'credential' }],
    ['service', { ak: 'AK1', sk: SK, service: 'a/b' }],
  ])('names option `%s` when it is invalid, never showing the SK', (name, credentials) => {
    const headers = { 'x-sdk-date': '20240514T081203Z' };
    let error: unknown;
    try {
      signRequest({ method: 'GET', url, headers }, credentials as SigningCredentials);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(`option \`${name}\``);
    expect(everythingShown(error)).not.toContain(SK);
  });

  it('returns no secret: neither the SK nor a key derived from it', () => {
    const headers = { 'x-sdk-date': '20240514T081203Z' };
    const credentials = { ak: 'AK1', sk: SK, form: 'credential', region: 'eu-de' } as const;

    expect(
      everythingShown(signRequest({ method: 'GET', url, headers }, credentials)),
    ).not.toContain(SK);
  });
});
