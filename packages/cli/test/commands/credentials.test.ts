import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { DEFAULT_PROJECT_ID, type Simulator } from '@jobwait/elb-classic/testing';

import { FAST, KEY_PAIRS, TOKEN, addJob, runMain, startTestSimulator } from '../helpers.js';
import {
  issued,
  startIamServer,
  startRecordingProxy,
  type ProxiedRequest,
  type SignIn,
  type TestServer,
} from '../servers.js';

let sim: Simulator;
let proxy: TestServer<ProxiedRequest>;
/** How many requests each server of this file has received so far. */
const counters: (() => number)[] = [];

beforeAll(async () => {
  sim = await startTestSimulator();
  proxy = await startRecordingProxy(sim.url);
  counters.push(() => sim.requests.length);
});

afterAll(async () => {
  await proxy.close();
  await sim.close();
});

const OTHER_TOKEN = 'other-token-90b1d7e2c4';
const WRONG_SK = 'wrong-sk-5a0e8c13f79d';
const SECURITY_TOKEN = 'security-token-d41c07e9b3a5';

/** `jobwait elb-classic wait <jobId>` through the proxy, quiet, without a project id. */
function wait(jobId: string, ...extra: string[]): string[] {
  return ['elb-classic', 'wait', jobId, '--endpoint', proxy.url, ...FAST, '-q', ...extra];
}

/** {@link wait} of a new job that succeeds, with `--project-id`. */
function waitForSuccess(...extra: string[]): string[] {
  return wait(addJob(sim, 'success'), '--project-id', sim.projectId, ...extra);
}

/** The headers of the last request the proxy passed on to the simulator. */
function lastSent(): ProxiedRequest['headers'] {
  return proxy.received.at(-1)?.headers ?? {};
}

/** Runs `argv`, expecting a usage error before any request; returns its one line. */
async function usage(argv: string[], env: Record<string, string>, secrets: string[] = []) {
  const before = counters.map((count) => count());
  const result = await runMain(argv, { env, secrets });

  expect(result).toMatchObject({ code: 2, stdout: '' });
  expect(counters.map((count) => count())).toEqual(before);
  expect(result.stderr).toHaveLength(1);

  return result.stderr[0];
}

describe('elb-classic wait with a token', () => {
  it.each(['JOBWAIT_AUTH_TOKEN', 'HW_AUTH_TOKEN', 'OS_AUTH_TOKEN'])(
    'sends the token of %s as X-Auth-Token',
    async (variable) => {
      const { code } = await runMain(waitForSuccess(), { env: { [variable]: TOKEN } });

      expect(code).toBe(0);
      expect(lastSent()['x-auth-token']).toBe(TOKEN);
      expect(lastSent().authorization).toBeUndefined();
    },
  );

  it.each([
    [
      'JOBWAIT_AUTH_TOKEN before HW_AUTH_TOKEN and OS_AUTH_TOKEN',
      { JOBWAIT_AUTH_TOKEN: TOKEN, HW_AUTH_TOKEN: OTHER_TOKEN, OS_AUTH_TOKEN: OTHER_TOKEN },
    ],
    ['HW_AUTH_TOKEN before OS_AUTH_TOKEN', { HW_AUTH_TOKEN: TOKEN, OS_AUTH_TOKEN: OTHER_TOKEN }],
    [
      'OS_AUTH_TOKEN when the others are empty',
      { JOBWAIT_AUTH_TOKEN: '', HW_AUTH_TOKEN: '', OS_AUTH_TOKEN: TOKEN },
    ],
    [
      'a token before an access key pair',
      { OS_AUTH_TOKEN: TOKEN, HW_ACCESS_KEY: KEY_PAIRS.hw.ak, HW_SECRET_KEY: KEY_PAIRS.hw.sk },
    ],
  ])('uses %s', async (_order, env) => {
    const { code } = await runMain(waitForSuccess(), { env });

    expect(code).toBe(0);
    expect(lastSent()['x-auth-token']).toBe(TOKEN);
    expect(lastSent().authorization).toBeUndefined();
  });

  it('exits 2 naming JOBWAIT_AUTH_TOKEN when its token cannot be sent as a header', async () => {
    const line = await usage(waitForSuccess(), { JOBWAIT_AUTH_TOKEN: 'has space' });

    expect(line).toBe(
      'jobwait: Expected JOBWAIT_AUTH_TOKEN to be a non-empty string of printable ASCII ' +
        'characters',
    );
  });

  it('exits 2 naming the variable when --signing is given with a token', async () => {
    const line = await usage(waitForSuccess('--signing', 'access'), { HW_AUTH_TOKEN: TOKEN });

    expect(line).toBe(
      'jobwait: --signing is for access keys only, but the credentials are a token ' +
        '(from HW_AUTH_TOKEN); leave --signing out',
    );
  });
});

