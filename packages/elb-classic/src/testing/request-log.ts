import type { IncomingHttpHeaders } from 'node:http';

import { REDACTED } from '../scrub.js';
import type { SimulatorFault } from './faults.js';

/** What replaces a credential in the log (and in errors, where a server echoed one). */
export { REDACTED };

/** One request the simulator received, as its log keeps it. */
export interface SimulatedRequest {
  readonly method: string;
  /** The path and query as sent, not decoded. */
  readonly path: string;
  /**
   * When the request arrived, by the simulator's clock, in ms since the epoch; `NaN` when the
   * clock threw.
   */
  readonly time: number;
  /** The job the path names, when it names one of this project. */
  readonly jobId: string | undefined;
  /** The request headers, names in lower case; credential values are replaced. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The status answered; `undefined` while unanswered, and for a hang or a reset. For a
   * truncated answer, the status of its head.
   */
  readonly status: number | undefined;
  /** The type of the fault injected into this request, if any. */
  readonly fault: SimulatorFault['type'] | undefined;
  /** Whether the throttle answered this request, with a 429 `APIGW.0308`. */
  readonly throttled: boolean;
  /**
   * Why the simulator failed to answer as scripted, when it did (it then answered a 500
   * `SIM.INTERNAL_ERROR`); `undefined` otherwise.
   */
  readonly error: string | undefined;
}

/** A log entry the simulator still fills in. */
export type RequestLogEntry = { -readonly [K in keyof SimulatedRequest]: SimulatedRequest[K] };

const SECRET_HEADERS = new Set([
  'x-auth-token',
  'x-subject-token',
  'x-security-token',
  'authorization',
  'cookie',
  'proxy-authorization',
]);

/** Headers as the log keeps them: lower-case names, credentials redacted, lists joined. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)
      .map(([name, value]) => [
        name,
        SECRET_HEADERS.has(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : value,
      ]),
  );
}
