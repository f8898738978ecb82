import { printable, type OutputStream } from '@jobwait/reporters';

/** The text that stands for a secret in output. */
export const REDACTED = '[redacted]';

/**
 * Replaces every occurrence of each secret in `text`: as given, in its {@link printable} form
 * (how a secret with a control character is written) and in its JSON-escaped form (how
 * `--output json` writes one with a quote or a backslash). Longer forms go first, so a secret
 * that begins with another is not left half shown. Secrets shorter than 4 are ignored.
 */
export function redact(text: string, secrets: readonly string[]): string {
  return formsOf(secrets).reduce((out, form) => out.split(form).join(REDACTED), text);
}

function formsOf(secrets: readonly string[]): string[] {
  const forms = secrets
    .filter((secret) => secret.length >= 4)
    .flatMap((secret) => [secret, printable(secret), JSON.stringify(secret).slice(1, -1)]);

  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/**
 * A stream that writes to `stream` with every secret replaced. `secrets` is read at each write,
 * so a secret added to the list later is replaced from then on. The adapters never put a token
 * in a message; this is the second line of defence, for text nobody has vetted, such as an
 * unexpected error's message, a provider's body, or a usage error that echoes an argument.
 */
export function redactingStream(stream: OutputStream, secrets: readonly string[]): OutputStream {
  return {
    isTTY: stream.isTTY,
    // Read at each use: a terminal's size changes when its window is resized.
    get columns() {
      return stream.columns;
    },
    get rows() {
      return stream.rows;
    },
    ...(stream.hasColors === undefined
      ? {}
      : { hasColors: (env) => stream.hasColors?.(env) ?? false }),
    write: (chunk) => stream.write(redact(chunk, secrets)),
    on: (event, listener) => stream.on?.(event, listener),
    off: (event, listener) => stream.off?.(event, listener),
  };
}

/**
 * A copy of a waiter event with every secret replaced in its strings, nested ones included,
 * for reporters that write or send events: the log's records and the webhook's messages hold
 * the texts of errors, which a server may have filled with what it was sent. `secrets` is read
 * at each call. The `observation` is passed on as it is: no reporter of the command writes or
 * sends it, and copying a large job body for each event would be waste.
 */
export function redactEvent<E>(event: E, secrets: readonly string[]): E {
  if (!isRecord(event)) return event;

  const entries = Object.entries(event).map(([key, value]) => [
    key,
    key === 'observation' ? value : redactValue(value, secrets),
  ]);

  return Object.fromEntries(entries) as E;
}

function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (!isRecord(value)) return value;

  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, redactValue(item, secrets)]),
  );
}

/** A plain object: anything else (a `Date`, a class instance) is passed on as it is. */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;

  const prototype: unknown = Object.getPrototypeOf(value);

  return prototype === Object.prototype || prototype === null;
}
