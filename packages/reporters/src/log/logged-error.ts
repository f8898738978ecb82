/**
 * An error as the log reporter writes it: a few named fields, never the object itself, whose
 * other fields (request options, headers, responses) may hold secrets.
 */
export interface LoggedError {
  /** The error's class name, such as `'JobFailedError'`. */
  readonly name: string;
  /** The error's message; `''` when it has none. */
  readonly message: string;
  /** The error's stable code, such as `'ERR_WAIT_TIMEOUT'` or `'ECONNRESET'`, when a string. */
  readonly code?: string;
  /** The HTTP status of an adapter's HTTP error, when present as an integer. */
  readonly statusCode?: number;
  /** The provider's request id of an adapter's HTTP error, when present as a string. */
  readonly requestId?: string;
}

/**
 * The fields of `error` the reporter logs: `name`, `message`, and `code`, `statusCode` and
 * `requestId` when they have the expected type. Anything else is left out, whatever the
 * object holds. `undefined` when `error` is not an object.
 */
export function loggedError(error: unknown): LoggedError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;

  const { name, message, code, statusCode, requestId } = error as Record<string, unknown>;

  return {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : '',
    ...(typeof code === 'string' ? { code } : {}),
    ...(Number.isInteger(statusCode) ? { statusCode: statusCode as number } : {}),
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
}
