import { describe, expect, it } from '@jest/globals';

import {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  hexSha256,
} from '../../src/signing/canonical-request.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('canonicalUri', () => {
  it.each([
    ['/', '/'],
    ['/v1.0/p/jobs/j', '/v1.0/p/jobs/j/'],
    ['/v1.0/p/jobs/j/', '/v1.0/p/jobs/j/'],
    ['/a%20b/%C3%A9', '/a%20b/%C3%A9/'],
    ['/%7e%41%2d', '/~A-/'],
    ['/a%2Fb', '/a%2Fb/'],
    ["/a:b@c/!$&'()*+,;=", '/a%3Ab%40c/%21%24%26%27%28%29%2A%2B%2C%3B%3D/'],
    ['/100%/%zz', '/100%25/%25zz/'],
    ['/%e9', '/%E9/'],
    ['/a//b', '/a//b/'],
  ])('makes %p into %p', (path, canonical) => {
    expect(canonicalUri(path)).toBe(canonical);
  });

  it('adds the trailing slash to the canonical form only, not to the URL', () => {
    const url = new URL('https://elb.example/v1.0/p/jobs/j');

    expect(canonicalUri(url.pathname)).toBe('/v1.0/p/jobs/j/');
    expect(url.pathname).toBe('/v1.0/p/jobs/j');
  });
});

describe('canonicalQuery', () => {
  it.each([
    ['', ''],
    ['?', ''],
    ['?limit=2&marker=m', 'limit=2&marker=m'],
    ['?b=1&a=2&a=1', 'a=1&a=2&b=1'],
    ['?q=a+b&r=a%20b', 'q=a%20b&r=a%20b'],
    ['?flag&x=', 'flag=&x='],
    ['?a=1&&b=2', 'a=1&b=2'],
    ['?%c3%a9=%e2%82%ac', '%C3%A9=%E2%82%AC'],
    ['?k=a%3Db%26c', 'k=a%3Db%26c'],
    ['?k=%7E~', 'k=~~'],
    ['?Z=1&a=1&_=1', 'Z=1&_=1&a=1'],
  ])('makes %p into %p', (search, canonical) => {
    expect(canonicalQuery(search)).toBe(canonical);
  });
});

describe('canonicalHeaders', () => {
  it('lists the signed headers in order with spaces and tabs trimmed from each value', () => {
    const headers = new Map([
      ['content-type', ' application/json\t'],
      ['host', 'elb.example'],
      ['x-sdk-date', '20240514T081203Z'],
      ['user-agent', 'not signed'],
    ]);

    expect(canonicalHeaders(headers, ['content-type', 'host', 'x-sdk-date'])).toBe(
      'content-type:application/json\nhost:elb.example\nx-sdk-date:20240514T081203Z\n',
    );
  });

  it('keeps the spaces inside a value', () => {
    const headers = new Map([['x-a', 'one  two']]);

    expect(canonicalHeaders(headers, ['x-a'])).toBe('x-a:one  two\n');
  });
});

describe('canonicalRequest', () => {
  const headers = new Map([
    ['host', 'elb.example'],
    ['x-sdk-date', '20240514T081203Z'],
  ]);
  const signedHeaders = ['host', 'x-sdk-date'];

  it('joins method, URI, query, headers, signed names and the empty body hash', () => {
    const url = new URL('https://elb.example/v1.0/p/jobs/j?b=2&a=1');
    const text = canonicalRequest({
      method: 'GET',
      url,
      headers,
      signedHeaders,
      body: new Uint8Array(),
    });

    expect(text).toBe(
      [
        'GET',
        '/v1.0/p/jobs/j/',
        'a=1&b=2',
        'host:elb.example\nx-sdk-date:20240514T081203Z\n',
        'host;x-sdk-date',
        EMPTY_SHA256,
      ].join('\n'),
    );
  });

  it('hashes the exact body bytes, not a text made of them', () => {
    const url = new URL('https://elb.example/');
    const body = Uint8Array.from([0xff, 0x00, 0x7b]);
    const text = canonicalRequest({ method: 'POST', url, headers, signedHeaders, body });

    expect(text.split('\n').at(-1)).toBe(hexSha256(body));
    expect(hexSha256(body)).not.toBe(hexSha256(Buffer.from(body).toString('utf8')));
  });
});
