import { UsageError } from './errors.js';

/** The environment variables read for the IAM token, in order of preference. */
export const TOKEN_VARIABLES = ['JOBWAIT_AUTH_TOKEN', 'OS_AUTH_TOKEN'] as const;

/** A token and the variable it came from, so that messages can name the variable. */
export interface TokenFromEnv {
  readonly token: string;
  readonly variable: (typeof TOKEN_VARIABLES)[number];
}

/**
 * Reads the IAM token from the first of {@link TOKEN_VARIABLES} that is set and not empty.
 * The token is never accepted as a flag, where it would show in process lists and shell
 * history.
 *
 * @throws UsageError when none is set.
 */
export function readToken(env: Readonly<Record<string, string | undefined>>): TokenFromEnv {
  for (const variable of TOKEN_VARIABLES) {
    const token = env[variable];
    if (token !== undefined && token !== '') return { token, variable };
  }

  throw new UsageError(`No token: set ${TOKEN_VARIABLES.join(' or ')} to an IAM token`);
}

/**
 * Every token the environment holds, from any of {@link TOKEN_VARIABLES} that is set and not
 * empty: the secrets that output must never show, whichever of them is used.
 */
export function tokensIn(env: Readonly<Record<string, string | undefined>>): string[] {
  return TOKEN_VARIABLES.map((variable) => env[variable]).filter(
    (token): token is string => token !== undefined && token !== '',
  );
}
