import { describe, expect, it } from '@jest/globals';

import { credentialsFromEnv } from '@jobwait/elb-classic';

import {
  CREDENTIAL_VARIABLES,
  SECRET_VARIABLES,
  TOKEN_VARIABLES,
  fieldOf,
  secretsIn,
  type CredentialField,
} from '../src/credential-variables.js';

const OS_LOGIN = { OS_USERNAME: 'u', OS_PASSWORD: 'p' };

/** The other half of each user name and password variable's pair, of the same family. */
const OTHER_HALF: Readonly<Record<string, string>> = {
  HW_USER_NAME: 'HW_USER_PASSWORD',
  HW_USER_PASSWORD: 'HW_USER_NAME',
  OS_USERNAME: 'OS_PASSWORD',
  OS_USER_NAME: 'OS_PASSWORD',
  OS_PASSWORD: 'OS_USERNAME',
};

/** Variables that make credentialsFromEnv read `field`, with `variable` set to `value`. */
function envSetting(field: CredentialField, variable: string, value: string) {
  const set = { [variable]: value };

  switch (field) {
    case 'token':
    case 'projectId':
    case 'region':
      return { OS_AUTH_TOKEN: 'tok-1', ...set };
    case 'ak':
    case 'sk':
    case 'securityToken': {
      const index = (CREDENTIAL_VARIABLES[field] as readonly string[]).indexOf(variable);
      const pair = {
        [CREDENTIAL_VARIABLES.ak[index] ?? '']: 'AK1',
        [CREDENTIAL_VARIABLES.sk[index] ?? '']: 'sk-1',
      };
      return { ...pair, ...set };
    }
    case 'username':
    case 'password':
      return {
        [OTHER_HALF[variable] ?? '']: 'x',
        HW_DOMAIN_NAME: 'd',
        OS_PROJECT_ID: 'p-1',
        ...set,
      };
    case 'domainName':
      return { ...OS_LOGIN, OS_PROJECT_ID: 'p-1', ...set };
    case 'projectName':
      return { ...OS_LOGIN, HW_DOMAIN_NAME: 'd', ...set };
    case 'iamEndpoint':
      return { ...OS_LOGIN, HW_DOMAIN_NAME: 'd', OS_PROJECT_ID: 'p-1', ...set };
  }
}

const EVERY_VARIABLE = (Object.keys(CREDENTIAL_VARIABLES) as CredentialField[]).flatMap((field) =>
  CREDENTIAL_VARIABLES[field].map((variable) => [field, variable] as const),
);

describe('CREDENTIAL_VARIABLES', () => {
  it.each(EVERY_VARIABLE)(
    'names a variable that credentialsFromEnv reads for %s: %s',
    (field, variable) => {
      const found = credentialsFromEnv(envSetting(field, variable, 'value-1'));

      expect(found?.variables).toContain(variable);
      expect(fieldOf(variable)).toBe(field);
    },
  );

  it.each(
    (Object.keys(CREDENTIAL_VARIABLES) as CredentialField[]).filter(
      (field) => CREDENTIAL_VARIABLES[field].length > 1,
    ),
  )('lists the variables of %s in the order credentialsFromEnv prefers them', (field) => {
    const [first, ...rest] = CREDENTIAL_VARIABLES[field];
    const env = envSetting(field, first, 'first');

    // Each later variable, set too, loses to the first.
    for (const later of rest) {
      const found = credentialsFromEnv({ ...envSetting(field, later, 'later'), ...env });

      expect(found?.variables).toContain(first);
      expect(found?.variables).not.toContain(later);
    }
  });

  it("puts jobwait's own token variable first", () => {
    expect(TOKEN_VARIABLES).toEqual(['JOBWAIT_AUTH_TOKEN', 'HW_AUTH_TOKEN', 'OS_AUTH_TOKEN']);
  });
});

describe('secretsIn', () => {
  it('gives the value of every token, secret key, security token and password variable', () => {
    const env = Object.fromEntries(EVERY_VARIABLE.map(([, variable]) => [variable, variable]));
    const secrets = secretsIn({
      ...env,
      JOBWAIT_AUTH_TOKEN: 'JOBWAIT_AUTH_TOKEN',
      JOBWAIT_WEBHOOK_SECRET: 'JOBWAIT_WEBHOOK_SECRET',
    });

    expect(secrets.sort()).toEqual(
      [
        'JOBWAIT_AUTH_TOKEN',
        ...CREDENTIAL_VARIABLES.token,
        ...CREDENTIAL_VARIABLES.sk,
        ...CREDENTIAL_VARIABLES.securityToken,
        ...CREDENTIAL_VARIABLES.password,
        'JOBWAIT_WEBHOOK_SECRET',
      ].sort(),
    );
    expect([...SECRET_VARIABLES].sort()).toEqual(secrets);
  });

  it('gives the webhook secret both with and without its whsec_ prefix', () => {
    expect(secretsIn({ JOBWAIT_WEBHOOK_SECRET: 'whsec_c2VjcmV0LWtleS1ieXRlcw==' })).toEqual([
      'whsec_c2VjcmV0LWtleS1ieXRlcw==',
      'c2VjcmV0LWtleS1ieXRlcw==',
    ]);
    expect(secretsIn({ JOBWAIT_WEBHOOK_SECRET: 'c2VjcmV0LWtleS1ieXRlcw==' })).toEqual([
      'c2VjcmV0LWtleS1ieXRlcw==',
    ]);
  });

  it('leaves out variables that are unset or empty', () => {
    expect(secretsIn({ OS_PASSWORD: '', HW_SECRET_KEY: 'sk-1', OS_AUTH_TOKEN: undefined })).toEqual(
      ['sk-1'],
    );
  });
});
