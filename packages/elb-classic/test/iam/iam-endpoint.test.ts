import { describe, expect, it } from '@jest/globals';

import { IAM_CLOUD_HOSTS, resolveIamEndpoint } from '../../src/iam/iam-endpoint.js';

describe('resolveIamEndpoint', () => {
  it.each([
    ['huaweicloud', 'cn-north-4', 'https://iam.cn-north-4.myhuaweicloud.com'],
    ['otc', 'eu-de', 'https://iam.eu-de.otc.t-systems.com'],
    ['flexibleengine', 'eu-west-0', 'https://iam.eu-west-0.prod-cloud-ocb.orange-business.com'],
  ] as const)('derives the endpoint of %s in %s', (cloud, region, expected) => {
    expect(resolveIamEndpoint({ cloud, region })).toBe(expected);
  });

  it('names a host for every cloud the ELB endpoint knows', () => {
    expect(Object.keys(IAM_CLOUD_HOSTS).sort()).toEqual(['flexibleengine', 'huaweicloud', 'otc']);
  });

  it.each([
    ['https://iam.eu-de.otc.t-systems.com/v3', 'https://iam.eu-de.otc.t-systems.com'],
    ['https://iam.eu-de.otc.t-systems.com/', 'https://iam.eu-de.otc.t-systems.com'],
    ['https://proxy.example/iam/v3/', 'https://proxy.example/iam'],
    ['http://127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['http://localhost:5000/v3', 'http://localhost:5000'],
    ['http://[::1]:5000', 'http://[::1]:5000'],
  ])('accepts %s as %s', (iamEndpoint, expected) => {
    expect(resolveIamEndpoint({ iamEndpoint })).toBe(expected);
  });

  it.each([
    ['plain http to a remote host', 'http://iam.eu-de.otc.t-systems.com', /https: URL/],
    ['credentials', 'https://user:secret@iam.example', /without credentials/],
    ['a query', 'https://iam.example/?x=1', /without query/],
    ['port 0', 'https://iam.example:0', /port from 1/],
    ['no URL', 'iam.example', /absolute URL/],
  ])('refuses %s without echoing the URL', (_name, iamEndpoint, message) => {
    const run = () => resolveIamEndpoint({ iamEndpoint });

    expect(run).toThrow(TypeError);
    expect(run).toThrow(message);
    expect(run).not.toThrow(/secret|iam\.example/);
  });

  it.each([
    ['neither form', {}, /option `iamEndpoint`, or options `cloud` and `region`/],
    ['an unknown cloud', { cloud: 'aws', region: 'eu-de' }, /option `cloud`/],
    ['a region of the wrong form', { cloud: 'otc', region: 'EU DE' }, /option `region`/],
    ['a cloud without region', { cloud: 'otc' }, /option `region`/],
  ])('refuses %s', (_name, given, message) => {
    expect(() => resolveIamEndpoint(given as never)).toThrow(message);
  });
});
