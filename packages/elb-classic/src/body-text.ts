/**
 * A field of a provider's body as text: the value when it is a non-empty string, otherwise
 * `undefined`. The body is the provider's, so a field that goes into a message, a detail or
 * an event is used only when it is the string it should be.
 */
export function bodyText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
