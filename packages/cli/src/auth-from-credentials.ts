import {
  akskAuth,
  iamPasswordTokenProvider,
  tokenAuth,
  type ElbAuth,
  type EnvAkskCredentials,
  type EnvPasswordCredentials,
  type SigningForm,
} from '@jobwait/elb-classic';

import type { Cloud } from './args.js';
import { CREDENTIAL_VARIABLES } from './credential-variables.js';
import type { CommandCredentials } from './credentials.js';
import { UsageError } from './errors.js';
import { namingOptions, type Sources } from './option-names.js';
import type { WaitTarget } from './wait-target.js';

/** What {@link authFromCredentials} needs besides the credentials. */
export interface AuthContext {
  /** The project and endpoint of the wait. */
  readonly target: WaitTarget;
  /** From `--signing`; only AK/SK credentials take it. Default `access`. */
  readonly signing?: SigningForm | undefined;
  /** Called with each token that IAM issues after a password sign-in, so output hides it. */
  readonly onToken: (token: string) => void;
}

/**
 * The auth of the wait: `tokenAuth` for a token; `akskAuth` for an access key pair, which
 * sends the project id as `X-Project-Id` and the security token when there is one, in the
 * `--signing` form; `tokenAuth` of `iamPasswordTokenProvider` for a password, scoped to the
 * wait's project, at the IAM endpoint of the environment, else of `--cloud` and the region.
 * Nothing is sent yet: IAM is asked at the first poll.
 *
 * @throws UsageError naming the flag or the variable, never a value: for `--signing` with
 *   credentials that are not an access key pair, for the `credential` form or a password
 *   sign-in without what it needs, and for any value the library refuses.
 */
export function authFromCredentials(
  { found, sources }: CommandCredentials,
  context: AuthContext,
): ElbAuth {
  if (found.kind !== 'aksk' && context.signing !== undefined) {
    const token = found.kind === 'token';
    const from = (token ? sources.token : sources.username) ?? 'the environment';
    throw new UsageError(
      `--signing is for access keys only, but the credentials are ` +
        `${token ? 'a token' : 'a password sign-in'} (from ${from}); leave --signing out`,
    );
  }

  switch (found.kind) {
    case 'token': {
      const { token } = found;
      return namingOptions(sources, () => tokenAuth(token));
    }
    case 'aksk':
      return signingAuth(found, sources, context);
    case 'password':
      return passwordAuth(found, sources, context);
  }
}

function signingAuth(
  { ak, sk, securityToken }: EnvAkskCredentials,
  sources: Sources,
  { target, signing = 'access' }: AuthContext,
): ElbAuth {
  const { projectId, region } = target;

  if (signing === 'credential' && region === undefined) {
    throw new UsageError(
      '--signing credential needs a region: give --region, or set ' +
        CREDENTIAL_VARIABLES.region.join(' or '),
    );
  }

  const scope = signing === 'credential' ? { region } : {};
  const temporary = securityToken === undefined ? {} : { securityToken };

  return namingOptions(sources, () =>
    akskAuth({ ak, sk, ...temporary, projectId, form: signing, ...scope }),
  );
}

function passwordAuth(
  { username, password, domainName, iamEndpoint }: EnvPasswordCredentials,
  sources: Sources,
  { target, onToken }: AuthContext,
): ElbAuth {
  const where = iamLocation(iamEndpoint, target, sources);
  const signIn = { username, password, domainName, projectId: target.projectId, ...where };
  const provider = namingOptions(sources, () => iamPasswordTokenProvider(signIn));

  return tokenAuth(async (context) => {
    const token = await provider(context);
    onToken(token);

    return token;
  });
}

/**
 * Where IAM is: the URL of the environment, else the one `--cloud` and the region derive. An
 * explicit `--endpoint` tells nothing of IAM, whose host differs from the API's.
 */
function iamLocation(
  iamEndpoint: string | undefined,
  { endpoint }: WaitTarget,
  sources: Sources,
): { iamEndpoint: string } | { cloud: Cloud; region: string } {
  if (iamEndpoint !== undefined) return { iamEndpoint };
  if ('cloud' in endpoint) return endpoint;

  throw new UsageError(
    `A password sign-in (${sources.username ?? 'a user name'}) needs IAM's URL: set ` +
      `${CREDENTIAL_VARIABLES.iamEndpoint.join(' or ')}, or give --cloud and --region ` +
      'instead of --endpoint',
  );
}
