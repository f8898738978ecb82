/** What the reporters write in place of a redacted secret. */
export const REDACTED = '[redacted]';

/** Replaces secrets in one string. */
export type Redact = (text: string) => string;

/**
 * A function that replaces each of `secrets` in a text by `[redacted]`, as given and in its
 * percent-encoded form (`encodeURIComponent`), as a server may echo either. Longer secrets
 * are matched first, and the text is scanned once, so a secret that contains another is
 * replaced whole and a replacement is never matched again.
 */
export function redactor(secrets: readonly string[]): Redact {
  const forms = new Set(secrets.flatMap((secret) => [secret, encodeURIComponent(secret)]));

  if (forms.size === 0) return (text) => text;

  const pattern = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );

  return (text) => text.replace(pattern, REDACTED);
}

/**
 * A copy of `value` with `redact` applied to every string in it, in nested arrays and plain
 * objects too; without `redact`, `value` itself. Keys are kept as they are: the reporter
 * chooses them.
 */
export function redactStrings<V>(value: V, redact: Redact | undefined): V {
  if (redact === undefined) return value;
  if (typeof value === 'string') return redact(value) as V;
  if (Array.isArray(value)) return value.map((item: unknown) => redactStrings(item, redact)) as V;
  if (typeof value !== 'object' || value === null) return value;

  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, redactStrings<unknown>(item, redact)]),
  ) as V;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
