import type { IncomingMessage } from 'node:http';

import { assertAccessKey, assertSecretKey } from '../signing/credential-checks.js';
import { formatSdkDate } from '../signing/sdk-date.js';
import { verifySignature, type SignatureRejection } from '../signing/verify.js';
import { assertKnownFields } from '../validate.js';
import type { ErrorText } from './error-responses.js';

/** An AK/SK pair the simulator accepts. */
export interface SimulatorAkskCredential {
  readonly ak: string;
  readonly sk: string;
}

/** The largest request body the simulator reads to check a signature: 1 MiB. */
const MAX_BODY_BYTES = 1024 * 1024;

// The gateway answers every failed IAM check with APIGW.0301; only the message says why.
const IAM_CODE = 'APIGW.0301';
const IAM_PREFIX = 'Incorrect IAM authentication information';

/**
 * The SK of each AK of the simulator's `aksk` option; `undefined` when the option is absent.
 *
 * @throws TypeError naming `aksk`, `aksk[i]`, `aksk[i].ak` or `aksk[i].sk`, never showing an
 *   SK.
 */
export function akskCredentials(aksk: unknown): ReadonlyMap<string, string> | undefined {
  if (aksk === undefined) {
    return undefined;
  }

  return new Map(checkedAkskPairs('aksk', aksk).map(({ ak, sk }) => [ak, sk]));
}

/**
 * A checked copy of option `name`, a list of AK/SK pairs: an array of objects of an `ak` and an
 * `sk` alone (an unknown field is refused, naming it), no AK given twice.
 *
 * @throws TypeError naming the field (`name[1].sk`), never showing an SK.
 */
export function checkedAkskPairs(name: string, aksk: unknown): SimulatorAkskCredential[] {
  if (!Array.isArray(aksk)) {
    // Only the type: a string here may well be a key pair written as one value.
    const got = aksk === null ? 'null' : `a value of type ${typeof aksk}`;
    throw new TypeError(`Expected option \`${name}\` to be an array of { ak, sk }, got ${got}`);
  }

  const seen = new Set<string>();

  return aksk.map((pair: unknown, index) => {
    const at = `${name}[${index}]`;
    const { ak, sk } = checkedPair(at, pair);

    if (seen.has(ak)) {
      throw new TypeError(`Expected option \`${at}.ak\` to be given once`);
    }
    seen.add(ak);

    return { ak, sk };
  });
}

function checkedPair(name: string, pair: unknown): SimulatorAkskCredential {
  // No `describe` of the value: a pair written as one string would show its SK.
  if (typeof pair !== 'object' || pair === null || Array.isArray(pair)) {
    throw new TypeError(`Expected option \`${name}\` to be an object { ak, sk }`);
  }

  assertKnownFields(name, pair, ['ak', 'sk']);
  const { ak, sk } = pair as Partial<SimulatorAkskCredential>;
  assertAccessKey(`${name}.ak`, ak);
  assertSecretKey(`${name}.sk`, sk);

  return { ak, sk };
}

/** Whether the request says it is signed with `SDK-HMAC-SHA256`. */
export function isAkskSigned(req: IncomingMessage): boolean {
  return /^\s*SDK-HMAC-SHA256\s/.test(req.headers.authorization ?? '');
}

/**
 * Reads the body of a signed request and checks its signature against `credentials` at the
 * simulator's time: `undefined` when it holds, otherwise the text of the gateway's 401
 * `APIGW.0301`, with the reason in the gateway's words.
 */
export async function checkAksk(
  credentials: ReadonlyMap<string, string>,
  req: IncomingMessage,
  clock: () => number,
): Promise<ErrorText | undefined> {
  const body = await readBody(req);
  const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body };
  const verdict = await verifySignature(request, (ak) => credentials.get(ak), { clock });

  return verdict.valid ? undefined : { code: IAM_CODE, message: gatewayMessage(verdict) };
}

function gatewayMessage(verdict: SignatureRejection): string {
  const { reason, detail, signedAtMs, verifiedAtMs } = verdict;

  switch (reason) {
    case 'missing-authorization':
      return `${IAM_PREFIX}: x-auth-token not found`;
    case 'unknown-access-key':
      // The gateway's documented answer; the AK is masked as its documentation shows it.
      return `${IAM_PREFIX}: Get secretKey failed,ak:******,err:ak not exist`;
    case 'date-skew':
      return (
        `${IAM_PREFIX}: signature expired, signature time:${formatSdkDate(signedAtMs ?? 0)},` +
        `server time:${formatSdkDate(verifiedAtMs ?? 0)}`
      );
    default:
      return `${IAM_PREFIX}: verify aksk signature fail, ${detail}`;
  }
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;

    // A body over the cap is read to its end but not kept, so the 500 can still be answered.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`the request body is over ${MAX_BODY_BYTES} bytes`));
      } else {
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', reject);
  });
}
