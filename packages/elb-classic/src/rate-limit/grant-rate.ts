const SECOND_MS = 1000;

/**
 * How many requests a limiter granted lately, per second, counted in two one-second buckets
 * of its clock: enough to tell what rate a `429` answered when the limit was unknown.
 */
export class GrantRate {
  #second = Number.NEGATIVE_INFINITY;
  #current = 0;
  #previous = 0;

  /** Counts one grant at `nowMs`. */
  record(nowMs: number): void {
    this.#roll(nowMs);
    this.#current += 1;
  }

  /** The grants of the last full second or of this one, whichever is more; at least 1. */
  perSecond(nowMs: number): number {
    this.#roll(nowMs);

    return Math.max(1, this.#previous, this.#current);
  }

  #roll(nowMs: number): void {
    const second = Math.floor(nowMs / SECOND_MS);
    if (second === this.#second) return;

    this.#previous = second === this.#second + 1 ? this.#current : 0;
    this.#current = 0;
    this.#second = second;
  }
}
