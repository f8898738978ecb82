import { assertId } from '../ids.js';
import { assertNumber, assertObject, describe } from '../validate.js';

/**
 * A fault the simulator injects instead of (or before) the normal answer:
 *
 * - `status`: answers `statusCode` with an error body: `body` verbatim when given, otherwise
 *   the `envelope` (default `'gateway'`: `{ error_code, error_msg, request_id }`; `'service'`:
 *   `{ error: { code, message } }`) with `errorCode` and `errorMessage`; `retryAfter` is sent
 *   as the `Retry-After` header (a number is seconds), and `headers` as they are.
 * - `delay`: waits `delayMs` milliseconds of real time, then answers normally.
 * - `hang`: never answers; the request stays open until the client gives up or the simulator
 *   closes.
 * - `reset`: destroys the connection without an answer.
 * - `malformed`: answers `statusCode` (default 200) with `body` as it is.
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
   * Adds a fault.
   *
   * @throws TypeError or RangeError naming the field of an invalid fault or scope.
   */
  add(fault: SimulatorFault, { jobId, times = Infinity }: FaultScope = {}): void {
    assertFault(fault);
    if (jobId !== undefined) assertId('jobId', jobId);
    if (times !== Infinity) assertNumber('times', times, { min: 1, max: 1e9, integer: true });

    this.#faults.push({ fault: { ...fault }, jobId, remaining: times });
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

const TYPES = new Set(['status', 'delay', 'hang', 'reset', 'malformed']);

function assertFault(fault: unknown): asserts fault is SimulatorFault {
  assertObject('fault', fault);
  const { type } = fault as { type?: unknown };

  if (typeof type !== 'string' || !TYPES.has(type)) {
    throw new TypeError(`Expected option \`fault.type\` to be one of ${[...TYPES].join(', ')}`);
  }

  const f = fault as SimulatorFault;
  if (f.type === 'status') assertNumber('fault.statusCode', f.statusCode, statusRange);
  if (f.type === 'delay') assertNumber('fault.delayMs', f.delayMs);
  if (f.type === 'malformed') assertMalformed(f);
}

const statusRange = { min: 100, max: 599, integer: true };

function assertMalformed({ body, statusCode = 200 }: { body: unknown; statusCode?: number }) {
  if (typeof body !== 'string') {
    throw new TypeError(`Expected option \`fault.body\` to be a string, got ${describe(body)}`);
  }

  assertNumber('fault.statusCode', statusCode, statusRange);
}
