import type { ElbAuth, ElbRequest } from './auth.js';
import type { SigningForm } from './signing/authorization-header.js';
import {
  assertAccessKey,
  assertForm,
  assertHeaderToken,
  assertScopeName,
  assertSecretKey,
} from './signing/credential-checks.js';
import { formatSdkDate } from './signing/sdk-date.js';
import { signRequest, type SigningCredentials } from './signing/sign.js';
import { assertFunction, assertKnownFields, assertNumber, assertObject } from './validate.js';

/**
 * Every option {@link akskAuth} takes: any other is refused. `kind` and `variables` are those of
 * an `EnvAkskCredentials`, taken and ignored so that `akskAuth(credentialsFromEnv())` works.
 */
const OPTION_NAMES = [
  'ak',
  'sk',
  'securityToken',
  'projectId',
  'form',
  'region',
  'service',
  'clockOffsetMs',
  'clock',
  'kind',
  'variables',
] as const;

/** Options of {@link akskAuth}. */
export interface AkskAuthOptions {
  /** The access key id (AK). Required. */
  ak: string;
  /** The secret access key (SK). Required; never shown in an error, an event or a field. */
  sk: string;
  /**
   * The security token of temporary credentials (from IAM's `securitytoken` API), sent as
   * `X-Security-Token` and signed. Default: none.
   */
  securityToken?: string;
  /** A project id to send as `X-Project-Id` (signed). Default: none. */
  projectId?: string;
  /**
   * The `Authorization` form. Default `'access'`, the form the current signing SDKs of Huawei
   * Cloud send, which Open Telekom Cloud and Flexible Engine accept as well. `'credential'` is
   * the older `Credential=AK/yyyyMMdd/region/service/sdk_request` form, for an endpoint that
   * still asks for it; it needs `region`.
   */
  form?: SigningForm;
  /** The region of the credential scope, such as `eu-de`. Required by the `credential` form. */
  region?: string;
  /** The service of the credential scope. Default `'elb'`; read by the `credential` form only. */
  service?: string;
  /**
   * Added to the clock for `X-Sdk-Date`, in ms, for a host whose clock is off: a host 90 s
   * behind the gateway takes `90_000`. Default 0. At most 2^31 − 1 either way.
   */
  clockOffsetMs?: number;
  /** The time to sign with, in ms since the epoch. Default `Date.now`. */
  clock?: () => number;
}

/**
 * Authenticates with an AK/SK pair by signing every request with `SDK-HMAC-SHA256`: each call
 * of `authorize` (a retry included) stamps a fresh `X-Sdk-Date` from the clock plus
 * `clockOffsetMs` and signs the request's method, path, query, `host`, `x-sdk-date`,
 * `content-type`, `x-project-id`, `x-security-token` and exact body bytes. It adds
 * `X-Sdk-Date`, `Authorization` and, when given, `X-Project-Id` and `X-Security-Token`. The
 * credentials are fixed, so it cannot refresh and a 401 is final.
 *
 * @throws TypeError or RangeError naming the option, before any request, for an invalid
 *   option, or an unknown one (with a hint to the option it resembles: `securitytoken` for
 *   `securityToken`); the SK and the security token never appear in a message.
 */
export function akskAuth(options: AkskAuthOptions): ElbAuth {
  const credentials = checkedOptions(options);
  const { securityToken, projectId, clockOffsetMs = 0, clock = Date.now } = options;
  const extra: Record<string, string> = {
    ...(projectId === undefined ? {} : { 'x-project-id': projectId }),
    ...(securityToken === undefined ? {} : { 'x-security-token': securityToken }),
  };

  const sign = (request: ElbRequest): Record<string, string> => {
    const added = { ...extra, 'x-sdk-date': sdkDate(clock, clockOffsetMs) };
    const headers = { ...request.headers, ...added };
    const { authorization } = signRequest({ ...request, headers }, credentials);

    return { ...added, authorization };
  };

  return { authorize: (request) => Promise.resolve(request).then(sign) };
}

function checkedOptions(options: AkskAuthOptions): SigningCredentials {
  assertObject('options', options);
  assertKnownFields('', options, OPTION_NAMES);
  const { ak, sk, form = 'access', region, service = 'elb' } = options;
  const { securityToken, projectId, clockOffsetMs = 0, clock = Date.now } = options;

  assertAccessKey('ak', ak);
  assertSecretKey('sk', sk);
  if (securityToken !== undefined) assertHeaderToken('securityToken', securityToken);
  if (projectId !== undefined) assertHeaderToken('projectId', projectId);
  assertForm('form', form);
  if (form === 'credential' || region !== undefined) assertScopeName('region', region);
  assertScopeName('service', service);
  assertNumber('clockOffsetMs', clockOffsetMs, { min: -(2 ** 31 - 1) });
  assertFunction('clock', clock);

  return { ak, sk, form, region, service };
}

function sdkDate(clock: () => number, offsetMs: number): string {
  const now = clock();

  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new TypeError('Expected option `clock` to return a finite number of ms since the epoch');
  }

  return formatSdkDate(now + offsetMs);
}