/** The access key variables of each family, set to the pair the simulator knows for it. */
const FAMILIES = [
  ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', KEY_PAIRS.sdk],
  ['HW_ACCESS_KEY', 'HW_SECRET_KEY', KEY_PAIRS.hw],
  ['OS_ACCESS_KEY', 'OS_SECRET_KEY', KEY_PAIRS.os],
] as const;

/** The `Authorization` header of `ak` in the `access` form. */
function accessForm(ak: string): RegExp {
  return new RegExp(
    `^SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$`,
  );
}

/** The `Authorization` header of `ak` in the `credential` form, scoped to `region`. */
function credentialForm(ak: string, region: string): RegExp {
  return new RegExp(
    `^SDK-HMAC-SHA256 Credential=${ak}/\\d{8}/${region}/elb/sdk_request, ` +
      'SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$',
  );
}

describe('elb-classic wait with access keys', () => {
  const cases = FAMILIES.flatMap(([akName, skName, pair]) => [
    { akName, skName, pair, flags: [], form: accessForm(pair.ak) },
    { akName, skName, pair, flags: ['--signing', 'access'], form: accessForm(pair.ak) },
    {
      akName,
      skName,
      pair,
      flags: ['--signing', 'credential', '--region', 'eu-de'],
      form: credentialForm(pair.ak, 'eu-de'),
    },
  ]);

  it.each(cases)(
    'signs with $akName and $skName, and the simulator accepts, given $flags',
    async ({ akName, skName, pair, flags, form }) => {
      const env = { [akName]: pair.ak, [skName]: pair.sk };
      const { code } = await runMain(waitForSuccess(...flags), { env });

      expect(code).toBe(0);
      expect(lastSent().authorization).toMatch(form);
      expect(lastSent()['x-project-id']).toBe(sim.projectId);
      expect(lastSent()['x-auth-token']).toBeUndefined();
    },
  );

  it.each([
    ['HUAWEICLOUD_SDK_* before HW_* and OS_*', FAMILIES, KEY_PAIRS.sdk.ak],
    ['HW_* before OS_*', FAMILIES.slice(1), KEY_PAIRS.hw.ak],
  ])('uses %s', async (_order, families, ak) => {
    const env = Object.fromEntries(
      families.flatMap(([akName, skName, pair]) => [
        [akName, pair.ak],
        [skName, pair.sk],
      ]),
    );
    const { code } = await runMain(waitForSuccess(), { env });

    expect(code).toBe(0);
    expect(lastSent().authorization).toMatch(accessForm(ak));
  });

  it('sends and signs the security token of temporary keys', async () => {
    const { ak, sk } = KEY_PAIRS.hw;
    const env = { HW_ACCESS_KEY: ak, HW_SECRET_KEY: sk, HW_SECURITY_TOKEN: SECURITY_TOKEN };
    const { code } = await runMain(waitForSuccess(), { env });

    expect(code).toBe(0);
    expect(lastSent()['x-security-token']).toBe(SECURITY_TOKEN);
    expect(lastSent().authorization).toMatch(/ SignedHeaders=[a-z;-]*x-security-token[a-z;-]*,/);
  });

  it.each([
    ['the region of the environment', { OS_REGION_NAME: 'eu-nl' }, [], 'eu-nl'],
    [
      'HW_REGION_NAME before OS_REGION_NAME',
      { HW_REGION_NAME: 'eu-de', OS_REGION_NAME: 'eu-nl' },
      [],
      'eu-de',
    ],
    ['--region over the environment', { HW_REGION_NAME: 'eu-nl' }, ['--region', 'eu-de'], 'eu-de'],
  ])('scopes the credential form to %s', async (_source, regionEnv, flags, region) => {
    const { ak, sk } = KEY_PAIRS.os;
    const env = { OS_ACCESS_KEY: ak, OS_SECRET_KEY: sk, ...regionEnv };
    const { code } = await runMain(waitForSuccess('--signing', 'credential', ...flags), { env });

    expect(code).toBe(0);
    expect(lastSent().authorization).toMatch(credentialForm(ak, region));
  });

  it('exits 2 naming where a region comes from when the credential form has none', async () => {
    const env = { OS_ACCESS_KEY: KEY_PAIRS.os.ak, OS_SECRET_KEY: KEY_PAIRS.os.sk };

    expect(await usage(waitForSuccess('--signing', 'credential'), env)).toBe(
      'jobwait: --signing credential needs a region: give --region, or set HW_REGION_NAME or ' +
        'OS_REGION_NAME',
    );
  });

  it('exits 4 with the gateway answer, showing no secret, when the SK is wrong', async () => {
    const env = { HUAWEICLOUD_SDK_AK: KEY_PAIRS.sdk.ak, HUAWEICLOUD_SDK_SK: WRONG_SK };
    const { code, stdout, stderr } = await runMain(waitForSuccess(), { env });

    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(stderr).toEqual([
      expect.stringMatching(
        /answered HTTP 401 \(APIGW\.0301: Incorrect IAM authentication information: verify aksk /,
      ),
    ]);
  });
});

describe('elb-classic wait with a pair set by half', () => {
  const { ak, sk } = KEY_PAIRS.hw;

  it.each([
    [{ HUAWEICLOUD_SDK_AK: ak }, 'HUAWEICLOUD_SDK_AK is set without HUAWEICLOUD_SDK_SK'],
    [{ OS_SECRET_KEY: sk }, 'OS_SECRET_KEY is set without OS_ACCESS_KEY'],
    [{ HW_ACCESS_KEY: ak, OS_SECRET_KEY: sk }, 'HW_ACCESS_KEY is set without HW_SECRET_KEY'],
    [
      { HW_SECURITY_TOKEN: SECURITY_TOKEN },
      'HW_SECURITY_TOKEN is set without HW_ACCESS_KEY and HW_SECRET_KEY',
    ],
    [{ OS_USERNAME: 'deployer' }, 'OS_USERNAME is set without OS_PASSWORD'],
    [{ HW_USER_PASSWORD: 'pass-word-0c4e' }, 'HW_USER_PASSWORD is set without HW_USER_NAME'],
    [
      { JOBWAIT_AUTH_TOKEN: TOKEN, OS_ACCESS_KEY: ak },
      'OS_ACCESS_KEY is set without OS_SECRET_KEY',
    ],
  ])('exits 2 naming the variables, not their values, when %j is set', async (env, named) => {
    expect(await usage(waitForSuccess(), env)).toBe(
      `jobwait: Environment variable ${named}: set both, or neither`,
    );
  });
});

describe('elb-classic wait project id and region', () => {
  it.each(['HUAWEICLOUD_SDK_PROJECT_ID', 'HW_PROJECT_ID', 'OS_PROJECT_ID', 'OS_TENANT_ID'])(
    'waits in the project of %s when --project-id is absent',
    async (variable) => {
      const id = addJob(sim, 'success');
      const env = { JOBWAIT_AUTH_TOKEN: TOKEN, [variable]: sim.projectId };
      const { code } = await runMain(wait(id), { env });

      expect(code).toBe(0);
      expect(proxy.received.at(-1)?.path).toBe(`/v1.0/${sim.projectId}/jobs/${id}`);
    },
  );

  it.each([
    [
      '--project-id over the environment',
      ['--project-id', DEFAULT_PROJECT_ID],
      { HUAWEICLOUD_SDK_PROJECT_ID: 'other' },
    ],
    [
      'HUAWEICLOUD_SDK_PROJECT_ID before the other variables',
      [],
      { HUAWEICLOUD_SDK_PROJECT_ID: DEFAULT_PROJECT_ID, HW_PROJECT_ID: 'x', OS_PROJECT_ID: 'y' },
    ],
    ['HW_PROJECT_ID before OS_*', [], { HW_PROJECT_ID: DEFAULT_PROJECT_ID, OS_PROJECT_ID: 'x' }],
    [
      'OS_PROJECT_ID before OS_TENANT_ID',
      [],
      { OS_PROJECT_ID: DEFAULT_PROJECT_ID, OS_TENANT_ID: 'x' },
    ],
  ])('takes %s', async (_order, flags, projectEnv) => {
    const id = addJob(sim, 'success');
    const env = { JOBWAIT_AUTH_TOKEN: TOKEN, ...projectEnv };
    const { code } = await runMain(wait(id, ...flags), { env });

    expect(code).toBe(0);
    expect(proxy.received.at(-1)?.path).toBe(`/v1.0/${sim.projectId}/jobs/${id}`);
  });

  it('exits 2 naming the variable when its project id is not an id', async () => {
    const env = { JOBWAIT_AUTH_TOKEN: TOKEN, OS_TENANT_ID: 'a b' };

    expect(await usage(wait('job-1'), env)).toMatch(
      /^jobwait: Expected OS_TENANT_ID to be an id without /,
    );
  });

  it.each([
    ['the region of the environment', [], { OS_REGION_NAME: 'EU' }, 'OS_REGION_NAME'],
    ['--region over the environment', ['--region', 'EU'], { HW_REGION_NAME: 'eu-de' }, '--region'],
  ])('derives the endpoint from %s, naming where a bad region came from', async (...given) => {
    const [, flags, regionEnv, named] = given;
    const argv = ['elb-classic', 'wait', 'job-1', '--project-id', 'p', '--cloud', 'otc', ...flags];

    expect(await usage(argv, { JOBWAIT_AUTH_TOKEN: TOKEN, ...regionEnv })).toBe(
      `jobwait: Expected ${named} to be a region name such as 'eu-de', got "EU"`,
    );
  });

  it('exits 2 naming --region and its variables when --cloud has no region', async () => {
    const argv = ['elb-classic', 'wait', 'job-1', '--project-id', 'p', '--cloud', 'otc'];

    expect(await usage(argv, { JOBWAIT_AUTH_TOKEN: TOKEN })).toBe(
      'jobwait: Missing --region, which --cloud otc needs; give it, or set HW_REGION_NAME or ' +
        'OS_REGION_NAME',
    );
  });
});

describe('elb-classic wait without credentials', () => {
  it('exits 2 before any request listing the variables of each kind', async () => {
    expect(await usage(waitForSuccess(), { OS_PROJECT_ID: 'p', OS_REGION_NAME: 'eu-de' })).toBe(
      'jobwait: No credentials: set JOBWAIT_AUTH_TOKEN (or HW_AUTH_TOKEN, OS_AUTH_TOKEN) to an ' +
        'IAM token; or an access key pair: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, ' +
        'HW_ACCESS_KEY and HW_SECRET_KEY, or OS_ACCESS_KEY and OS_SECRET_KEY; or a user name ' +
        'and password: HW_USER_NAME and HW_USER_PASSWORD, or OS_USERNAME and OS_PASSWORD; ' +
        'see `jobwait elb-classic wait --help`',
    );
  });
});

describe('elb-classic wait credential flags', () => {
  const VALUE = 'flag-value-2e7b90c4a1';

  it.each([
    [['--sk', VALUE], 'Access keys are never given as flags (--sk)'],
    [[`--secret-key=${VALUE}`], 'Access keys are never given as flags (--secret-key)'],
    [['--OS_PASSWORD', VALUE], 'A password is never given as a flag (--OS_PASSWORD)'],
    [['--', `--token=${VALUE}`], 'The token is never given as a flag (--token)'],
  ])('refuses %j without echoing the value', async (flags, refusal) => {
    const line = await usage(waitForSuccess(...flags), { JOBWAIT_AUTH_TOKEN: TOKEN }, [VALUE]);

    expect(line?.slice(0, line.indexOf('; set '))).toBe(`jobwait: ${refusal}`);
  });
});

describe('elb-classic wait with a password sign-in', () => {
  const ISSUED = 'issued-token-3c9e71a0d5b2f846';
  const PASSWORD = 'pass-word-7e1c40b9';
  let iamSim: Simulator;
  let iam: TestServer<SignIn>;

  beforeAll(async () => {
    iamSim = await startTestSimulator({ token: ISSUED });
    iam = await startIamServer(issued(ISSUED));
    counters.push(
      () => iamSim.requests.length,
      () => iam.received.length,
    );
  });

  afterAll(async () => {
    await iam.close();
    await iamSim.close();
  });

  /**
   * An OpenStack-style sign-in at the test IAM server, for the project of `iamSim`, without
   * the variable `unset` if given.
   */
  function login(unset?: string): Record<string, string> {
    const env: Record<string, string> = {
      OS_USERNAME: 'deployer',
      OS_PASSWORD: PASSWORD,
      OS_USER_DOMAIN_NAME: 'acme-account',
      OS_AUTH_URL: `${iam.url}/v3`,
      OS_PROJECT_ID: iamSim.projectId,
    };
    if (unset !== undefined) delete env[unset];

    return env;
  }

  function waitIn(target: Simulator, jobId: string, ...extra: string[]): string[] {
    return ['elb-classic', 'wait', jobId, '--endpoint', target.url, ...FAST, '-q', ...extra];
  }

  it('signs in scoped to the project, waits with the issued token, and redacts it', async () => {
    const reason = `quota exceeded for token ${ISSUED}`;
    const timeline = [{ status: 'FAIL', errorCode: 'ELB.1009', failReason: reason }];
    const id = iamSim.addJob({ jobType: 'createELB', timeline }).job_id;
    const before = iam.received.length;
    const { code, stdout, stderr } = await runMain(waitIn(iamSim, id), {
      env: login(),
      secrets: [ISSUED],
    });

    expect(code).toBe(1);
    expect(stderr).toEqual([expect.stringContaining(': quota exceeded for token [redacted]')]);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'FAIL',
      fail_reason: 'quota exceeded for token [redacted]',
    });
    expect(iam.received.slice(before)).toMatchObject([{ path: '/v3/auth/tokens?nocatalog=true' }]);
    expect(iam.received.at(-1)?.body).toMatchObject({
      auth: {
        identity: { password: { user: { name: 'deployer', password: PASSWORD } } },
        scope: { project: { id: iamSim.projectId } },
      },
    });
    expect(iam.received.at(-1)?.body).toHaveProperty(
      'auth.identity.password.user.domain.name',
      'acme-account',
    );
  });

  it('reads HW_USER_NAME and HW_USER_PASSWORD before the OS_ family', async () => {
    const env = { ...login(), HW_USER_NAME: 'hw-deployer', HW_USER_PASSWORD: 'hw-pass-58e2a1' };
    const { code } = await runMain(waitIn(iamSim, addJob(iamSim, 'success')), {
      env,
      secrets: [ISSUED],
    });

    expect(code).toBe(0);
    expect(iam.received.at(-1)?.body).toMatchObject({
      auth: {
        identity: { password: { user: { name: 'hw-deployer', password: 'hw-pass-58e2a1' } } },
      },
    });
  });

  it('uses an access key pair before a password sign-in', async () => {
    const before = iam.received.length;
    const env = { ...login(), OS_ACCESS_KEY: KEY_PAIRS.os.ak, OS_SECRET_KEY: KEY_PAIRS.os.sk };
    const { code } = await runMain(waitIn(iamSim, addJob(iamSim, 'success')), { env });

    expect(code).toBe(0);
    expect(iam.received.length).toBe(before);
  });

  it('exits 4 without showing the password when IAM refuses the sign-in', async () => {
    const body = { error: { code: 401, title: 'Unauthorized', message: `bad ${PASSWORD}` } };
    const refusing = await startIamServer({ statusCode: 401, body });
    const env = { ...login(), OS_AUTH_URL: refusing.url };

    try {
      const { code, stdout, stderr } = await runMain(waitIn(iamSim, addJob(iamSim, 'success')), {
        env,
      });

      expect(code).toBe(4);
      expect(stdout).toBe('');
      expect(stderr).toHaveLength(1);
      expect(stderr[0]).toMatch(/^jobwait: .*\bIAM\b.*401.*\[ERR_IAM_TOKEN\]$/);
      expect(refusing.received).toHaveLength(1);
    } finally {
      await refusing.close();
    }
  });

  it('exits 2 naming the IAM URL variables when only --endpoint tells where to go', async () => {
    const env = login('OS_AUTH_URL');

    expect(await usage(waitIn(iamSim, 'job-1'), env)).toBe(
      "jobwait: A password sign-in (OS_USERNAME) needs IAM's URL: set HW_AUTH_URL or " +
        'OS_AUTH_URL, or give --cloud and --region instead of --endpoint',
    );
  });

  it('exits 2 naming the account variables when no account name is set', async () => {
    const env = login('OS_USER_DOMAIN_NAME');

    expect(await usage(waitIn(iamSim, 'job-1'), env)).toBe(
      'jobwait: OS_USERNAME and OS_PASSWORD are set but no account name: set HW_DOMAIN_NAME, ' +
        'OS_DOMAIN_NAME, OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME',
    );
  });

  it('exits 2 when --signing is given with a password sign-in', async () => {
    expect(await usage(waitIn(iamSim, 'job-1', '--signing', 'credential'), login())).toBe(
      'jobwait: --signing is for access keys only, but the credentials are a password sign-in ' +
        '(from OS_USERNAME); leave --signing out',
    );
  });
});
