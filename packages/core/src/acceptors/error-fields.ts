/**
 * The names an error goes by, in the order an `errorType` matcher tries them: its `code`,
 * its `name`, and the `code` of its `cause` (where `fetch` puts the Node.js network code).
 * Only strings count.
 */
export function errorNamesOf(error: unknown): string[] {
  const cause = fieldOf(error, 'cause');
  const names = [fieldOf(error, 'code'), fieldOf(error, 'name'), fieldOf(cause, 'code')];

  return names.filter((name): name is string => typeof name === 'string');
}

/**
 * The code and reason a failure acceptor reports for an error. The code is the error's
 * `code`, else its cause's `code`, else its `name` unless that is the bare `'Error'`, which
 * says nothing; the reason is its `message`, or the thrown value itself when that is a string.
 */
export function errorFailureFields(error: unknown): { code?: string; reason?: string } {
  const cause = fieldOf(error, 'cause');
  const name = fieldOf(error, 'name');
  const code = [
    fieldOf(error, 'code'),
    fieldOf(cause, 'code'),
    name === 'Error' ? undefined : name,
  ].find((candidate) => typeof candidate === 'string');
  const message = typeof error === 'string' ? error : fieldOf(error, 'message');

  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof message === 'string' ? { reason: message } : {}),
  };
}

function fieldOf(value: unknown, key: string): unknown {
  return (typeof value === 'object' && value !== null) || typeof value === 'function'
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
