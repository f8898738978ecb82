import type { Clock } from '@jobwait/core';

import type { TokenProviderContext } from '../auth.js';
import {
  assertFunction,
  assertKnownFields,
  assertNumber,
  assertObject,
  assertOptionalSignal,
  describe,
} from '../validate.js';
import { resolveIamEndpoint, type IamEndpointOptions } from './iam-endpoint.js';
import { TokenCache } from './token-cache.js';
import { requestToken } from './token-request.js';

/** Defaults of {@link iamPasswordTokenProvider}, in milliseconds. */
export const IAM_TOKEN_DEFAULTS = Object.freeze({
  /** A token is renewed this long before it expires: 5 minutes. */
  refreshMarginMs: 5 * 60_000,
  /** The longest one token request may take: 10 s. */
  requestTimeoutMs: 10_000,
});

/** Every option {@link iamPasswordTokenProvider} takes: any other is refused. */
const OPTION_NAMES = [
  'iamEndpoint',
  'cloud',
  'region',
  'username',
  'password',
  'domainName',
  'projectId',
  'projectName',
  'refreshMarginMs',
  'requestTimeoutMs',
  'clock',
] as const;

/**
 * Options of {@link iamPasswordTokenProvider}: who signs in, to which project, at which IAM.
 * Give `iamEndpoint`, or `cloud` and `region`; and `projectId` or `projectName`.
 */
export interface IamPasswordTokenProviderOptions extends IamEndpointOptions {
  /** The IAM user name. */
  username: string;
  /** The IAM user's password. Sent to IAM only; never in an error or an event. */
  password: string;
  /** The account (Keystone domain) the user belongs to. */
  domainName: string;
  /** The project the token is scoped to, by id. */
  projectId?: string;
  /** The project the token is scoped to, by name, such as `eu-de`. */
  projectName?: string;
  /** How long before its expiry a token is renewed. Default 300 000 ms (5 minutes). */
  refreshMarginMs?: number;
  /** The longest one token request may take. Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** Reads the time that expiry is counted on. Default `Date.now`; a core `Clock` will do. */
  clock?: Pick<Clock, 'now'>;
}

/**
 * A token provider from {@link iamPasswordTokenProvider}: resolves to a token, from its cache
 * while fresh. `{ forceRefresh: true }` fetches a new one whatever the cache holds. When
 * `signal` aborts first, the call rejects with its reason at once, and the request to IAM is
 * aborted unless another call still waits for it.
 */
export type IamTokenProvider = (context?: Partial<TokenProviderContext>) => Promise<string>;

/**
 * A token provider that signs in to IAM with a password: it POSTs Keystone v3 password
 * authentication to `{iamEndpoint}/v3/auth/tokens?nocatalog=true`, takes the token from the
 * `X-Subject-Token` header and its expiry from `token.expires_at`, and caches it until
 * `refreshMarginMs` before that expiry. Concurrent callers share one request; a failed request
 * is not cached. Hand it to `tokenAuth()` or to `waitForElbJob({ token })`: after a `401`,
 * `tokenAuth` asks it with `forceRefresh: true`, which bypasses the cache.
 *
 * @throws TypeError or RangeError naming the first invalid option, at once, before any
 *   request; an unknown option (such as `refreshMargin`) is refused too, with a hint to the
 *   option it resembles (`refreshMarginMs`). The password is never shown. The provider rejects
 *   with an `IamTokenError`, or with the signal's reason.
 */
export function iamPasswordTokenProvider(
  options: IamPasswordTokenProviderOptions,
): IamTokenProvider {
  assertObject('options', options);
  assertKnownFields('', options, OPTION_NAMES);
  const {
    refreshMarginMs = IAM_TOKEN_DEFAULTS.refreshMarginMs,
    requestTimeoutMs = IAM_TOKEN_DEFAULTS.requestTimeoutMs,
    clock = { now: () => Date.now() },
  } = options;
  const body = JSON.stringify(passwordAuthBody(options));
  const url = `${resolveIamEndpoint(options)}/v3/auth/tokens?nocatalog=true`;
  assertNumber('refreshMarginMs', refreshMarginMs);
  assertNumber('requestTimeoutMs', requestTimeoutMs, { min: 1 });
  assertObject('clock', clock);
  assertFunction('clock.now', clock.now);

  const secrets = [options.password];
  const fetch = (signal: AbortSignal) =>
    requestToken({ url, body, timeoutMs: requestTimeoutMs, secrets, signal });
  const cache = new TokenCache({ fetch, refreshMarginMs, clock });

  return async (context) => {
    assertOptionalSignal('signal', context?.signal);

    return cache.get(context?.forceRefresh === true, context?.signal);
  };
}

/** The Keystone v3 request body of a password sign-in scoped to one project. */
function passwordAuthBody(options: IamPasswordTokenProviderOptions): object {
  const { username, password, domainName, projectId, projectName } = options;
  assertText('username', username);
  assertText('password', password, { secret: true });
  assertText('domainName', domainName);
  const project = projectScope(projectId, projectName);

  const user = { name: username, password, domain: { name: domainName } };

  return {
    auth: {
      identity: { methods: ['password'], password: { user } },
      scope: { project },
    },
  };
}

function projectScope(projectId: unknown, projectName: unknown): { id: string } | { name: string } {
  if (projectId !== undefined && projectName !== undefined) {
    throw new TypeError('Give either option `projectId` or option `projectName`, not both');
  }

  if (projectId !== undefined) {
    assertText('projectId', projectId);
    return { id: projectId };
  }

  if (projectName === undefined) {
    throw new TypeError('Expected option `projectId` or option `projectName`');
  }

  assertText('projectName', projectName);
  return { name: projectName };
}

// Control characters have no place in a name or a password, and often mean a pasting slip.
const CONTROL = /\p{Cc}/u;

function assertText(
  name: string,
  value: unknown,
  { secret = false } = {},
): asserts value is string {
  if (typeof value === 'string' && value !== '' && !CONTROL.test(value)) {
    return;
  }

  // A password is described by its type alone, never by its value.
  const shown = secret ? `a ${typeof value} (its value is not shown)` : describe(value);
  throw new TypeError(
    `Expected option \`${name}\` to be a non-empty string without control characters, got ${shown}`,
  );
}
