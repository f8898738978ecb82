import { JobwaitError } from '../errors.js';

/**
 * Why a virtual clock gave up:
 * - `ERR_VIRTUAL_CLOCK_DEADLOCK`: the awaited promise is pending and no timer is, so nothing
 *   the clock controls can settle it.
 * - `ERR_VIRTUAL_CLOCK_LIMIT`: settling it would take more virtual time than `limitMs`.
 * - `ERR_VIRTUAL_CLOCK_LOOP`: one call fired more than `maxTimersPerCall` timers.
 * - `ERR_VIRTUAL_CLOCK_BUSY`: a call started while another was still running.
 */
export type VirtualClockErrorCode =
  | 'ERR_VIRTUAL_CLOCK_DEADLOCK'
  | 'ERR_VIRTUAL_CLOCK_LIMIT'
  | 'ERR_VIRTUAL_CLOCK_LOOP'
  | 'ERR_VIRTUAL_CLOCK_BUSY';

/**
 * Thrown by `advance` and `runUntilSettled` of a virtual clock when they cannot go on. It says
 * where the clock stood, so a test that stalls fails at once with a reason instead of running
 * into the test runner's timeout.
 *
 * @example
 * ```ts
 * const clock = virtualClock();
 * await expect(clock.runUntilSettled(new Promise(() => {}))).rejects.toMatchObject({
 *   code: 'ERR_VIRTUAL_CLOCK_DEADLOCK',
 * });
 * ```
 */
export class VirtualClockError extends JobwaitError {
  override readonly name = 'VirtualClockError';
  readonly code: VirtualClockErrorCode;
  /** The clock's `now()` when it gave up, in milliseconds. */
  readonly nowMs: number;
  /** Timers still pending on the clock when it gave up. */
  readonly pendingTimers: number;

  constructor(
    code: VirtualClockErrorCode,
    message: string,
    fields: { nowMs: number; pendingTimers: number },
  ) {
    super(message);
    this.code = code;
    this.nowMs = fields.nowMs;
    this.pendingTimers = fields.pendingTimers;
  }
}
