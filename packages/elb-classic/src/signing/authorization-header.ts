import { credentialScope, SCOPE_TERMINATOR } from './derived-key.js';

/** The name of the signing algorithm, the first word of the `Authorization` value. */
export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

/**
 * Which `Authorization` form a signature takes: `access`, the current
 * `SDK-HMAC-SHA256 Access=AK, SignedHeaders=…, Signature=…` signed with the SK itself; or
 * `credential`, the older `SDK-HMAC-SHA256 Credential=AK/yyyyMMdd/region/service/sdk_request,
 * SignedHeaders=…, Signature=…` signed with a key derived from the SK, day, region and service.
 */
export type SigningForm = 'access' | 'credential';

/** The parts of an `Authorization` value. */
export type AuthorizationParts =
  | {
      readonly form: 'access';
      readonly accessKey: string;
      readonly signedHeaders: readonly string[];
      readonly signature: string;
    }
  | {
      readonly form: 'credential';
      readonly accessKey: string;
      /** The scope's day, `yyyyMMdd`. */
      readonly day: string;
      readonly region: string;
      readonly service: string;
      readonly signedHeaders: readonly string[];
      readonly signature: string;
    };

/** An access key: letters, digits, `-`, `_`, `.` and `~`. */
export const ACCESS_KEY = /^[A-Za-z0-9._~-]+$/;
/** A region or service name of a credential scope. */
export const SCOPE_NAME = /^[A-Za-z0-9._-]+$/;

const KEY = '[A-Za-z0-9._~-]+';
const NAME = '[A-Za-z0-9._-]+';
const HEADER_NAME = "[a-z0-9!#$%&'*+.^_`|~-]+";
const AUTHORIZATION = new RegExp(
  `^${SIGNING_ALGORITHM} (?:Access=(${KEY})|Credential=(${KEY})/(\\d{8})/(${NAME})/(${NAME})/` +
    `${SCOPE_TERMINATOR}), *SignedHeaders=(${HEADER_NAME}(?:;${HEADER_NAME})*), *` +
    'Signature=([0-9a-fA-F]{64})$',
);

/** The `Authorization` value for a signature in the given form. */
export function formatAuthorization(parts: AuthorizationParts): string {
  const { accessKey, signedHeaders, signature } = parts;
  const who =
    parts.form === 'access'
      ? `Access=${accessKey}`
      : `Credential=${accessKey}/${credentialScope(parts.day, parts.region, parts.service)}`;
  const names = signedHeaders.join(';');

  return `${SIGNING_ALGORITHM} ${who}, SignedHeaders=${names}, Signature=${signature}`;
}

/**
 * The parts of an `Authorization` value of either form; `undefined` when it is not one.
 * Spaces after the commas are optional; the signature is returned in lower case.
 */
export function parseAuthorization(value: string): AuthorizationParts | undefined {
  const match = AUTHORIZATION.exec(value.trim());

  if (match === null) {
    return undefined;
  }

  const [, access, credential, day, region, service, names = '', hex = ''] = match;
  const signedHeaders = names.split(';');
  const signature = hex.toLowerCase();

  if (access !== undefined) {
    return { form: 'access', accessKey: access, signedHeaders, signature };
  }

  return {
    form: 'credential',
    accessKey: credential ?? '',
    day: day ?? '',
    region: region ?? '',
    service: service ?? '',
    signedHeaders,
    signature,
  };
}
