import type { BackoffStrategy } from './backoff-strategy.js';
import { assertNumberInRange } from './validate.js';

/** Options of {@link constantBackoff}. */
export interface ConstantBackoffOptions {
  /** The delay between polls, in milliseconds. Required. */
  delayMs: number;
}

/** Waits the same `delayMs` before every poll. */
export function constantBackoff(options: ConstantBackoffOptions): BackoffStrategy {
  const { delayMs } = options ?? {};
  assertNumberInRange('delayMs', delayMs);

  return { nextDelay: () => delayMs };
}
