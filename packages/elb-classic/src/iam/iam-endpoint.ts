import { resolveEndpoint, type ElbCloud } from '../endpoint.js';

/** Host name pattern of each cloud's regional IAM endpoint; `{region}` is replaced. */
export const IAM_CLOUD_HOSTS: Readonly<Record<ElbCloud, string>> = Object.freeze({
  huaweicloud: 'iam.{region}.myhuaweicloud.com',
  otc: 'iam.{region}.otc.t-systems.com',
  flexibleengine: 'iam.{region}.prod-cloud-ocb.orange-business.com',
});

/** Where IAM is: an explicit URL, or a cloud and a region. */
export interface IamEndpointOptions {
  /**
   * IAM's base URL, such as `https://iam.eu-de.otc.t-systems.com`; a trailing `/v3` (as in
   * `OS_AUTH_URL`) is dropped. It must be `https:`, except for a loopback host (a test
   * server), since the password travels in the request body. Credentials, query, fragment and
   * port 0 are refused. Give either this, or `cloud` and `region`.
   */
  iamEndpoint?: string | URL;
  /** The cloud whose IAM endpoint is derived from `region`. */
  cloud?: ElbCloud;
  /** The region, such as `eu-de` or `cn-north-4`. */
  region?: string;
}

/**
 * Resolves IAM's base URL, without a trailing slash or `/v3`.
 *
 * @throws TypeError naming the option: neither or both forms given, a URL that does not parse
 *   or is refused (never echoed), an unknown cloud, or a region of the wrong form.
 */
export function resolveIamEndpoint({ iamEndpoint, cloud, region }: IamEndpointOptions): string {
  if (iamEndpoint !== undefined) {
    if (cloud !== undefined || region !== undefined) {
      throw new TypeError(
        'Give either option `iamEndpoint`, or options `cloud` and `region`, not both',
      );
    }

    return validateIamUrl(iamEndpoint);
  }

  if (cloud === undefined && region === undefined) {
    throw new TypeError('Expected option `iamEndpoint`, or options `cloud` and `region`');
  }

  // Checked as the ELB endpoint checks them, so both name the same clouds and regions.
  resolveEndpoint({ cloud, region });

  return `https://${IAM_CLOUD_HOSTS[cloud as ElbCloud].replace('{region}', region as string)}`;
}

function validateIamUrl(value: unknown): string {
  const url = parseUrl(value);
  const problem = url === undefined ? 'an absolute URL' : urlProblem(url);

  if (url === undefined || problem !== undefined) {
    // The value is not echoed: a URL may carry credentials.
    throw new TypeError(`Expected option \`iamEndpoint\` to be ${problem ?? 'a URL'}`);
  }

  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/v3$/i, '')}`;
}

function urlProblem(url: URL): string | undefined {
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));

  if (!secure) {
    return 'an https: URL (http: only for a loopback host)';
  }

  if (url.username !== '' || url.password !== '') {
    return 'a URL without credentials';
  }

  if (url.search !== '' || url.hash !== '') {
    return 'a URL without query or fragment';
  }

  return url.port === '0' ? 'a URL with a port from 1 to 65535' : undefined;
}

function isLoopback({ hostname }: URL): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

function parseUrl(value: unknown): URL | undefined {
  if (value instanceof URL) {
    return new URL(value.href);
  }

  try {
    return typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    return undefined;
  }
}
