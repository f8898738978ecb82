import { inspect } from 'node:util';

import { REDACTED } from './scrub.js';
import { assertObject } from './validate.js';

/** Environment variables, as `process.env` holds them. */
export type EnvVariables = Readonly<Record<string, string | undefined>>;

/** What every result of {@link credentialsFromEnv} carries besides the credentials. */
export interface EnvCredentialsContext {
  /** The names of the variables the result was read from, never their values. */
  readonly variables: readonly string[];
  /** The region, from `HW_REGION_NAME` or `OS_REGION_NAME`, when set. */
  readonly region?: string;
  /**
   * The project id, from `HUAWEICLOUD_SDK_PROJECT_ID`, `HW_PROJECT_ID`, `OS_PROJECT_ID` or
   * `OS_TENANT_ID`, when set: the `projectId` of the jobs path, and the password's scope.
   */
  readonly projectId?: string;
}

/** An IAM token from the environment: hand it to `tokenAuth()`. */
export interface EnvTokenCredentials extends EnvCredentialsContext {
  readonly kind: 'token';
  readonly token: string;
}

/** An access key pair from the environment, with its security token for temporary keys. */
export interface EnvAkskCredentials extends EnvCredentialsContext {
  readonly kind: 'aksk';
  /** The access key id. */
  readonly ak: string;
  /** The secret access key. */
  readonly sk: string;
  /** The security token that temporary keys come with. */
  readonly securityToken?: string;
}

/**
 * A password sign-in from the environment: the options of `iamPasswordTokenProvider()`, but
 * for `cloud` and `region` when `iamEndpoint` is absent. The scope is `projectId` when set,
 * else `projectName`; never both.
 */
export interface EnvPasswordCredentials extends EnvCredentialsContext {
  readonly kind: 'password';
  readonly username: string;
  readonly password: string;
  readonly domainName: string;
  readonly projectName?: string;
  /** From `HW_AUTH_URL` or `OS_AUTH_URL`, when set. */
  readonly iamEndpoint?: string;
}

/** What {@link credentialsFromEnv} found. */
export type EnvCredentials = EnvTokenCredentials | EnvAkskCredentials | EnvPasswordCredentials;

/** The token variables, the first set one wins. */
const TOKEN_VARIABLES = ['HW_AUTH_TOKEN', 'OS_AUTH_TOKEN'];

/** Access key pairs, each from one tool's family of variables, in order of precedence. */
const AKSK_FAMILIES = [
  ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN'],
  ['HW_ACCESS_KEY', 'HW_SECRET_KEY', 'HW_SECURITY_TOKEN'],
  ['OS_ACCESS_KEY', 'OS_SECRET_KEY', 'OS_SECURITY_TOKEN'],
] as const;

/** User name (with aliases) and password pairs, in order of precedence. */
const PASSWORD_FAMILIES = [
  { username: ['HW_USER_NAME'], password: 'HW_USER_PASSWORD' },
  { username: ['OS_USERNAME', 'OS_USER_NAME'], password: 'OS_PASSWORD' },
] as const;

const DOMAIN_VARIABLES = [
  'HW_DOMAIN_NAME',
  'OS_DOMAIN_NAME',
  'OS_USER_DOMAIN_NAME',
  'OS_PROJECT_DOMAIN_NAME',
];
const PROJECT_ID_VARIABLES = [
  'HUAWEICLOUD_SDK_PROJECT_ID',
  'HW_PROJECT_ID',
  'OS_PROJECT_ID',
  'OS_TENANT_ID',
];
const PROJECT_NAME_VARIABLES = ['HW_PROJECT_NAME', 'OS_PROJECT_NAME', 'OS_TENANT_NAME'];
const AUTH_URL_VARIABLES = ['HW_AUTH_URL', 'OS_AUTH_URL'];
const REGION_VARIABLES = ['HW_REGION_NAME', 'OS_REGION_NAME'];

/** One variable that is set: its name and (non-empty) value. */
interface Found {
  readonly name: string;
  readonly value: string;
}

type Reader = (names: readonly string[]) => Found | undefined;

/**
 * Reads credentials from the variables that the clouds' own tools use (the Huawei Cloud SDKs,
 * and the Terraform providers of Huawei Cloud, Open Telekom Cloud and Flexible Engine). A
 * variable set to the empty string counts as unset. In order of precedence: a token
 * (`HW_AUTH_TOKEN`, `OS_AUTH_TOKEN`), then an access key pair (`HUAWEICLOUD_SDK_AK`/`_SK`,
 * `HW_ACCESS_KEY`/`HW_SECRET_KEY`, `OS_ACCESS_KEY`/`OS_SECRET_KEY`, each with its security
 * token), then a password (`HW_USER_NAME`/`HW_USER_PASSWORD`, `OS_USERNAME`/`OS_PASSWORD`,
 * with the account name, project and IAM URL). A pair is read from one family, never mixed.
 *
 * The result's secret fields are enumerable, so that it spreads into options; its JSON and its
 * `util.inspect()` show `[redacted]` in their place.
 *
 * @param env the variables; default `process.env`.
 * @returns what was found, or `undefined` when no credentials are set.
 * @throws TypeError naming the variables (never their values) when a pair is half set (an
 *   access key without its secret key, a security token without its keys, a user name
 *   without its password), whichever kind wins; or when the password sign-in is chosen but
 *   no account name or project is set.
 */
