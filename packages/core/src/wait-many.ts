import { setMaxListeners } from 'node:events';

import pLimit from 'p-limit';

import { assertNumberInRange, assertOptionsObject } from './backoff/validate.js';
import { describeValue } from './describe-value.js';
import type { JobSource } from './job-source.js';
import { unwrapSettled, type SettleResult, type WaitResult } from './settle-result.js';

/** Options of {@link Waiter.waitAll} and {@link Waiter.waitAny}. */
export interface WaitManyOptions {
  /** The most waits in progress at once; the others queue in the order given. Default 10. */
  concurrency?: number;
  /** Cancels every wait still in progress or queued: each ends as aborted. */
  signal?: AbortSignal;
}

/** Settles one wait, as {@link Waiter.settle} does. */
export type SettleOne<T> = (
  source: JobSource<T>,
  options: { signal?: AbortSignal },
) => Promise<SettleResult<T>>;

const OPTION_NAMES: ReadonlySet<string> = new Set(['concurrency', 'signal']);

/** The reason the other waits of {@link waitAny} are aborted with once one job succeeded. */
export function anotherSucceeded(jobId: string): DOMException {
  return new DOMException(`Job ${jobId} succeeded first`, 'AbortError');
}

/**
 * Checks the options of a wait on many jobs and fills in the default.
 *
 * @throws TypeError for options that are not a plain object, an unknown option or a signal
 *   that is not an `AbortSignal`; RangeError for a concurrency that is not a whole number >= 1
 *   (Infinity allowed).
 */
export function checkManyOptions(options: unknown): Required<Omit<WaitManyOptions, 'signal'>> & {
  signal: AbortSignal | undefined;
} {
  assertOptionsObject('wait', options);
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) throw new TypeError(`Unknown option \`${name}\``);
  }

  const { concurrency = 10, signal } = options as WaitManyOptions;
  if (concurrency !== Number.POSITIVE_INFINITY) {
    assertNumberInRange('concurrency', concurrency, {
      min: 1,
      max: Number.MAX_SAFE_INTEGER,
      integer: true,
    });
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(
      `Expected option \`signal\` to be an AbortSignal, got ${describeValue(signal)}`,
    );
  }

  return { concurrency, signal };
}

/**
 * Settles every wait, at most `concurrency` at a time, and resolves with their results in the
 * order of `sources` once all have settled.
 */
export async function settleAll<T>(
  sources: readonly JobSource<T>[],
  options: WaitManyOptions,
  settleOne: SettleOne<T>,
): Promise<SettleResult<T>[]> {
  const { concurrency, signal } = checkManyOptions(options);
  const limit = pLimit(concurrency);
  const stop = followSignal(signal);

  try {
    return await Promise.all(
      sources.map((source) => limit(() => settleOne(source, { signal: stop.signal }))),
    );
  } finally {
    stop.unfollow();
  }
}

/**
 * A controller of the waits' own, aborted when `signal` aborts. The waits listen to it rather
 * than to the caller's signal, so that the caller's signal carries one listener however many
 * waits there are, and Node.js warns of no leak for a few hundred.
 */
function followSignal(signal: AbortSignal | undefined) {
  const controller = new AbortController();
  const forward = (): void => controller.abort(signal?.reason);
  setMaxListeners(0, controller.signal);
  signal?.addEventListener('abort', forward, { once: true });
  if (signal?.aborted) forward();

  return {
    signal: controller.signal,
    abort: (reason: unknown) => controller.abort(reason),
    unfollow: () => signal?.removeEventListener('abort', forward),
  };
}

/**
 * Resolves with the first success among the waits, at most `concurrency` at a time. Once one
 * job succeeds, the waits in progress are aborted, the queued ones never start, and the result
 * comes after every started wait has settled, so that none leaves a timer behind.
 *
 * @throws AggregateError, when no job succeeded, holding each job's error in the order of
 *   `sources`.
 */
export async function firstSuccess<T>(
  sources: readonly JobSource<T>[],
  options: WaitManyOptions,
  settleOne: SettleOne<T>,
): Promise<WaitResult<T>> {
  const { concurrency, signal } = checkManyOptions(options);
  const limit = pLimit(concurrency);
  const stop = followSignal(signal);
  let winner: WaitResult<T> | undefined;

  const settled = await Promise.all(
    sources.map((source) =>
      limit(async () => {
        if (winner !== undefined) return undefined;

        const result = await settleOne(source, { signal: stop.signal });
        if (result.outcome === 'succeeded' && winner === undefined) {
          winner = unwrapSettled(result);
          stop.abort(anotherSucceeded(result.jobId));
        }

        return result;
      }),
    ),
  );
  stop.unfollow();

  if (winner !== undefined) return winner;

  const errors = settled.map((result) => (result as { error: unknown }).error);
  throw new AggregateError(errors, `None of the ${sources.length} jobs succeeded`);
}
