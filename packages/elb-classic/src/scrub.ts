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

/** The values of `headers` that may be credentials: all but those of the public headers. */
export function credentialValues(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers)
    .filter(([name]) => !PUBLIC_HEADERS.has(name.toLowerCase()))
    .map(([, value]) => value);
}

/**
 * `text` with every occurrence of each secret replaced by {@link REDACTED}: the secret as it
 * is, and as a JSON string would escape it (`"`, `\`, control characters, and `/` as `\/`),
 * since a server echoes a credential inside a JSON body.
 */
export function scrub(text: string, secrets: readonly string[]): string;
export function scrub(text: string | undefined, secrets: readonly string[]): string | undefined;
export function scrub(text: string | undefined, secrets: readonly string[]): string | undefined {
  let scrubbed = text;

  for (const secret of secrets) {
    for (const form of formsOf(secret)) {
      scrubbed = scrubbed?.replaceAll(form, REDACTED);
    }
  }

  return scrubbed;
}

function formsOf(secret: string): Set<string> {
  const json = JSON.stringify(secret).slice(1, -1);

  return new Set([secret, json, json.replaceAll('/', '\\/')]);
}
