import type { BackoffContext, BackoffStrategy } from '../../src/backoff/backoff-strategy.js';
import type { VerdictType } from '../../src/verdict.js';

/** A random source that must not be drawn from. */
export const noRandom = (): number => {
  throw new Error('random must not be called');
};

/** A random source that answers `values` in turn, starting over when they run out. */
export function pinnedRandom(values: readonly number[]): () => number {
  let next = 0;

  return () => values[next++ % values.length]!;
}

/** One context, as the waiter builds it. */
export function context(
  attempt: number,
  options: Partial<Omit<BackoffContext, 'attempt'>> = {},
): BackoffContext {
  const { verdict = 'pending', previousDelayMs, random = noRandom } = options;

  return { attempt, verdict, previousDelayMs, random };
}

/**
 * The delays after polls 1..`polls`, asked for as the waiter asks: each answer comes back as
 * the next `previousDelayMs`. `verdicts` names the verdict of each poll (pending when absent).
 */
export function schedule(
  strategy: BackoffStrategy,
  polls: number,
  random: () => number = noRandom,
  verdicts: readonly VerdictType[] = [],
): number[] {
  const delays: number[] = [];
  let previousDelayMs: number | undefined;

  for (let attempt = 1; attempt <= polls; attempt += 1) {
    const verdict = verdicts[attempt - 1] ?? 'pending';
    previousDelayMs = strategy.nextDelay({ attempt, verdict, previousDelayMs, random });
    delays.push(previousDelayMs);
  }

  return delays;
}
