import { assertId } from '../ids.js';
import { assertNumber, assertObject, describe } from '../validate.js';
import {
  assertHeaderValue,
  assertKnownFields,
  assertOptionalString,
  checkedHeaders,
  jsonText,
} from './fields.js';

/**
 * A fault the simulator injects instead of (or before) the normal answer:
 *
 * - `status`: answers `statusCode` with an error body: `body` verbatim when given (a string as
 *   it is, anything else as JSON), otherwise the `envelope` (default `'gateway'`:
 *   `{ error_code, error_msg, request_id }`; `'service'`: `{ error: { code, message } }`) with
 *   `errorCode` and `errorMessage`; `retryAfter` is sent as the `Retry-After` header (a number
 *   is seconds), and `headers` as they are.
 * - `delay`: waits `delayMs` milliseconds of real time, then answers normally.
 * - `hang`: never answers; the request stays open until the client gives up or the simulator
 *   closes.
 * - `reset`: destroys the connection without an answer.
 * - `malformed`: answers `statusCode` (default 200) with `body` as it is.
 *
 * Every field is checked when the fault is set: an unknown field, a header name or value that
 * cannot be sent (a line break, a character beyond Latin-1), or a body that JSON cannot carry
 * (a BigInt, a circular structure) is refused with a `TypeError` naming the field.
 */
export type SimulatorFault =
  | {
      type: 'status';
      statusCode: number;
      envelope?: 'gateway' | 'service';
      errorCode?: string;
      errorMessage?: string;
      retryAfter?: number | string;
      headers?: Record<string, string>;
      body?: unknown;
    }
  | { type: 'delay'; delayMs: number }
  | { type: 'hang' }
  | { type: 'reset' }
  | { type: 'malformed'; body: string; statusCode?: number };

/** Which requests a fault applies to. */
export interface FaultScope {
  /** Only requests for this job. Default: every request. */
  jobId?: string;
  /** How many requests the fault applies to before it is spent. Default: all until cleared. */
  times?: number;
}

interface ArmedFault {
  readonly fault: SimulatorFault;
  readonly jobId: string | undefined;
  remaining: number;
}

/** The faults set on a simulator, applied first set, first served. */
export class FaultList {
  readonly #faults: ArmedFault[] = [];

  /**
   * Adds a copy of a fault, its body already serialised, so that nothing the caller changes
   * later can make it fail to serve.
   *
   * @throws TypeError or RangeError naming the field of an invalid fault or scope.
   */
  add(fault: SimulatorFault, scope: FaultScope = {}): void {
    const checked = checkedFault(fault);
    assertObject('scope', scope);
    assertKnownFields('scope', scope, ['jobId', 'times']);
    const { jobId, times = Infinity } = scope;
    if (jobId !== undefined) assertId('jobId', jobId);
    if (times !== Infinity) assertNumber('times', times, { min: 1, max: 1e9, integer: true });

    this.#faults.push({ fault: checked, jobId, remaining: times });
  }

  clear(): void {
    this.#faults.length = 0;
  }

  /** Takes the fault for one request to `jobId` (absent for a request to no job), if any. */
  take(jobId: string | undefined): SimulatorFault | undefined {
    const index = this.#faults.findIndex((f) => f.jobId === undefined || f.jobId === jobId);
    const armed = this.#faults[index];

    if (armed === undefined) {
      return undefined;
    }

    armed.remaining -= 1;
    if (armed.remaining <= 0) this.#faults.splice(index, 1);

    return armed.fault;
  }
}

const FIELDS: Readonly<Record<SimulatorFault['type'], readonly string[]>> = {
  status: [
    'type',
    'statusCode',
    'envelope',
    'errorCode',
    'errorMessage',
    'retryAfter',
    'headers',
    'body',
  ],
  delay: ['type', 'delayMs'],
  hang: ['type'],
  reset: ['type'],
  malformed: ['type', 'body', 'statusCode'],
};

const statusRange = { min: 100, max: 599, integer: true };

function checkedFault(fault: unknown): SimulatorFault {
  assertObject('fault', fault);
  const { type } = fault as { type?: unknown };

  if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type)) {
    const types = Object.keys(FIELDS).join(', ');
    throw new TypeError(`Expected option \`fault.type\` to be one of ${types}`);
  }

  const f = fault as SimulatorFault;
  assertKnownFields('fault', f, FIELDS[f.type]);

  switch (f.type) {
    case 'status':
      return checkedStatusFault(f);
    case 'delay':
      assertNumber('fault.delayMs', f.delayMs);
      return { type: 'delay', delayMs: f.delayMs };
    case 'malformed':
      return checkedMalformed(f);
    default:
      return { type: f.type };
  }
}

type StatusFault = Extract<SimulatorFault, { type: 'status' }>;

function checkedStatusFault(fault: StatusFault): StatusFault {
  const { statusCode, envelope, errorCode, errorMessage, retryAfter, headers, body } = fault;
  assertNumber('fault.statusCode', statusCode, statusRange);

  if (envelope !== undefined && envelope !== 'gateway' && envelope !== 'service') {
    throw new TypeError(
      `Expected option \`fault.envelope\` to be 'gateway' or 'service', got ${describe(envelope)}`,
    );
  }

  assertOptionalString('fault.errorCode', errorCode);
  assertOptionalString('fault.errorMessage', errorMessage);

  return {
    type: 'status',
    statusCode,
    envelope,
    errorCode,
    errorMessage,
    retryAfter: retryAfter === undefined ? undefined : checkedRetryAfter(retryAfter),
    headers: headers === undefined ? undefined : checkedHeaders('fault.headers', headers),
    body: body === undefined || typeof body === 'string' ? body : jsonText('fault.body', body),
  };
}

/** A `Retry-After` value as sent: a finite number of seconds, or any string a header holds. */
function checkedRetryAfter(value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new TypeError(`Expected option \`fault.retryAfter\` to be finite, got ${value}`);
    }

    return String(value);
  }

  assertHeaderValue('fault.retryAfter', value);

  return value;
}

function checkedMalformed({ body, statusCode = 200 }: { body: unknown; statusCode?: number }) {
  if (typeof body !== 'string') {
    throw new TypeError(`Expected option \`fault.body\` to be a string, got ${describe(body)}`);
  }

  assertNumber('fault.statusCode', statusCode, statusRange);

  return { type: 'malformed' as const, body, statusCode };
}
