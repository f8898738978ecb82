import { describe } from './validate.js';

/** The clouds whose classic ELB endpoint can be derived from a region. */
export type ElbCloud = 'huaweicloud' | 'otc' | 'flexibleengine';

/** Host name pattern of each cloud's classic ELB endpoint; `{region}` is replaced. */
export const ELB_CLOUD_HOSTS: Readonly<Record<ElbCloud, string>> = Object.freeze({
  huaweicloud: 'elb.{region}.myhuaweicloud.com',
  otc: 'elb.{region}.otc.t-systems.com',
  flexibleengine: 'elb.{region}.prod-cloud-ocb.orange-business.com',
});

/** Where the classic ELB API is: an explicit URL, or a cloud and a region. */
export interface ElbEndpointOptions {
  /**
   * The API's base URL, `http:` or `https:`, such as `https://elb.eu-de.otc.t-systems.com`. A
   * path prefix is kept (for a proxy); query, fragment, credentials and a trailing API version
   * path (`/v1.0`, `/v1`) and port 0 are refused. Give either this, or `cloud` and `region`.
   */
  endpoint?: string | URL;
  /** The cloud whose endpoint is derived from `region`. */
  cloud?: ElbCloud;
  /** The region, such as `eu-de` or `cn-north-4`. */
  region?: string;
}

// Lowercase words joined by hyphens, as every listed cloud names its regions.
const REGION = /^[a-z]{2,10}(?:-[a-z0-9]{1,16}){1,3}$/;

/**
 * Resolves the base URL of the API, without a trailing slash.
 *
 * @throws TypeError naming the option: neither or both forms given, a URL that does not parse,
 *   is not `http:`/`https:` or names port 0, an unknown cloud, or a region of the wrong form.
 */
export function resolveEndpoint({ endpoint, cloud, region }: ElbEndpointOptions): string {
  if (endpoint !== undefined) {
    if (cloud !== undefined || region !== undefined) {
      throw new TypeError(
        'Give either option `endpoint`, or options `cloud` and `region`, not both',
      );
    }

    return validateUrl(endpoint);
  }

  if (cloud === undefined && region === undefined) {
    throw new TypeError('Expected option `endpoint`, or options `cloud` and `region`');
  }

  if (typeof cloud !== 'string' || !Object.hasOwn(ELB_CLOUD_HOSTS, cloud)) {
    const known = Object.keys(ELB_CLOUD_HOSTS).join(', ');
    throw new TypeError(`Expected option \`cloud\` to be one of ${known}, got ${describe(cloud)}`);
  }

  if (typeof region !== 'string' || !REGION.test(region)) {
    throw new TypeError(
      `Expected option \`region\` to be a region name such as 'eu-de', got ${describe(region)}`,
    );
  }

  return `https://${ELB_CLOUD_HOSTS[cloud].replace('{region}', region)}`;
}

function validateUrl(endpoint: unknown): string {
  const url = parseUrl(endpoint);
  const problem = url === undefined ? 'an absolute URL' : urlProblem(url);

  if (url === undefined || problem !== undefined) {
    // The value is not echoed: a URL may carry credentials.
    throw new TypeError(`Expected option \`endpoint\` to be ${problem ?? 'a URL'}`);
  }

  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function urlProblem(url: URL): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'an http: or https: URL';
  }

  if (url.username !== '' || url.password !== '') {
    return 'a URL without credentials';
  }

  if (url.search !== '' || url.hash !== '') {
    return 'a URL without query or fragment';
  }

  // Port 0 is no port to connect to: the request would go to the scheme's default port.
  if (url.port === '0') {
    return 'a URL with a port from 1 to 65535';
  }

  // The client adds the API's version path itself; a base URL that already ends in it would
  // poll /v1.0/v1.0/… and meet the gateway's puzzling "API not available" answer.
  return VERSION_SUFFIX.test(url.pathname)
    ? 'the service root, without the API version path (drop the trailing /v1.0 or /v1)'
    : undefined;
}

const VERSION_SUFFIX = /\/v1(?:\.0)?\/*$/i;

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
