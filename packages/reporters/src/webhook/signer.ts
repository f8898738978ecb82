import { Webhook } from 'standardwebhooks';

import { kindOf } from '../option-values.js';

/** The three headers of the Standard Webhooks scheme, for one attempt of one message. */
export interface SignatureHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** Signs and checks messages with one secret, which it holds out of sight. */
export interface Signer {
  /** The headers for sending `body` as message `id` at `timeMs` (milliseconds since the epoch). */
  sign(id: string, timeMs: number, body: Uint8Array): SignatureHeaders;
  /**
   * Checks `body` against `headers`; the timestamp must be within 5 minutes of `Date.now()`.
   *
   * @throws standardwebhooks' `WebhookVerificationError` when the headers do not match.
   */
  verify(body: string | Uint8Array, headers: Record<string, string>): void;
}

const PREFIX = 'whsec_';

/**
 * The shortest key, in bytes once decoded, that the Standard Webhooks specification allows for
 * HMAC-SHA256 signatures (192 bits); `standardwebhooks` itself only refuses an empty one.
 */
const MIN_KEY_BYTES = 24;

/**
 * A {@link Signer} for a Standard Webhooks secret: base64, optionally prefixed by `whsec_`.
 * The secret lives in a closure only, so no `inspect`, `JSON.stringify` or `toString` of an
 * object holding the signer can show it.
 *
 * @param optionName - how errors name the secret, such as `secret`.
 * @throws TypeError naming the option, and never showing its value, when the secret is not a
 *   base64 string of at least 24 bytes, the least the Standard Webhooks specification allows.
 */
export function createSigner(secret: unknown, optionName: string): Signer {
  const webhook = webhookFor(secret, optionName);

  return {
    sign(id, timeMs, body) {
      const signature = webhook.sign(id, new Date(timeMs), body);

      return {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(timeMs / 1000)),
        'webhook-signature': signature,
      };
    },
    verify(body, headers) {
      webhook.verify(body, headers, { jsonParse: false });
    },
  };
}

function webhookFor(secret: unknown, optionName: string): Webhook {
  const expected = `Expected option \`${optionName}\` to be a base64 secret, such as 'whsec_…'`;

  if (typeof secret !== 'string') {
    throw new TypeError(`${expected}, got ${kindOf(secret)}`);
  }

  const key = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;

  // The decoder of standardwebhooks accepts some text that is not base64; refuse it first.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) {
    throw new TypeError(`${expected}; it is not base64 (its value is not shown)`);
  }

  const bytes = Buffer.byteLength(key, 'base64');

  if (bytes < MIN_KEY_BYTES) {
    throw new TypeError(
      `${expected}; it holds ${bytes} byte${bytes === 1 ? '' : 's'}, and at least ` +
        `${MIN_KEY_BYTES} are needed (its value is not shown)`,
    );
  }

  try {
    return new Webhook(secret);
  } catch {
    // The library's message is generic; this one names the option and hides the value.
    throw new TypeError(`${expected}; it could not be read (its value is not shown)`);
  }
}
