import { validateHeaderName, validateHeaderValue } from 'node:http';

/** Whether `name` can be sent as an HTTP header name (a token: no space, colon or the like). */
export function isHeaderName(name: string): boolean {
  return succeeds(() => validateHeaderName(name));
}

/**
 * Whether `value` can be sent as an HTTP header value: a string of Latin-1 characters without
 * line breaks or other control characters (a tab is allowed).
 */
export function isHeaderValue(value: unknown): value is string {
  return typeof value === 'string' && succeeds(() => validateHeaderValue('x', value));
}

function succeeds(check: () => void): boolean {
  try {
    check();

    return true;
  } catch {
    return false;
  }
}
