/**
 * The environment variables that `credentialsFromEnv()` of `@jobwait/elb-classic` reads, by the
 * field of its result each one fills, first set first. The command reads them through that
 * function; this table names them in messages, help and redaction, and a test holds it to what
 * the function reads. The lists of `ak` and `sk`, and of `username` and `password`, are in the
 * same order of families, so that their n-th entries make a pair.
 */
export const CREDENTIAL_VARIABLES = Object.freeze({
  token: ['HW_AUTH_TOKEN', 'OS_AUTH_TOKEN'],
  ak: ['HUAWEICLOUD_SDK_AK', 'HW_ACCESS_KEY', 'OS_ACCESS_KEY'],
  sk: ['HUAWEICLOUD_SDK_SK', 'HW_SECRET_KEY', 'OS_SECRET_KEY'],
  securityToken: ['HUAWEICLOUD_SDK_SECURITY_TOKEN', 'HW_SECURITY_TOKEN', 'OS_SECURITY_TOKEN'],
  username: ['HW_USER_NAME', 'OS_USERNAME', 'OS_USER_NAME'],
  password: ['HW_USER_PASSWORD', 'OS_PASSWORD'],
  domainName: ['HW_DOMAIN_NAME', 'OS_DOMAIN_NAME', 'OS_USER_DOMAIN_NAME', 'OS_PROJECT_DOMAIN_NAME'],
  projectName: ['HW_PROJECT_NAME', 'OS_PROJECT_NAME', 'OS_TENANT_NAME'],
  iamEndpoint: ['HW_AUTH_URL', 'OS_AUTH_URL'],
  projectId: ['HUAWEICLOUD_SDK_PROJECT_ID', 'HW_PROJECT_ID', 'OS_PROJECT_ID', 'OS_TENANT_ID'],
  region: ['HW_REGION_NAME', 'OS_REGION_NAME'],
} as const);

/** A field of the credentials read from the environment, such as `sk` or `projectId`. */
export type CredentialField = keyof typeof CREDENTIAL_VARIABLES;

/** jobwait's own token variable, read before every other. */
export const JOBWAIT_TOKEN_VARIABLE = 'JOBWAIT_AUTH_TOKEN';

/** The environment variables read for an IAM token, in order of preference. */
export const TOKEN_VARIABLES = Object.freeze([
  JOBWAIT_TOKEN_VARIABLE,
  ...CREDENTIAL_VARIABLES.token,
] as const);

/** The variable of the secret that signs `--webhook` deliveries; never a flag. */
export const WEBHOOK_SECRET_VARIABLE = 'JOBWAIT_WEBHOOK_SECRET';

/** The fields that hold a secret: output never shows their values. */
const SECRET_FIELDS = ['token', 'sk', 'securityToken', 'password'] as const;

/**
 * Every variable that holds a secret: the tokens, secret keys, security tokens, passwords, and
 * the webhook's signing secret.
 */
export const SECRET_VARIABLES: readonly string[] = Object.freeze([
  JOBWAIT_TOKEN_VARIABLE,
  ...SECRET_FIELDS.flatMap((field) => CREDENTIAL_VARIABLES[field]),
  WEBHOOK_SECRET_VARIABLE,
]);

/**
 * How each kind of credentials is set, in words for messages, in order of precedence: a token,
 * an access key pair (`A and B, C and D, or E and F`), a user name and password.
 */
export const HOW_TO_SET = Object.freeze({
  token: `${JOBWAIT_TOKEN_VARIABLE} (or ${CREDENTIAL_VARIABLES.token.join(', ')})`,
  keys: pairs(CREDENTIAL_VARIABLES.ak, CREDENTIAL_VARIABLES.sk),
  password: pairs(CREDENTIAL_VARIABLES.username, CREDENTIAL_VARIABLES.password),
});

/**
 * The value of every variable of {@link SECRET_VARIABLES} that is set and not empty, used or
 * not: the secrets that output must never show, whichever credentials are used. A webhook
 * secret counts twice, with and without its `whsec_` prefix, since its key is the part after.
 */
export function secretsIn(env: Readonly<Record<string, string | undefined>>): string[] {
  const values = SECRET_VARIABLES.map((name) => env[name]);
  const key = env[WEBHOOK_SECRET_VARIABLE]?.replace(/^whsec_/, '');

  return [...values, key === env[WEBHOOK_SECRET_VARIABLE] ? undefined : key].filter(
    (value): value is string => value !== undefined && value !== '',
  );
}

/** The field that `variable` fills, if it is one of {@link CREDENTIAL_VARIABLES}. */
export function fieldOf(variable: string): CredentialField | undefined {
  const fields = Object.keys(CREDENTIAL_VARIABLES) as CredentialField[];

  return fields.find((field) =>
    (CREDENTIAL_VARIABLES[field] as readonly string[]).includes(variable),
  );
}

/** `A and B, C and D, or E and F`: the n-th of `firsts` with the n-th of `seconds`. */
function pairs(firsts: readonly string[], seconds: readonly string[]): string {
  const both = seconds.map((second, index) => `${firsts[index] ?? ''} and ${second}`);

  return both.length < 2 ? both.join('') : `${both.slice(0, -1).join(', ')}, or ${both.at(-1)}`;
}
