import { credentialsFromEnv, type EnvCredentials } from '@jobwait/elb-classic';

import {
  CREDENTIAL_VARIABLES,
  HOW_TO_SET,
  JOBWAIT_TOKEN_VARIABLE,
  fieldOf,
  type CredentialField,
} from './credential-variables.js';
import { UsageError } from './errors.js';
import { namingOptions, type Sources } from './option-names.js';

/** The credentials the command uses, and where each of their values came from. */
export interface CommandCredentials {
  /**
   * What was found: a token, an access key pair or a password, with the project id and the
   * region when known (a flag's over the environment's).
   */
  readonly found: EnvCredentials;
  /**
   * The variable or flag each field of `found` came from, for messages: `{ token:
   * 'JOBWAIT_AUTH_TOKEN' }`, `{ sk: 'OS_SECRET_KEY', projectId: '--project-id' }`.
   */
  readonly sources: Sources;
}

/** The flags that tell what the environment may also tell; each wins over the environment. */
export interface CredentialFlags {
  readonly projectId?: string | undefined;
  readonly region?: string | undefined;
}

/** One value that goes ahead of the variables of its field, and what it is called. */
interface Ahead {
  readonly variable: string;
  readonly value: string | undefined;
  readonly source: string;
}

const NO_CREDENTIALS =
  `No credentials: set ${HOW_TO_SET.token} to an IAM token; or an access key pair: ` +
  `${HOW_TO_SET.keys}; or a user name and password: ${HOW_TO_SET.password}; ` +
  'see `jobwait elb-classic wait --help`';

/**
 * Reads the credentials from `env` with `credentialsFromEnv()` of `@jobwait/elb-classic`, its
 * precedence and its checks: a token, then an access key pair, then a password. Three values go
 * ahead of the variables of their field, by being handed to it as the first of them:
 * `JOBWAIT_AUTH_TOKEN` before `HW_AUTH_TOKEN` and `OS_AUTH_TOKEN`, `--project-id` before the
 * project id variables (so a password sign-in finds its project), `--region` before the region
 * variables. A variable set to the empty string counts as unset.
 *
 * @throws UsageError naming the variables, never their values, when a pair is half set (an AK
 *   without its SK, a user name without its password), whichever credentials would be used;
 *   when a password sign-in lacks an account name or a project; or when no credentials are set.
 */
export function readCredentials(
  env: Readonly<Record<string, string | undefined>>,
  flags: CredentialFlags,
): CommandCredentials {
  const ahead = valuesAhead(env, flags);
  const merged = { ...env, ...Object.fromEntries(ahead.map((a) => [a.variable, a.value])) };
  // It refuses a half-set pair with a TypeError that names the variables, never a value.
  const found = namingOptions({}, () => credentialsFromEnv(merged));

  if (found === undefined) throw new UsageError(NO_CREDENTIALS);

  return { found, sources: sourcesOf(found.variables, ahead) };
}

function valuesAhead(
  env: Readonly<Record<string, string | undefined>>,
  { projectId, region }: CredentialFlags,
): Ahead[] {
  const ahead: Ahead[] = [
    {
      variable: CREDENTIAL_VARIABLES.token[0],
      value: env[JOBWAIT_TOKEN_VARIABLE],
      source: JOBWAIT_TOKEN_VARIABLE,
    },
    { variable: CREDENTIAL_VARIABLES.projectId[0], value: projectId, source: '--project-id' },
    { variable: CREDENTIAL_VARIABLES.region[0], value: region, source: '--region' },
  ];

  return ahead.filter(({ value }) => value !== undefined && value !== '');
}

/**
 * The variable each field came from; a value that went ahead is named as what gave it, so
 * `--project-id`, not the variable it was handed to the library as.
 */
function sourcesOf(variables: readonly string[], ahead: readonly Ahead[]): Sources {
  const sources: Partial<Record<CredentialField, string>> = {};

  for (const variable of variables) {
    const field = fieldOf(variable);
    const source = ahead.find((value) => value.variable === variable)?.source ?? variable;
    if (field !== undefined) sources[field] = source;
  }

  return sources;
}
