/*
 * The simulator's checks quote a bad value in their messages (`got "…"`), and a value put in
 * the wrong field may be the SK or the token given beside it. Rather than teach every check
 * which values are secret, the errors of a whole check are scrubbed of the secrets of the
 * settings it checked.
 */
import { inspect } from 'node:util';

import { MIN_SECRET_LENGTH, scrub } from '../scrub.js';

/** How many characters of a string value `describe` shows before it cuts the value short. */
const SHOWN_CHARS = 80;

/**
 * Runs `check`, and rethrows what it throws with the secrets of `settings` (scenarios or
 * simulator options, checked or not) replaced by `[redacted]`; see {@link redactedError}.
 */
export function withSecretsRedacted<T>(settings: readonly unknown[], check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw redactedError(error, settings.flatMap(secretsOf));
  }
}

/**
 * The secrets of a scenario or of the simulator's options, as given, valid or not (a check
 * may fail before it reaches them): the `token`, and every string in `aksk` but a pair's `ak`
 * (its `sk`, an SK under a misspelt field, a pair written as one string).
 */
function secretsOf(settings: unknown): string[] {
  if (typeof settings !== 'object' || settings === null) {
    return [];
  }

  const { token, aksk } = settings as { token?: unknown; aksk?: unknown };
  const pairs: unknown[] = Array.isArray(aksk) ? aksk : [aksk];
  const found = [token, ...pairs.flatMap(pairSecrets)];

  return found.filter((value): value is string => typeof value === 'string' && value !== '');
}

function pairSecrets(pair: unknown): unknown[] {
  if (typeof pair !== 'object' || pair === null) {
    return [pair];
  }

  return Object.entries(pair as Record<string, unknown>).flatMap(([key, value]) =>
    key === 'ak' ? [] : [value],
  );
}

/**
 * `error` with each of `secrets` replaced by `[redacted]` in its message: a secret of at least
 * 8 characters wherever it appears, whole or as the first 80 characters a message shows of a
 * longer value; a shorter one only where it is the whole value quoted (`got "ab"`), since alone
 * it would match ordinary words. When the message or the `cause` showed a secret, the error is
 * a new one of the same built-in class, without the `cause`; otherwise `error` itself.
 */
function redactedError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error) || secrets.length === 0) {
    return error;
  }

  const forms = formsOf(secrets);
  const message = scrub(error.message, forms);
  const cause = inspect(error.cause);

  if (message === error.message && scrub(cause, forms) === cause) {
    return error;
  }

  const Kind = [TypeError, RangeError, SyntaxError].find((kind) => error instanceof kind) ?? Error;

  return new Kind(message);
}

/** The text to look for of each secret, longest first, so a form that holds another goes whole. */
function formsOf(secrets: readonly string[]): string[] {
  const forms = secrets.flatMap((secret) =>
    secret.length >= MIN_SECRET_LENGTH
      ? [secret, secret.slice(0, SHOWN_CHARS)]
      : [JSON.stringify(secret)],
  );

  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}
