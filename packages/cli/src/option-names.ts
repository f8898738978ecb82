import type { CredentialField } from './credential-variables.js';
import { UsageError } from './errors.js';

/** The flag that sets each option of `@jobwait/elb-classic`, as the command line calls it. */
const FLAGS: Readonly<Record<string, string>> = {
  projectId: '--project-id',
  jobId: '<job-id>',
  endpoint: '--endpoint',
  cloud: '--cloud',
  region: '--region',
  form: '--signing',
  timeoutMs: '--timeout',
  initialDelayMs: '--initial-delay',
  minDelayMs: '--min-delay',
  maxDelayMs: '--max-delay',
};

/** Where each credential field came from: a variable, or a flag that went ahead of them. */
export type Sources = Readonly<Partial<Record<CredentialField, string>>>;

/** What set each option of a library call, by the option's name: a flag or a variable. */
export type OptionSources = Readonly<Record<string, string | undefined>>;

/**
 * The library names options as its API does (``option `sk` ``); the command names the flag or
 * the variable that set each one, `sources` first, since a project id or a region may come
 * from the environment.
 */
export function withOptionNames(message: string, sources: OptionSources): string {
  const names: Readonly<Record<string, string | undefined>> = { ...FLAGS, ...sources };

  return message.replace(/option `([^`]+)`/g, (match, name: string) => names[name] ?? match);
}

/**
 * Runs `build`, turning the TypeError or RangeError with which the library refuses an option
 * into a usage error that names the flag or the variable. The library never puts a secret in
 * such a message.
 */
export function namingOptions<T>(sources: OptionSources, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      throw new UsageError(withOptionNames(error.message, sources), { cause: error });
    }
    throw error;
  }
}
