/**
 * A seeded source of numbers in [0, 1) (the mulberry32 generator), so that two runs of the
 * bench, and the variants within one run, see exactly the same jobs.
 *
 * @param {number} seed - any 32-bit integer; the same seed always gives the same sequence.
 * @returns {() => number} the next number in [0, 1) on each call.
 */
export function seededRandom(seed) {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);

    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
}
