import { assertId } from '../ids.js';
import { assertKnownFields, assertNumber, assertObject, describe, fieldName } from '../validate.js';
import { assertHeaderValue, assertOptionalString, checkedHeaders, jsonText } from './fields.js';

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
 * - `truncated`: answers `statusCode` (default 200) with a `Content-Length` of the whole
 *   `body` but sends only its first `sentBytes` bytes, then closes the connection. `body`
 *   defaults to the job's body as it would be served now (for a request that names no job of
 *   the simulator, the `create-elb-running` model), `sentBytes` to half of the body's bytes,
 *   and is never more than the body's bytes less one.
 * - `malformed`: answers `statusCode` (default 200) with `body` as it is.
 * - `not-found`: answers 404 in the service envelope, as for a job that does not exist; with
 *   `{ jobId, times: n }` the job is not visible to its first `n` polls.
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
  | { type: 'truncated'; statusCode?: number; body?: string; sentBytes?: number }
  | { type: 'malformed'; body: string; statusCode?: number }
  | { type: 'not-found' };

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
    assertKnownFields('scope', scope, SCOPE_FIELDS);
    const { jobId, times } = checkedScope('', scope);

    this.#faults.push({ fault: checked, jobId, remaining: times ?? Infinity });
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

/** The fields of a fault's scope. */
export const SCOPE_FIELDS: readonly string[] = ['jobId', 'times'];

/**
 * A checked copy of the scope fields of object `value`, named under `prefix` (none for the
 * scope `setFault` takes: `jobId`, `times`).
 *
 * @throws TypeError or RangeError naming the field.
 */
export function checkedScope(prefix: string, value: FaultScope): FaultScope {
  const { jobId, times } = value;
  if (jobId !== undefined) assertId(fieldName(prefix, 'jobId'), jobId);
  if (times !== undefined && times !== Infinity) {
    assertNumber(fieldName(prefix, 'times'), times, { min: 1, max: 1e9, integer: true });
  }

  return { jobId, times };
}

/** The fields each type of fault takes, `type` included. */
export const FAULT_FIELDS: Readonly<Record<SimulatorFault['type'], readonly string[]>> = {
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
  truncated: ['type', 'statusCode', 'body', 'sentBytes'],
  malformed: ['type', 'body', 'statusCode'],
  'not-found': ['type'],
};

const statusRange = { min: 100, max: 599, integer: true };

/**
 * A checked copy of fault `value`, its fields named under `name`; fields in `alsoKnown` (the
 * scope fields of a scenario's fault) are let through unchecked and left out of the copy.
 *
 * @throws TypeError or RangeError naming the field.
 */
export function checkedFault(
  value: unknown,
  name = 'fault',
  alsoKnown: readonly string[] = [],
): SimulatorFault {
  assertObject(name, value);
  const { type } = value as { type?: unknown };

  if (typeof type !== 'string' || !Object.hasOwn(FAULT_FIELDS, type)) {
    const types = Object.keys(FAULT_FIELDS).join(', ');
    throw new TypeError(
      `Expected option \`${name}.type\` to be one of ${types}, got ${describe(type)}`,
    );
  }

  const fault = value as SimulatorFault;
  assertKnownFields(name, fault, [...FAULT_FIELDS[fault.type], ...alsoKnown]);

  return checkedFields(fault, name);
}

function checkedFields(fault: SimulatorFault, name: string): SimulatorFault {
  switch (fault.type) {
    case 'status':
      return checkedStatusFault(fault, name);
    case 'delay':
      assertNumber(`${name}.delayMs`, fault.delayMs);
      return { type: 'delay', delayMs: fault.delayMs };
    case 'truncated':
      return checkedTruncated(fault, name);
    case 'malformed':
      return checkedMalformed(fault, name);
    default:
      return { type: fault.type };
  }
}

type StatusFault = Extract<SimulatorFault, { type: 'status' }>;

function checkedStatusFault(fault: StatusFault, name: string): StatusFault {
  const { statusCode, envelope, errorCode, errorMessage, retryAfter, headers, body } = fault;
  assertNumber(`${name}.statusCode`, statusCode, statusRange);

  if (envelope !== undefined && envelope !== 'gateway' && envelope !== 'service') {
    throw new TypeError(
      `Expected option \`${name}.envelope\` to be 'gateway' or 'service', ` +
        `got ${describe(envelope)}`,
    );
  }

  assertOptionalString(`${name}.errorCode`, errorCode);
  assertOptionalString(`${name}.errorMessage`, errorMessage);

  return {
    type: 'status',
    statusCode,
    envelope,
    errorCode,
    errorMessage,
    retryAfter: retryAfter === undefined ? undefined : checkedRetryAfter(name, retryAfter),
    headers: headers === undefined ? undefined : checkedHeaders(`${name}.headers`, headers),
    body: body === undefined || typeof body === 'string' ? body : jsonText(`${name}.body`, body),
  };
}

/** A `Retry-After` value as sent: a finite number of seconds, or any string a header holds. */
function checkedRetryAfter(name: string, value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new TypeError(`Expected option \`${name}.retryAfter\` to be finite, got ${value}`);
    }

    return String(value);
  }

  assertHeaderValue(`${name}.retryAfter`, value);

  return value;
}

type TruncatedFault = Extract<SimulatorFault, { type: 'truncated' }>;

function checkedTruncated(fault: TruncatedFault, name: string): TruncatedFault {
  const { statusCode = 200, body, sentBytes } = fault;
  assertNumber(`${name}.statusCode`, statusCode, statusRange);

  if (body !== undefined && (typeof body !== 'string' || body === '')) {
    throw new TypeError(
      `Expected option \`${name}.body\` to be a non-empty string, got ${describe(body)}`,
    );
  }

  if (sentBytes !== undefined) {
    // A body sent whole would not be truncated.
    const max = body === undefined ? 1e9 : Buffer.byteLength(body) - 1;
    assertNumber(`${name}.sentBytes`, sentBytes, { max, integer: true });
  }

  return { type: 'truncated', statusCode, body, sentBytes };
}

type MalformedFault = Extract<SimulatorFault, { type: 'malformed' }>;

function checkedMalformed(fault: MalformedFault, name: string): MalformedFault {
  const { body, statusCode = 200 } = fault;

  if (typeof body !== 'string') {
    throw new TypeError(`Expected option \`${name}.body\` to be a string, got ${describe(body)}`);
  }

  assertNumber(`${name}.statusCode`, statusCode, statusRange);

  return { type: 'malformed', body, statusCode };
}
