import type { VirtualClock } from '@jobwait/core/testing';

import type { ElbAuth } from '../../src/auth.js';
import type { SimulatedRequest } from '../../src/testing/index.js';

/**
 * Counts the requests on the wire, from the moment the client asks for credentials (after the
 * request's turn came) to the end of its poll. Give `auth` to the waits and `pollEnd` as their
 * `'poll:end'` listener; a wait must not retry inside a poll (`pollRetries: 0`).
 */
export function wireCounter(token: string): {
  auth: ElbAuth;
  pollEnd: () => void;
  busy: () => boolean;
} {
  let onWire = 0;

  return {
    auth: {
      authorize: () => {
        onWire += 1;
        return Promise.resolve({ 'x-auth-token': token });
      },
    },
    pollEnd: () => {
      onWire -= 1;
    },
    busy: () => onWire > 0,
  };
}

/** Turns the real event loop until `busy` says no more, so that loopback HTTP can finish. */
async function quiet(busy: () => boolean): Promise<void> {
  for (let turn = 0; busy(); turn += 1) {
    if (turn > 100_000) throw new Error('Requests stayed on the wire for 100 000 turns');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Moves a virtual clock on in steps of `stepMs`, each step only once no request is on the
 * wire, until `untilMs` or until `done` returns true. Real HTTP goes on between steps, so a
 * request reaches the simulator at most one step after it was sent: the jitter it sees.
 */
export async function driveWhileIdle(
  clock: VirtualClock,
  options: {
    busy: () => boolean;
    untilMs: number;
    stepMs?: number;
    done?: () => boolean;
    onStep?: () => void;
  },
): Promise<void> {
  const { busy, untilMs, stepMs = 5, done = () => false, onStep } = options;

  while (clock.now() < untilMs && !done()) {
    await quiet(busy);
    await clock.advance(stepMs);
    onStep?.();
  }

  await quiet(busy);
}

/**
 * Runs `wait` to its end on the virtual clock, driving it as {@link driveWhileIdle} does for at
 * most `forMs`, and gives what it resolved to or throws what it rejected with.
 */
export async function driveUntilSettled<R>(
  clock: VirtualClock,
  wait: Promise<R>,
  options: { busy: () => boolean; forMs: number; stepMs?: number },
): Promise<R> {
  const { busy, forMs, stepMs } = options;
  let done = false;
  const outcome = wait.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  void outcome.then(() => (done = true));

  await driveWhileIdle(clock, {
    busy,
    untilMs: clock.now() + forMs,
    ...(stepMs === undefined ? {} : { stepMs }),
    done: () => done,
  });
  const settled = await outcome;
  if ('error' in settled) throw settled.error;

  return settled.value;
}

/** The arrival times of the requests for each job, by the simulator's clock. */
export function pollTimesByJob(requests: readonly SimulatedRequest[]): Map<string, number[]> {
  const byJob = new Map<string, number[]>();

  for (const { jobId, time } of requests) {
    if (jobId === undefined) continue;
    byJob.set(jobId, [...(byJob.get(jobId) ?? []), time]);
  }

  return byJob;
}

/** The longest time between two polls of one job, or from `fromMs` to its first. */
export function longestGap(times: readonly number[], fromMs: number): number {
  return Math.max(...times.map((time, i) => time - (i === 0 ? fromMs : (times[i - 1] ?? 0))));
}
