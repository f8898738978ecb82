import type { IncomingHttpHeaders } from 'node:http';

/**
 * The text of header `name` (lower case): its first value when it was repeated, `undefined`
 * when it is absent or empty. A transport of the user's may give any value, so only a string
 * counts as a header's text.
 */
export function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value: unknown = headers[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;

  return typeof first === 'string' && first !== '' ? first : undefined;
}
