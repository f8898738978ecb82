import { describe, expect, it } from '@jest/globals';

import { resolveEndpoint } from '../src/endpoint.js';

describe('resolveEndpoint', () => {
  it.each([
    ['huaweicloud', 'cn-north-4', 'https://elb.cn-north-4.myhuaweicloud.com'],
    ['otc', 'eu-de', 'https://elb.eu-de.otc.t-systems.com'],
    ['flexibleengine', 'eu-west-0', 'https://elb.eu-west-0.prod-cloud-ocb.orange-business.com'],
  ] as const)('derives the endpoint of %s in %s', (cloud, region, expected) => {
    expect(resolveEndpoint({ cloud, region })).toBe(expected);
  });

  it('keeps an explicit endpoint, without its trailing slashes', () => {
    expect(resolveEndpoint({ endpoint: 'http://127.0.0.1:8080/' })).toBe('http://127.0.0.1:8080');
    expect(resolveEndpoint({ endpoint: new URL('https://proxy.example/elb//') })).toBe(
      'https://proxy.example/elb',
    );
  });

  it.each([
    ['ftp://elb.example', /http: or https:/],
    ['not a url', /absolute URL/],
    ['https://user:pw@elb.example', /without credentials/],
    ['https://elb.example/?a=1', /without query/],
    ['http://127.0.0.1:8080/v1.0', /drop the trailing \/v1\.0 or \/v1/],
    ['https://proxy.example/elb/v1/', /without the API version path/],
    ['https://proxy.example/elb/V1.0', /without the API version path/],
    [42, /absolute URL/],
  ])('refuses the endpoint %p', (endpoint, message) => {
    expect(() => resolveEndpoint({ endpoint: endpoint as string })).toThrow(TypeError);
    expect(() => resolveEndpoint({ endpoint: endpoint as string })).toThrow(message);
  });

  it.each(['http://127.0.0.1:0', 'https://elb.example:0/prefix', 'http://127.0.0.1:00'])(
    'refuses %p when it names port 0, which would send the request to port 80 or 443',
    (endpoint) => {
      const refuse = () => resolveEndpoint({ endpoint });

      expect(refuse).toThrow(TypeError);
      // The whole message: the URL itself is not echoed.
      expect(refuse).toThrow(
        /^Expected option `endpoint` to be a URL with a port from 1 to 65535$/,
      );
    },
  );

  it('accepts an endpoint when it names a port from 1 to 65535', () => {
    expect(resolveEndpoint({ endpoint: 'http://127.0.0.1:1' })).toBe('http://127.0.0.1:1');
    expect(resolveEndpoint({ endpoint: 'http://127.0.0.1:65535' })).toBe('http://127.0.0.1:65535');
  });

  it('never echoes an endpoint that may hold credentials', () => {
    expect(() => resolveEndpoint({ endpoint: 'https://user:hunter2@elb.example' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  it.each(['EU-DE', 'eu_de', 'eu', 'eu-de/../x', '', 'eu-de.evil.com', 'eu-de '])(
    'refuses the region %p',
    (region) => {
      expect(() => resolveEndpoint({ cloud: 'otc', region })).toThrow(/option `region`/);
    },
  );

  it('refuses an unknown cloud, a missing form, and both forms at once', () => {
    expect(() => resolveEndpoint({ cloud: 'aws' as 'otc', region: 'eu-de' })).toThrow(
      /option `cloud`/,
    );
    expect(() => resolveEndpoint({ region: 'eu-de' })).toThrow(/option `cloud`/);
    expect(() => resolveEndpoint({})).toThrow(TypeError);
    expect(() =>
      resolveEndpoint({ endpoint: 'https://elb.example', cloud: 'otc', region: 'eu-de' }),
    ).toThrow(/not both/);
  });
});
