import { inspect } from 'node:util';

import { describe, expect, it } from '@jest/globals';

import { akskAuth } from '../src/aksk-auth.js';
import { tokenAuth, type ElbAuth } from '../src/auth.js';
import { credentialsFromEnv, type EnvVariables } from '../src/credentials-from-env.js';
import { iamPasswordTokenProvider } from '../src/iam/password-token-provider.js';
import { startIamServer } from './iam/iam-server.js';

const PASSWORD = 'Pa55word-from-env';
const SK = 'sk-secret-from-env';

/** A sign-in of the OS_* family, complete. */
const OS_LOGIN = {
  OS_USERNAME: 'deployer',
  OS_PASSWORD: PASSWORD,
  OS_DOMAIN_NAME: 'acme-account',
  OS_PROJECT_NAME: 'eu-de',
};

describe('credentialsFromEnv', () => {
  it.each<[string, EnvVariables, object]>([
    ['OS_AUTH_TOKEN', { OS_AUTH_TOKEN: 'tok-os' }, { kind: 'token', token: 'tok-os' }],
    [
      'HW_AUTH_TOKEN before OS_AUTH_TOKEN',
      { OS_AUTH_TOKEN: 'tok-os', HW_AUTH_TOKEN: 'tok-hw' },
      { kind: 'token', token: 'tok-hw', variables: ['HW_AUTH_TOKEN'] },
    ],
    [
      'the SDK pair',
      { HUAWEICLOUD_SDK_AK: 'ak-sdk', HUAWEICLOUD_SDK_SK: SK },
      {
        kind: 'aksk',
        ak: 'ak-sdk',
        sk: SK,
        variables: ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'],
      },
    ],
    [
      'the HW_ pair with its security token',
      { HW_ACCESS_KEY: 'ak-hw', HW_SECRET_KEY: SK, HW_SECURITY_TOKEN: 'st-hw' },
      { kind: 'aksk', ak: 'ak-hw', sk: SK, securityToken: 'st-hw' },
    ],
    [
      'the OS_ pair with its security token',
      { OS_ACCESS_KEY: 'ak-os', OS_SECRET_KEY: SK, OS_SECURITY_TOKEN: 'st-os' },
      { kind: 'aksk', ak: 'ak-os', securityToken: 'st-os' },
    ],
    [
      'the SDK pair before the HW_ and OS_ pairs',
      {
        OS_ACCESS_KEY: 'ak-os',
        OS_SECRET_KEY: SK,
        HW_ACCESS_KEY: 'ak-hw',
        HW_SECRET_KEY: SK,
        HUAWEICLOUD_SDK_AK: 'ak-sdk',
        HUAWEICLOUD_SDK_SK: SK,
      },
      { kind: 'aksk', ak: 'ak-sdk' },
    ],
    [
      'a token before a key pair and a password',
      { ...OS_LOGIN, OS_ACCESS_KEY: 'ak-os', OS_SECRET_KEY: SK, OS_AUTH_TOKEN: 'tok-os' },
      { kind: 'token', token: 'tok-os' },
    ],
    [
      'a key pair before a password',
      { ...OS_LOGIN, HW_ACCESS_KEY: 'ak-hw', HW_SECRET_KEY: SK },
      { kind: 'aksk', ak: 'ak-hw' },
    ],
    [
      'an OS_ password sign-in',
      { ...OS_LOGIN, OS_AUTH_URL: 'https://iam.eu-de.otc.t-systems.com/v3' },
      {
        kind: 'password',
        username: 'deployer',
        password: PASSWORD,
        domainName: 'acme-account',
        projectName: 'eu-de',
        iamEndpoint: 'https://iam.eu-de.otc.t-systems.com/v3',
        variables: [
          'OS_USERNAME',
          'OS_PASSWORD',
          'OS_DOMAIN_NAME',
          'OS_PROJECT_NAME',
          'OS_AUTH_URL',
        ],
      },
    ],
    [
      'an HW_ password sign-in before an OS_ one',
      {
        ...OS_LOGIN,
        HW_USER_NAME: 'hw-user',
        HW_USER_PASSWORD: PASSWORD,
        HW_DOMAIN_NAME: 'hw-account',
      },
      { kind: 'password', username: 'hw-user', domainName: 'hw-account' },
    ],
    [
      'OS_USER_NAME and OS_USER_DOMAIN_NAME, as Flexible Engine reads them',
      {
        OS_USER_NAME: 'fe-user',
        OS_PASSWORD: PASSWORD,
        OS_USER_DOMAIN_NAME: 'fe-account',
        OS_TENANT_NAME: 'eu-west-0',
      },
      { kind: 'password', username: 'fe-user', domainName: 'fe-account', projectName: 'eu-west-0' },
    ],
  ])('reads %s', (_name, env, expected) => {
    expect(credentialsFromEnv(env)).toMatchObject(expected);
  });

  it('adds the region and the project id to any result', () => {
    const found = credentialsFromEnv({
      OS_AUTH_TOKEN: 'tok-os',
      OS_REGION_NAME: 'eu-de',
      HW_REGION_NAME: 'eu-nl',
      OS_PROJECT_ID: 'p-os',
    });

    expect(found).toEqual({
      kind: 'token',
      token: 'tok-os',
      region: 'eu-nl',
      projectId: 'p-os',
      variables: ['OS_AUTH_TOKEN', 'HW_REGION_NAME', 'OS_PROJECT_ID'],
    });
  });

  it('scopes a password sign-in by project id, not name, when both are set', () => {
    const found = credentialsFromEnv({ ...OS_LOGIN, HW_PROJECT_ID: 'p-hw' });

    expect(found).toMatchObject({ kind: 'password', projectId: 'p-hw' });
    expect(found).not.toHaveProperty('projectName');
  });

  it.each<[string, EnvVariables]>([
    ['no variable is set', {}],
    [
      'every value is empty',
      { OS_AUTH_TOKEN: '', OS_ACCESS_KEY: '', OS_SECRET_KEY: '', OS_PASSWORD: '' },
    ],
    ['only a region and a project are set', { OS_REGION_NAME: 'eu-de', OS_PROJECT_ID: 'p' }],
  ])('finds no credentials when %s', (_name, env) => {
    expect(credentialsFromEnv(env)).toBeUndefined();
  });

  it.each<[string, EnvVariables, RegExp]>([
    [
      'an access key alone',
      { HW_ACCESS_KEY: 'ak-hw' },
      /HW_ACCESS_KEY is set without HW_SECRET_KEY/,
    ],
    ['a secret key alone', { OS_SECRET_KEY: SK }, /OS_SECRET_KEY is set without OS_ACCESS_KEY/],
    [
      'keys of two families',
      { HW_ACCESS_KEY: 'ak-hw', OS_SECRET_KEY: SK },
      /HW_ACCESS_KEY is set without HW_SECRET_KEY/,
    ],
    [
      'a security token alone',
      { HUAWEICLOUD_SDK_SECURITY_TOKEN: 'st' },
      /HUAWEICLOUD_SDK_SECURITY_TOKEN is set without HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK/,
    ],
    [
      'a half pair beside a token that would win',
      { OS_AUTH_TOKEN: 'tok-os', OS_ACCESS_KEY: 'ak-os' },
      /OS_ACCESS_KEY is set without OS_SECRET_KEY/,
    ],
    ['a user name alone', { OS_USERNAME: 'deployer' }, /OS_USERNAME is set without OS_PASSWORD/],
    [
      'a password alone',
      { OS_PASSWORD: PASSWORD },
      /OS_PASSWORD is set without OS_USERNAME or OS_USER_NAME/,
    ],
    [
      'an HW_ password alone',
      { HW_USER_PASSWORD: PASSWORD },
      /HW_USER_PASSWORD is set without HW_USER_NAME/,
    ],
    [
      'a sign-in without account',
      { ...OS_LOGIN, OS_DOMAIN_NAME: undefined },
      /no account name: set HW_DOMAIN_NAME, OS_DOMAIN_NAME/,
    ],
    [
      'a sign-in without project',
      { ...OS_LOGIN, OS_PROJECT_NAME: '' },
      /no project: set one of HUAWEICLOUD_SDK_PROJECT_ID/,
    ],
  ])('refuses %s with a TypeError naming the variables', (_name, env, message) => {
    const run = () => credentialsFromEnv(env);

    expect(run).toThrow(TypeError);
    expect(run).toThrow(message);
  });

  it('never shows a value in its errors', () => {
    const env = { OS_SECRET_KEY: SK, OS_PASSWORD: PASSWORD, HW_SECURITY_TOKEN: 'st-secret' };

    for (const partial of Object.entries(env)) {
      const run = () => credentialsFromEnv(Object.fromEntries([partial]));
      expect(run).toThrow(TypeError);
      expect(run).not.toThrow(partial[1]);
    }
  });

  it('shows [redacted] for secrets in its JSON and inspection, and spreads them whole', () => {
    const found = credentialsFromEnv({ ...OS_LOGIN, OS_ACCESS_KEY: 'ak', OS_SECRET_KEY: SK });
    const login = credentialsFromEnv(OS_LOGIN);

    for (const result of [found, login]) {
      const shown = `${JSON.stringify(result)}\n${inspect(result)}`;
      expect(shown).toContain('[redacted]');
      expect(shown).not.toContain(SK);
      expect(shown).not.toContain(PASSWORD);
    }
    expect({ ...found }).toMatchObject({ sk: SK });
    expect({ ...login }).toMatchObject({ password: PASSWORD });
    expect(Object.keys({ ...login })).not.toContain('toJSON');
  });

  it('reads process.env when given nothing', () => {
    const saved = process.env['HW_AUTH_TOKEN'];
    process.env['HW_AUTH_TOKEN'] = 'tok-process';

    try {
      expect(credentialsFromEnv()).toMatchObject({ kind: 'token', token: 'tok-process' });
    } finally {
      if (saved === undefined) delete process.env['HW_AUTH_TOKEN'];
      else process.env['HW_AUTH_TOKEN'] = saved;
    }
  });

  it('refuses an env that is not an object', () => {
    expect(() => credentialsFromEnv(null as unknown as EnvVariables)).toThrow(/option `env`/);
  });

  it.each<[string, EnvVariables, object]>([
    ['a token', { OS_AUTH_TOKEN: 'tok-os' }, { 'x-auth-token': 'tok-os' }],
    [
      'access keys',
      { OS_ACCESS_KEY: 'AKIDEXAMPLE0000000001', OS_SECRET_KEY: SK, OS_SECURITY_TOKEN: 'st-tmp' },
      {
        'x-security-token': 'st-tmp',
        authorization: expect.stringMatching(/^SDK-HMAC-SHA256 Access=AKIDEXAMPLE0000000001,/),
      },
    ],
    ['a password', OS_LOGIN, { 'x-auth-token': 'token-1' }],
  ])('gives parts that build an auth from %s, as the README shows', async (_name, env, headers) => {
    const iam = await startIamServer();
    const request = { method: 'GET', url: new URL('https://elb.example/'), headers: {} };

    try {
      const auth = authFromEnv({ ...env, OS_AUTH_URL: `${iam.url}/v3` });

      await expect(auth?.authorize({ ...request, body: new Uint8Array() })).resolves.toMatchObject(
        headers,
      );
    } finally {
      await iam.close();
    }
  });
});

/** The README's example, reading `env`. */
function authFromEnv(env: EnvVariables): ElbAuth | undefined {
  const found = credentialsFromEnv(env);

  switch (found?.kind) {
    case 'token':
      return tokenAuth(found.token);
    case 'aksk':
      return akskAuth(found);
    case 'password': {
      const { username, password, domainName, projectId, projectName, iamEndpoint } = found;
      const where = iamEndpoint ? { iamEndpoint } : { cloud: 'otc' as const, region: found.region };
      const signIn = { username, password, domainName, projectId, projectName, ...where };

      return tokenAuth(iamPasswordTokenProvider(signIn));
    }
  }
}
