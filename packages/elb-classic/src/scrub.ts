/** What replaces a credential in text taken from a response. */
export const REDACTED = '[redacted]';

/**
 * Credential values shorter than this are not scrubbed: a short value would match ordinary
 * words of a message, and real credentials (IAM tokens, signatures) are far longer.
 */
export const MIN_SECRET_LENGTH = 8;

/**
 * The values worth scrubbing among the credential header values of a request: those of at
 * least {@link MIN_SECRET_LENGTH} characters, each once, longest first (so that a value that
 * holds another is replaced whole).
 */
export function secretsOf(values: Iterable<string>): readonly string[] {
  const long = [...new Set(values)].filter((value) => value.length >= MIN_SECRET_LENGTH);

  return long.sort((a, b) => b.length - a.length);
}

/**
 * Headers an `ElbAuth` may add that carry nothing secret and that a server echoes to explain
 * itself (the gateway quotes `X-Sdk-Date` when a signature has expired), so they stay readable.
 */
const PUBLIC_HEADERS: ReadonlySet<string> = new Set(['x-sdk-date', 'x-project-id']);

/** The `Signature=` part of an `SDK-HMAC-SHA256` `Authorization` value. */
const SIGNATURE = /\bSignature=([^,\s]+)/;

/**
 * The values of `headers` that may be credentials: all but those of the public headers, and
 * the signature inside a signed `Authorization` value on its own, since a server that quotes a
 * signature it refused quotes it without the rest of the header.
 */
export function credentialValues(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers)
    .filter(([name]) => !PUBLIC_HEADERS.has(name.toLowerCase()))
    .flatMap(([, value]) => [value, ...(SIGNATURE.exec(value)?.slice(1) ?? [])]);
}

/**
 * `text` with every occurrence of each secret replaced by {@link REDACTED}: the secret as it
 * is, and as a JSON string would escape it (`"`, `\`, control characters, and `/` as `\/`),
 * since a server echoes a credential inside a JSON body.
 */
export function scrub(text: string, secrets: readonly string[]): string;
export function scrub(text: string | undefined, secrets: readonly string[]): string | undefined;
export function scrub(text: string | undefined, secrets: readonly string[]): string | undefined {
  return text === undefined || secrets.length === 0 ? text : replaceForms(text, formsOf(secrets));
}

/**
 * Every form of each secret that {@link scrub} replaces, in the order of `secrets` (longest
 * first, as `secretsOf` gives them, so that no shorter secret cuts into a longer one).
 */
function formsOf(secrets: readonly string[]): string[] {
  return secrets.flatMap((secret) => {
    const json = JSON.stringify(secret).slice(1, -1);

    return [...new Set([secret, json, json.replaceAll('/', '\\/')])];
  });
}

function replaceForms(text: string, forms: readonly string[]): string {
  let scrubbed = text;

  for (const form of forms) {
    scrubbed = scrubbed.replaceAll(form, REDACTED);
  }

  return scrubbed;
}

/**
 * A copy of `value`, parsed JSON, with {@link scrub} applied to every string in it, object keys
 * included; `value` itself when there are no secrets. Other values are kept as they are.
 *
 * @remarks It recurses once per level of nesting: give it a value whose depth is bounded (the
 * client checks a body's depth first).
 */
export function scrubJson(value: unknown, secrets: readonly string[]): unknown {
  return secrets.length === 0 ? value : scrubValue(value, formsOf(secrets));
}

/**
 * {@link scrubJson} of `value`, parsed from the JSON `text`, skipped when `text` cannot hold a
 * secret: when it holds none of them and no `\`. Without a backslash every string of the JSON
 * reads as it is written, so a secret in a decoded string or key is in `text` too; with one,
 * an escape (`\u004d`) may spell a secret that `text` does not show, and the copy is made.
 */
export function scrubParsedJson(value: unknown, text: string, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return value;

  const mayHold = text.includes('\\') || secrets.some((secret) => text.includes(secret));

  return mayHold ? scrubValue(value, formsOf(secrets)) : value;
}

function scrubValue(value: unknown, forms: readonly string[]): unknown {
  if (typeof value === 'string') return replaceForms(value, forms);
  if (Array.isArray(value)) return value.map((item: unknown) => scrubValue(item, forms));
  if (typeof value !== 'object' || value === null) return value;

  // `fromEntries` defines own properties, so a `__proto__` key stays a plain key.
  const entries = Object.entries(value).map(([key, item]) => [
    replaceForms(key, forms),
    scrubValue(item, forms),
  ]);

  return Object.fromEntries(entries) as unknown;
}
