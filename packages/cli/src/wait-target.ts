import type { Cloud, ElbClassicWaitArgs } from './args.js';
import { CREDENTIAL_VARIABLES } from './credential-variables.js';
import type { CommandCredentials } from './credentials.js';
import { UsageError } from './errors.js';

/** Where the command waits: the project, and the endpoint options of `waitForElbJob`. */
export interface WaitTarget {
  /** From `--project-id`, else the environment. */
  readonly projectId: string;
  /** The explicit URL, or the cloud and the region that derive it. */
  readonly endpoint:
    { readonly endpoint: string } | { readonly cloud: Cloud; readonly region: string };
  /** From `--region`, else the environment, when either tells it. */
  readonly region?: string;
}

/**
 * The project and endpoint of the wait: each flag, else what the environment tells
 * (`credentials` already holds the flags ahead of the variables).
 *
 * @throws UsageError when neither tells the project id, or, with `--cloud`, the region.
 */
export function waitTarget(args: ElbClassicWaitArgs, { found }: CommandCredentials): WaitTarget {
  const { projectId, region } = found;
  const where = region === undefined ? {} : { region };

  if (projectId === undefined) {
    throw new UsageError(
      `Missing --project-id; give it, or set one of ${CREDENTIAL_VARIABLES.projectId.join(', ')}`,
    );
  }

  if ('endpoint' in args.endpoint) {
    return { projectId, endpoint: { endpoint: args.endpoint.endpoint }, ...where };
  }

  const { cloud } = args.endpoint;
  if (region === undefined) {
    throw new UsageError(
      `Missing --region, which --cloud ${cloud} needs; give it, or set ` +
        CREDENTIAL_VARIABLES.region.join(' or '),
    );
  }

  return { projectId, endpoint: { cloud, region }, region };
}
