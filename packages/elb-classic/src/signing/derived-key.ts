import { createHmac } from 'node:crypto';

/** The last part of a credential scope, and of the derivation of its signing key. */
export const SCOPE_TERMINATOR = 'sdk_request';

/** The prefix put before the SK to start the derivation. */
const KEY_PREFIX = 'SDK';

/**
 * The credential scope of the older `Credential=` form: `yyyyMMdd/region/service/sdk_request`,
 * such as `20191115/eu-de/elb/sdk_request`.
 */
export function credentialScope(day: string, region: string, service: string): string {
  return `${day}/${region}/${service}/${SCOPE_TERMINATOR}`;
}

/**
 * The signing key of the `Credential=` form, derived as AWS Signature Version 4 derives its
 * own, with Huawei's prefix and terminator: HMAC-SHA256 keyed with `"SDK" + sk` over the day
 * (`yyyyMMdd`), the result as the key over the region, then over the service, then over
 * `sdk_request`. This is the derivation of the API Gateway signers that send
 * `SDK-HMAC-SHA256 Credential=…/sdk_request` (not the HKDF-based `V11-HMAC-SHA256` scheme).
 */
export function deriveSigningKey(sk: string, day: string, region: string, service: string): Buffer {
  let key = Buffer.from(`${KEY_PREFIX}${sk}`, 'utf8');

  for (const part of [day, region, service, SCOPE_TERMINATOR]) {
    key = createHmac('sha256', key).update(part, 'utf8').digest();
  }

  return key;
}
