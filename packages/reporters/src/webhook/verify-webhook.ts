import { shown } from '../option-values.js';
import { WebhookVerificationError } from './errors.js';
import { assertKnownOptions } from './option-checks.js';
import { createSigner } from './signer.js';

/** The request headers, as Node.js (`IncomingHttpHeaders`) or Fetch (`Headers`) has them. */
export type WebhookHeaders =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /**
   * The secret the reporter signs with: base64, optionally prefixed by `whsec_`, of at least
   * 24 bytes once decoded.
   */
  secret: string;
  /**
   * The request's headers; names are matched without regard to case. A `webhook-signature`
   * sent more than once may come joined by `", "` (as Node.js and the Fetch API join
   * repeated headers) or as an array.
   */
  headers: WebhookHeaders;
  /** The raw body, exactly as received: a `Buffer`, another `Uint8Array`, or a string. */
  body: string | Uint8Array;
}

const SIGNED_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/** How far a timestamp may be from the receiver's clock, as `standardwebhooks` allows. */
const TOLERANCE_SECONDS = 5 * 60;

/**
 * Checks a webhook the reporter sent, for a receiver: the Standard Webhooks signature over the
 * id, the timestamp and the raw body, with the `standardwebhooks` package, and a timestamp
 * within 5 minutes of the receiver's clock; then returns the body parsed as JSON. Any one of
 * the signatures in `webhook-signature` may match (space-separated `v1,<signature>` entries,
 * or entries joined by `", "` where the header came more than once). Receivers should
 * de-duplicate by the `webhook-id` header, which a retry repeats.
 *
 * @typeParam T - what the caller expects the payload to be; it is not checked.
 * @throws WebhookVerificationError whose `problem` says which check failed; TypeError naming
 *   the option when an option is missing or of the wrong type (never showing the secret).
 *
 * @example
 * ```ts
 * const payload = verifyWebhook({ secret, headers: request.headers, body: rawBody });
 * ```
 */
export function verifyWebhook<T = unknown>(options: VerifyWebhookOptions): T {
  assertKnownOptions('verifyWebhook', options, ['secret', 'headers', 'body']);

  const { secret, headers, body } = options;
  const signer = createSigner(secret, 'secret');
  const bytes = bodyBytes(body);
  const signed = signedHeaders(headers);

  assertFreshTimestamp(Number(signed['webhook-timestamp']));
  try {
    signer.verify(bytes, signed);
  } catch (error) {
    throw new WebhookVerificationError(
      'signature',
      'No webhook signature matches the body under this secret',
      { cause: error },
    );
  }

  return parsePayload(bytes) as T;
}

function bodyBytes(body: unknown): Uint8Array {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return body;

  throw new TypeError(
    `Expected option \`body\` to be a string or a Uint8Array, got ${shown(body)}`,
  );
}

/** The three signed headers, or an error naming the first one absent or malformed. */
function signedHeaders(headers: unknown): Record<string, string> {
  if (typeof headers !== 'object' || headers === null) {
    throw new TypeError(`Expected option \`headers\` to be an object, got ${shown(headers)}`);
  }

  const signed: Record<string, string> = {};

  for (const name of SIGNED_HEADERS) {
    const value = headerValue(headers, name);
    if (value === undefined || value === '') {
      throw new WebhookVerificationError('missing-headers', `The \`${name}\` header is missing`);
    }
    if (typeof value !== 'string' || (name === 'webhook-timestamp' && !/^\d{1,15}$/.test(value))) {
      throw name === 'webhook-timestamp'
        ? new WebhookVerificationError(
            'timestamp',
            'The `webhook-timestamp` header is not a number of seconds',
          )
        : new WebhookVerificationError('missing-headers', `The \`${name}\` header is not text`);
    }
    signed[name] = value;
  }
  signed['webhook-signature'] = signatureList(signed['webhook-signature'] ?? '');

  return signed;
}

/**
 * One header, whatever the case of its name: repeated headers given as an array are joined by
 * a space. `undefined` when absent; a value that is not text (a number put in by the caller's
 * own code) is returned as it is, for the caller to refuse.
 */
function headerValue(headers: object, name: string): unknown {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): unknown }).get(name) ?? undefined;
  }

  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  const value: unknown = entry?.[1];

  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.join(' ');
  }

  return value;
}

/**
 * The signatures of a `webhook-signature` header as the specification writes them, `v1,<sig>`
 * entries apart by single spaces, which is what `standardwebhooks` splits on. A header sent
 * more than once reaches a receiver joined by `", "` (Node.js, and the Fetch API's `get`), so
 * the comma that then ends an entry is dropped: base64 has no comma, so no signature ends
 * with one. Entries are compared whole, so one run together with another never matches.
 */
function signatureList(header: string): string {
  return header
    .split(/\s+/)
    .map((entry) => (entry.endsWith(',') ? entry.slice(0, -1) : entry))
    .filter((entry) => entry !== '')
    .join(' ');
}

/**
 * Refuses a timestamp more than 5 minutes away from `Date.now()`, as `standardwebhooks` would,
 * but first, so that the problem is named for sure rather than read from its message.
 */
function assertFreshTimestamp(seconds: number): void {
  if (Math.abs(Math.floor(Date.now() / 1000) - seconds) > TOLERANCE_SECONDS) {
    throw new WebhookVerificationError(
      'timestamp',
      'The webhook timestamp is more than 5 minutes away from this clock',
    );
  }
}

function parsePayload(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new WebhookVerificationError(
      'payload',
      'The webhook is signed, but its body is not JSON in UTF-8',
      { cause: error },
    );
  }
}
