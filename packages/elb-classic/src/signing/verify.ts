import { timingSafeEqual } from 'node:crypto';

import { assertFunction, assertNumber } from '../validate.js';
import {
  parseAuthorization,
  type AuthorizationParts,
  type SigningForm,
} from './authorization-header.js';
import { parseSdkDate } from './sdk-date.js';
import { signRequest } from './sign.js';

/** A request as a server received it. */
export interface VerifiableRequest {
  /** The HTTP method, as received. */
  readonly method: string;
  /**
   * The request target as received, such as `/v1.0/p/jobs/j?limit=1` (`req.url` of
   * node:http), or a URL. Only its path and query are read.
   */
  readonly url: string | URL;
  /** The headers as received, names in lower case (as node:http gives them). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The exact body bytes received. Default: none. */
  readonly body?: Uint8Array;
}

/** Finds the SK of an AK: `undefined` (or a promise of it) when the AK is unknown. */
export type SecretKeyLookup = (
  accessKey: string,
) => string | undefined | Promise<string | undefined>;

/** Options of {@link verifySignature}. */
export interface VerifySignatureOptions {
  /** The verifier's time, in ms since the epoch. Default `Date.now`. */
  readonly clock?: () => number;
  /** How far `X-Sdk-Date` may be from the verifier's time, either way. Default 900 000 ms. */
  readonly maxSkewMs?: number;
}

/** Why a signature was refused. */
export type SignatureFailure =
  | 'missing-authorization'
  | 'malformed-authorization'
  | 'malformed-date'
  | 'unknown-access-key'
  | 'bad-signature'
  | 'date-skew';

/** A signature that holds. */
export interface SignatureAcceptance {
  readonly valid: true;
  readonly accessKey: string;
  readonly form: SigningForm;
  /** The time `X-Sdk-Date` names, in ms since the epoch. */
  readonly signedAtMs: number;
}

/** A signature refused, and why; it never holds a secret. */
export interface SignatureRejection {
  readonly valid: false;
  readonly reason: SignatureFailure;
  /** The reason in words, naming the header or the part at fault. */
  readonly detail: string;
  /** The AK the `Authorization` header named, once it could be read. */
  readonly accessKey?: string;
  /** The time `X-Sdk-Date` names, once it could be read, in ms since the epoch. */
  readonly signedAtMs?: number;
  /** For a `date-skew`: the verifier's time, in ms since the epoch. */
  readonly verifiedAtMs?: number;
}

/** What {@link verifySignature} found. */
export type SignatureVerdict = SignatureAcceptance | SignatureRejection;

/** The default largest distance between `X-Sdk-Date` and the verifier's time: 15 minutes. */
export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

interface Claim {
  readonly parts: AuthorizationParts;
  readonly signedAtMs: number;
}

/**
 * Checks the `SDK-HMAC-SHA256` signature of a received request, in either form, as the gateway
 * would: reads the `Authorization` header, finds the SK of its AK with `lookup`, signs the
 * request again over the headers it names and the exact body, compares the signatures in
 * constant time, and checks that `X-Sdk-Date` is within `maxSkewMs` of the verifier's clock.
 * For a test server (the simulator uses it); a real gateway is the judge that counts.
 *
 * @returns a verdict; a refusal names its `reason` (`missing-authorization`,
 *   `malformed-authorization`, `malformed-date`, `unknown-access-key`, `bad-signature`,
 *   `date-skew`) and never holds the SK.
 * @throws TypeError or RangeError naming an invalid option, or when `lookup` gives other than
 *   a non-empty string or `undefined`; whatever `lookup` throws.
 */
export async function verifySignature(
  request: VerifiableRequest,
  lookup: SecretKeyLookup,
  options: VerifySignatureOptions = {},
): Promise<SignatureVerdict> {
  const { clock = Date.now, maxSkewMs = DEFAULT_MAX_SKEW_MS } = options;
  assertFunction('lookup', lookup);
  assertFunction('clock', clock);
  assertNumber('maxSkewMs', maxSkewMs, { max: Number.MAX_SAFE_INTEGER });

  const claim = readClaim(request);
  if ('reason' in claim) return claim;

  const { accessKey, form } = claim.parts;
  const { signedAtMs } = claim;
  const sk = await lookup(accessKey);
  if (sk === undefined) {
    return { ...rejection('unknown-access-key', `AK ${accessKey} is unknown`), accessKey };
  }

  const mismatch = compareSignature(request, claim, checkedSecretKey(sk));
  if (mismatch !== undefined) return { ...mismatch, accessKey, signedAtMs };

  const verifiedAtMs = clock();
  if (!(Math.abs(verifiedAtMs - signedAtMs) <= maxSkewMs)) {
    const detail = `X-Sdk-Date is more than ${maxSkewMs} ms from the verifier's time`;
    return { valid: false, reason: 'date-skew', detail, accessKey, signedAtMs, verifiedAtMs };
  }

  return { valid: true, accessKey, form, signedAtMs };
}

