import { performance } from 'node:perf_hooks';

/**
 * The time every process of the bench reads, in milliseconds since the epoch, with sub-millisecond
 * resolution: the process's time origin plus the monotonic time since. Every process on one
 * machine derives its origin from the same system clock, so the readings of the simulator, a
 * contender and the parent compare directly; the parent still measures the offset of each child
 * (see `measureClockOffset`) and corrects for it.
 *
 * @returns {number}
 */
export const now = () => performance.timeOrigin + performance.now();
