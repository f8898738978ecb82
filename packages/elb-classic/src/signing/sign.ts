import { createHmac } from 'node:crypto';

import { assertObject } from '../validate.js';
import {
  formatAuthorization,
  SIGNING_ALGORITHM,
  type AuthorizationParts,
  type SigningForm,
} from './authorization-header.js';
import { canonicalRequest, hexSha256 } from './canonical-request.js';
import {
  assertAccessKey,
  assertForm,
  assertScopeName,
  assertSecretKey,
} from './credential-checks.js';
import { credentialScope, deriveSigningKey } from './derived-key.js';
import { parseSdkDate } from './sdk-date.js';

/** A request to sign: exactly what goes on the wire. */
export interface SignableRequest {
  /** The HTTP method, as sent (upper case). */
  readonly method: string;
  /** The full URL, as sent; its `host` is signed unless `headers` name another `host`. */
  readonly url: URL;
  /** The headers, `X-Sdk-Date` among them; names in any case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes. Default: none. */
  readonly body?: Uint8Array;
}

/** The key and form of a signature. */
export interface SigningCredentials {
  /** The access key id (AK). */
  readonly ak: string;
  /** The secret access key (SK). Never shown in an error or a result. */
  readonly sk: string;
  /** The `Authorization` form. Default `'access'`. */
  readonly form?: SigningForm;
  /** The region of the credential scope, such as `eu-de`; required by the `credential` form. */
  readonly region?: string;
  /** The service of the credential scope. Default `'elb'`; read by the `credential` form only. */
  readonly service?: string;
}

/** Options of {@link signRequest}. */
export interface SignRequestOptions {
  /**
   * The headers to sign, in any case. Default: `host` and `x-sdk-date`, and `content-type`,
   * `x-project-id` and `x-security-token` when the request has them.
   */
  readonly signedHeaders?: readonly string[];
}

/** A signature and the steps that led to it; it holds no secret. */
export interface RequestSignature {
  /** The `Authorization` header value. */
  readonly authorization: string;
  /** The hex HMAC-SHA256 signature. */
  readonly signature: string;
  /** The signed header names, lower case, joined by `;`. */
  readonly signedHeaders: string;
  /** The canonical request. */
  readonly canonicalRequest: string;
  /** The hex SHA-256 of the canonical request. */
  readonly canonicalRequestSha256: string;
  /** The string to sign. */
  readonly stringToSign: string;
}

/** The headers signed when present, besides `host` and `x-sdk-date`, which always are. */
const SIGNED_WHEN_PRESENT = ['content-type', 'x-project-id', 'x-security-token'];

/**
 * Signs a request with `SDK-HMAC-SHA256` as Huawei Cloud's API Gateway checks it: the
 * canonical request's hash, the `X-Sdk-Date` of the request (and, in the `credential` form,
 * the credential scope) make the string to sign, whose hex HMAC-SHA256 is the signature.
 * Nothing is sent and the request is not changed: put `authorization` in its headers.
 *
 * @throws TypeError naming the option for invalid credentials (never showing the SK), or the
 *   header when `X-Sdk-Date` is missing or not `yyyyMMddTHHmmssZ`, or when a header to sign is
 *   missing.
 */
export function signRequest(
  request: SignableRequest,
  credentials: SigningCredentials,
  { signedHeaders }: SignRequestOptions = {},
): RequestSignature {
  const checked = checkedCredentials(credentials);
  const headers = headerMap(request);
  const date = sdkDateOf(headers);
  const names = namesToSign(headers, signedHeaders);
  const { method, url, body = new Uint8Array(0) } = request;
  const canonical = canonicalRequest({ method, url, headers, signedHeaders: names, body });
  const canonicalRequestSha256 = hexSha256(canonical);
  const { key, scope } = keyAndScope(checked, date.slice(0, 8));
  const scopeLines =
    scope === undefined ? [] : [credentialScope(scope.day, scope.region, scope.service)];
  const stringToSign = [SIGNING_ALGORITHM, date, ...scopeLines, canonicalRequestSha256].join('\n');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  const who = { accessKey: checked.ak, signedHeaders: names, signature };
  const parts: AuthorizationParts =
    scope === undefined ? { form: 'access', ...who } : { form: 'credential', ...scope, ...who };

  return {
    authorization: formatAuthorization(parts),
    signature,
    signedHeaders: names.join(';'),
    canonicalRequest: canonical,
    canonicalRequestSha256,
    stringToSign,
  };
}

interface KeyAndScope {
  readonly key: string | Buffer;
  readonly scope?: { readonly day: string; readonly region: string; readonly service: string };
}

/** The SK itself in the `access` form; in the `credential` form, the key derived for the day. */
function keyAndScope(credentials: SigningCredentials, day: string): KeyAndScope {
  const { sk, form = 'access', region = '', service = 'elb' } = credentials;

  return form === 'access'
    ? { key: sk }
    : { key: deriveSigningKey(sk, day, region, service), scope: { day, region, service } };
}

function checkedCredentials(credentials: SigningCredentials): SigningCredentials {
  assertObject('credentials', credentials);
  const { ak, sk, form = 'access', region, service = 'elb' } = credentials;

  assertAccessKey('ak', ak);
  assertSecretKey('sk', sk);
  assertForm('form', form);
  assertScopeName('service', service);
  if (form === 'credential' || region !== undefined) assertScopeName('region', region);

  return credentials;
}

/** The request's headers by lower-case name, with `host` from the URL unless given. */
function headerMap(request: SignableRequest): Map<string, string> {
  const headers = new Map<string, string>([['host', request.url.host]]);

  for (const [name, value] of Object.entries(request.headers)) {
    headers.set(name.toLowerCase(), value);
  }

  return headers;
}

function sdkDateOf(headers: ReadonlyMap<string, string>): string {
  const date = headers.get('x-sdk-date');

  if (date === undefined || parseSdkDate(date) === undefined) {
    throw new TypeError('Expected header `X-Sdk-Date` to be a time as yyyyMMddTHHmmssZ');
  }

  return date;
}

function namesToSign(headers: ReadonlyMap<string, string>, given?: readonly string[]): string[] {
  const wanted = given ?? [
    'host',
    'x-sdk-date',
    ...SIGNED_WHEN_PRESENT.filter((n) => headers.has(n)),
  ];
  const names = [...new Set(wanted.map((name) => name.toLowerCase()))].sort();
  const missing = names.find((name) => !headers.has(name));

  if (missing !== undefined) {
    throw new TypeError(`Expected header \`${missing}\` to sign to be in the request`);
  }

  return names;
}
