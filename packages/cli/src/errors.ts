import { JobwaitError } from '@jobwait/core';

/**
 * The command line or the environment is wrong: a missing or invalid flag, an unknown command,
 * an invalid id, no token. Raised before any request is sent; the command exits with code 2.
 * The message names the flag or variable and never holds a secret.
 */
export class UsageError extends JobwaitError {
  readonly code = 'ERR_USAGE';
  override readonly name = 'UsageError';
}