function checkedSecretKey(sk: unknown): string {
  if (typeof sk !== 'string' || sk === '') {
    throw new TypeError(
      'Expected option `lookup` to give a non-empty string or undefined (its value is not shown)',
    );
  }

  return sk;
}

/** The parsed `Authorization` header and `X-Sdk-Date`, or why they cannot be used. */
function readClaim(request: VerifiableRequest): Claim | SignatureRejection {
  const authorization = headerValue(request, 'authorization');
  if (authorization === undefined) {
    return rejection('missing-authorization', 'the request has no Authorization header');
  }

  const parts = parseAuthorization(authorization);
  if (parts === undefined) {
    const detail = 'Authorization is not SDK-HMAC-SHA256 in the Access= or Credential= form';
    return rejection('malformed-authorization', detail);
  }

  const date = headerValue(request, 'x-sdk-date');
  const signedAtMs = date === undefined ? undefined : parseSdkDate(date);
  if (date === undefined || signedAtMs === undefined) {
    const detail = 'X-Sdk-Date is missing or not yyyyMMddTHHmmssZ';
    return { ...rejection('malformed-date', detail), accessKey: parts.accessKey };
  }

  const fault = signedHeadersFault(parts, date);
  if (fault !== undefined) {
    return { ...rejection('malformed-authorization', fault), accessKey: parts.accessKey };
  }

  return { parts, signedAtMs };
}

/** What is wrong with the signed header list or the scope, if anything. */
function signedHeadersFault(parts: AuthorizationParts, date: string): string | undefined {
  const names = parts.signedHeaders;
  const sorted = names.every((name, i) => i === 0 || (names[i - 1] ?? '') < name);

  if (!sorted) {
    return 'SignedHeaders must be sorted and hold each name once';
  }

  if (!names.includes('host') || !names.includes('x-sdk-date')) {
    return 'SignedHeaders must include host and x-sdk-date';
  }

  if (parts.form === 'credential' && parts.day !== date.slice(0, 8)) {
    return 'the day of the credential scope differs from X-Sdk-Date';
  }

  return undefined;
}

/** Signs the request again with `sk`; a rejection when the signatures differ. */
function compareSignature(
  request: VerifiableRequest,
  { parts }: Claim,
  sk: string,
): SignatureRejection | undefined {
  const headers: Record<string, string> = {};

  for (const name of parts.signedHeaders) {
    const value = headerValue(request, name);
    if (value === undefined) {
      return rejection('bad-signature', `the signed header ${name} is missing from the request`);
    }
    headers[name] = value;
  }

  const url = urlOf(request.url);
  if (url === undefined) {
    return rejection('bad-signature', 'the request target is not a path or a URL');
  }

  const { method, body } = request;
  const { accessKey: ak, signedHeaders } = parts;
  const credentials =
    parts.form === 'credential'
      ? { ak, sk, form: parts.form, region: parts.region, service: parts.service }
      : { ak, sk };
  const { signature } = signRequest({ method, url, headers, body }, credentials, { signedHeaders });
  const same = timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(parts.signature, 'hex'));

  return same ? undefined : rejection('bad-signature', 'the signature does not match the request');
}

function rejection(reason: SignatureFailure, detail: string): SignatureRejection {
  return { valid: false, reason, detail };
}

/** A header's value; repeated values (an array) joined by commas. */
function headerValue(request: VerifiableRequest, name: string): string | undefined {
  const value = request.headers[name];

  return typeof value === 'string' ? value : value?.join(',');
}

function urlOf(target: string | URL): URL | undefined {
  if (target instanceof URL) {
    return target;
  }

  try {
    // Only the path and the query are signed, so a path is read against a placeholder origin.
    return target.startsWith('/') ? new URL(`http://verifier.invalid${target}`) : new URL(target);
  } catch {
    return undefined;
  }
}
