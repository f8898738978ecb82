import { describe } from '../validate.js';
import { ACCESS_KEY, SCOPE_NAME, type SigningForm } from './authorization-header.js';

// Printable ASCII only: a header value with a line break or a control character would let a
// credential rewrite the request.
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

/** Checks option `name` as an access key; its value is never shown. */
export function assertAccessKey(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !ACCESS_KEY.test(value)) {
    throw new TypeError(
      `Expected option \`${name}\` to be a non-empty string of letters, digits, \`-\`, \`_\`, ` +
        '`.` or `~` (its value is not shown)',
    );
  }
}

/** Checks option `name` as a secret key; its value is never shown. */
export function assertSecretKey(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(
      `Expected option \`${name}\` to be a non-empty string (its value is not shown)`,
    );
  }
}

/** Checks option `name`, sent as a header, as printable ASCII; its value is never shown. */
export function assertHeaderToken(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !HEADER_TOKEN.test(value)) {
    throw new TypeError(
      `Expected option \`${name}\` to be a non-empty string of printable ASCII characters ` +
        '(its value is not shown)',
    );
  }
}

/** Checks option `name` as a region or service name of a credential scope. */
export function assertScopeName(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !SCOPE_NAME.test(value)) {
    throw new TypeError(
      `Expected option \`${name}\` to be a non-empty string of letters, digits, \`-\`, \`_\` ` +
        `or \`.\`, got ${describe(value)}`,
    );
  }
}

/** Checks option `name` as a {@link SigningForm}. */
export function assertForm(name: string, value: unknown): asserts value is SigningForm {
  if (value !== 'access' && value !== 'credential') {
    throw new TypeError(
      `Expected option \`${name}\` to be 'access' or 'credential', got ${describe(value)}`,
    );
  }
}
