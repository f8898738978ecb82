import { RATE_LIMIT_DEFAULTS } from './rate-limit-options.js';

/** The line the rate follows since the last cut. */
interface Recovery {
  /** When the cut was made, in ms by the limiter's clock. */
  readonly cutAtMs: number;
  /** The rate right after the cut, in requests per second. */
  readonly fromRate: number;
  /** How fast the rate climbs back, in requests per second per millisecond. */
  readonly slope: number;
}

/**
 * The rate a limiter allows, changed the AIMD way: a `429` cuts it multiplicatively, and it
 * then climbs back additively, by a constant amount per unit of time, to the ceiling. A pure
 * function of time: it holds no timer.
 */
export class AdaptiveRate {
  #recovery: Recovery | undefined;

  /**
   * @param ceiling the highest rate, in requests per second; `Infinity` when unknown, so that
   *   after a cut the rate keeps climbing until the next `429` finds the limit again.
   */
  constructor(readonly ceiling: number) {}

  /** The rate at `nowMs`, in requests per second; `Infinity` while unknown and never cut. */
  rateAt(nowMs: number): number {
    const recovery = this.#recovery;
    if (recovery === undefined) return this.ceiling;

    const climbed = recovery.fromRate + recovery.slope * Math.max(0, nowMs - recovery.cutAtMs);
    if (climbed < this.ceiling) return climbed;

    // Back at the ceiling, the line is of no more use.
    this.#recovery = undefined;

    return this.ceiling;
  }

  /**
   * Cuts the rate at `nowMs`. `observed` is the rate requests were actually granted at lately,
   * which stands in for a rate that was still unknown.
   */
  cut(nowMs: number, observed: number): void {
    const { decrease, recoveryMs, minRequestsPerSecond } = RATE_LIMIT_DEFAULTS;
    const current = this.rateAt(nowMs);
    const before = Number.isFinite(current) ? current : observed;
    const floor = Math.min(minRequestsPerSecond, this.ceiling);
    const fromRate = Math.max(floor, before * decrease);
    // The climb back takes `recoveryMs` whatever the scale, and never stalls at the floor.
    const slope = (before * (1 - decrease)) / recoveryMs;

    this.#recovery = { cutAtMs: nowMs, fromRate, slope };
  }
}
