import {
  CREDENTIAL_VARIABLES,
  HOW_TO_SET,
  WEBHOOK_SECRET_VARIABLE,
} from './credential-variables.js';
import { UsageError } from './errors.js';

/**
 * Flags that would carry a credential, by kind, and the variables that set that kind instead.
 * A name is matched in lower case with `_` read as `-`, so `--OS_PASSWORD` is `os-password`.
 */
const CREDENTIAL_FLAGS = [
  {
    name: /^(?:os-|hw-|jobwait-)?(?:auth-)?token$/,
    refusal: 'The token is never given as a flag',
    instead: HOW_TO_SET.token,
  },
  {
    name: /^(?:os-|hw-|huaweicloud-sdk-)?(?:ak|sk|access-key(?:-id)?|secret(?:-access)?-key)$/,
    refusal: 'Access keys are never given as flags',
    instead: HOW_TO_SET.keys,
  },
  {
    name: /^(?:os-|hw-|huaweicloud-sdk-)?security-token$/,
    refusal: 'A security token is never given as a flag',
    instead: `${CREDENTIAL_VARIABLES.securityToken.join(', ')}, beside its access key pair`,
  },
  {
    name: /^(?:os-|hw-)?(?:user-)?password$/,
    refusal: 'A password is never given as a flag',
    instead: HOW_TO_SET.password,
  },
  {
    name: /^(?:jobwait-)?(?:webhook-)?(?:signing-)?secret$/,
    refusal: 'The webhook secret is never given as a flag',
    instead: WEBHOOK_SECRET_VARIABLE,
  },
] as const;

/**
 * Refuses a credential given as a flag (`--token`, `--sk`, `--secret-key`, `--access-key`,
 * `--security-token`, `--password`, with `_` or `-`, in any case, with an `os-`, `hw-` or
 * `huaweicloud-sdk-` prefix; and the webhook's `--webhook-secret` or `--secret`), naming the
 * flag but never its value: a flag shows in process lists and shell history, so credentials
 * come from the environment only. Arguments after `--` are checked too: there `--sk=…` would
 * be a stray argument, and the message about it would show its value.
 *
 * @throws UsageError that names the flag and the variables to set instead.
 */
export function refuseCredentialFlags(argv: readonly string[]): void {
  for (const arg of argv) {
    if (!arg.startsWith('--')) continue;

    const flag = arg.slice(2).split('=', 1)[0] ?? '';
    const name = flag.toLowerCase().replaceAll('_', '-');
    const kind = CREDENTIAL_FLAGS.find((candidate) => candidate.name.test(name));

    if (kind !== undefined) {
      throw new UsageError(`${kind.refusal} (--${flag}); set ${kind.instead} instead`);
    }
  }
}