export function credentialsFromEnv(env: EnvVariables = process.env): EnvCredentials | undefined {
  assertObject('env', env);
  const read: Reader = (names) => firstSet(env, names);
  const keys = AKSK_FAMILIES.map((family) => keyPair(read, family)).find(Boolean);
  const login = PASSWORD_FAMILIES.map((family) => loginPair(read, family)).find(Boolean);
  const token = read(TOKEN_VARIABLES);
  const context = contextOf(read);

  if (token !== undefined) {
    const found = { kind: 'token' as const, token: token.value, ...context([token]) };

    return concealed(found, ['token']);
  }

  if (keys !== undefined) {
    const [ak, sk, securityToken] = keys;
    const values = { ak: ak.value, sk: sk.value, ...optional('securityToken', securityToken) };
    const found = { kind: 'aksk' as const, ...values, ...context(setOnes(keys)) };

    return concealed(found, ['sk', 'securityToken']);
  }

  return login === undefined ? undefined : passwordCredentials(read, login, context);
}

function firstSet(env: EnvVariables, names: readonly string[]): Found | undefined {
  for (const name of names) {
    const value = env[name];
    if (typeof value === 'string' && value !== '') return { name, value };
  }

  return undefined;
}

/** The access key pair of one family, if set; a half-set pair is refused. */
function keyPair(
  read: Reader,
  [akName, skName, tokenName]: readonly [string, string, string],
): [Found, Found, Found | undefined] | undefined {
  const ak = read([akName]);
  const sk = read([skName]);
  const securityToken = read([tokenName]);

  if (ak !== undefined && sk !== undefined) {
    return [ak, sk, securityToken];
  }

  if (ak !== undefined || sk !== undefined) {
    const [set, unset] = ak === undefined ? [skName, akName] : [akName, skName];
    refuseHalfSet(set, unset);
  }

  if (securityToken !== undefined) {
    refuseHalfSet(tokenName, `${akName} and ${skName}`);
  }

  return undefined;
}

/** The user name and password of one family, if set; a half-set pair is refused. */
function loginPair(
  read: Reader,
  family: (typeof PASSWORD_FAMILIES)[number],
): [Found, Found] | undefined {
  const username = read(family.username);
  const password = read([family.password]);

  if (username !== undefined && password !== undefined) {
    return [username, password];
  }

  if (username !== undefined) {
    refuseHalfSet(username.name, family.password);
  }

  return password === undefined
    ? undefined
    : refuseHalfSet(family.password, family.username.join(' or '));
}

function refuseHalfSet(set: string, unset: string): never {
  throw new TypeError(`Environment variable ${set} is set without ${unset}: set both, or neither`);
}

type ContextOf = (found: readonly Found[]) => EnvCredentialsContext;

/** Adds the region and the project id, when set, to the variables a result was read from. */
function contextOf(read: Reader): ContextOf {
  const region = read(REGION_VARIABLES);
  const projectId = read(PROJECT_ID_VARIABLES);
  const extra = setOnes([region, projectId]);

  return (found) => ({
    variables: [...found, ...extra].map(({ name }) => name),
    ...optional('region', region),
    ...optional('projectId', projectId),
  });
}

function passwordCredentials(
  read: Reader,
  [username, password]: [Found, Found],
  context: ContextOf,
): EnvPasswordCredentials {
  const domain = read(DOMAIN_VARIABLES);
  const signIn = `${username.name} and ${password.name} are set`;
  if (domain === undefined) {
    throw new TypeError(`${signIn} but no account name: set ${DOMAIN_VARIABLES.join(', ')}`);
  }

  const { projectId } = context([]);
  const projectName = projectId === undefined ? read(PROJECT_NAME_VARIABLES) : undefined;
  if (projectId === undefined && projectName === undefined) {
    const names = [...PROJECT_ID_VARIABLES, ...PROJECT_NAME_VARIABLES].join(', ');
    throw new TypeError(`${signIn} but no project: set one of ${names}`);
  }

  const iamEndpoint = read(AUTH_URL_VARIABLES);
  const variables = setOnes([username, password, domain, projectName, iamEndpoint]);
  const values = {
    username: username.value,
    password: password.value,
    domainName: domain.value,
    ...optional('projectName', projectName),
    ...optional('iamEndpoint', iamEndpoint),
  };

  return concealed({ kind: 'password' as const, ...values, ...context(variables) }, ['password']);
}

function setOnes(list: readonly (Found | undefined)[]): Found[] {
  return list.filter((found) => found !== undefined);
}

function optional<K extends string>(key: K, found: Found | undefined): Partial<Record<K, string>> {
  return found === undefined ? {} : ({ [key]: found.value } as Record<K, string>);
}

/**
 * `result`, frozen, with a JSON form and an inspection that show `[redacted]` for its secret
 * fields, so that logging it shows no secret. Both are non-enumerable: spreading the result
 * copies the credentials alone.
 */
function concealed<T extends object>(result: T, secrets: readonly string[]): T {
  const shown = (): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(result).map(([key, value]) => [key, secrets.includes(key) ? REDACTED : value]),
    );

  Object.defineProperty(result, 'toJSON', { value: shown });
  Object.defineProperty(result, inspect.custom, {
    value: (_depth: number, options: object) => inspect(shown(), options),
  });

  return Object.freeze(result);
}
