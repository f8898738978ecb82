import { RateLimiter, type Permit, type RateLimitState } from './rate-limiter.js';
import { sameSettings, settingsText, type RateLimitSettings } from './rate-limit-options.js';

/** The limiters of one endpoint origin, and how many open clients use them. */
interface Shared {
  readonly settings: RateLimitSettings;
  readonly limiters: Map<string, RateLimiter>;
  leases: number;
}

/**
 * The limiters of the process, by endpoint origin. An origin leaves the map when its last
 * client closes, so nothing of a limiter outlives the waits that used it.
 */
const byOrigin = new Map<string, Shared>();

/** A client's hold on the limiters of its endpoint, from its creation to its `close()`. */
export interface RateLimitLease {
  /** Waits for the turn of a request naming `projectId` (see `RateLimiter.acquire`). */
  acquire(projectId: string, signal: AbortSignal | undefined): Promise<Permit>;
  /** Reports a `429` to the request of `permit` (see `RateLimiter.throttled`). */
  throttled(projectId: string, permit: Permit, retryAfterMs: number | undefined): void;
  /** What the limiter of `projectId` is doing, or `undefined` before its first request. */
  state(projectId: string): RateLimitState | undefined;
  /**
   * Gives the hold up: the requests the client still has queued are rejected with `reason`,
   * and the limiters go once no client holds them. Idempotent.
   */
  release(reason: unknown): void;
}

/**
 * Takes a hold on the limiters shared by every client of `endpoint`'s origin in this process,
 * one limiter per project id.
 *
 * @throws TypeError naming option `rateLimit` when another open client of the same origin
 *   gave other settings: one gateway has one limit, and two limiters for it would each send
 *   up to it.
 */
export function leaseRateLimits(endpoint: string, settings: RateLimitSettings): RateLimitLease {
  const origin = new URL(endpoint).origin;
  const shared = byOrigin.get(origin) ?? newShared(origin, settings);

  if (!sameSettings(shared.settings, settings)) {
    throw new TypeError(
      'Expected option `rateLimit` to be that of the other open clients of this endpoint ' +
        `(${settingsText(shared.settings)}), got ${settingsText(settings)}`,
    );
  }

  shared.leases += 1;
  // Marks this client's tickets, so that its close takes out its own and no other's.
  const owner = {};
  let released = false;

  return {
    acquire: (projectId, signal) => limiterOf(shared, projectId).acquire(signal, owner),
    throttled: (projectId, permit, retryAfterMs) =>
      limiterOf(shared, projectId).throttled(permit, retryAfterMs),
    state: (projectId) => shared.limiters.get(projectId)?.state(),
    release(reason) {
      if (released) return;

      released = true;
      for (const limiter of shared.limiters.values()) limiter.cancel(owner, reason);
      shared.leases -= 1;
      if (shared.leases === 0) byOrigin.delete(origin);
    },
  };
}

function newShared(origin: string, settings: RateLimitSettings): Shared {
  const shared: Shared = { settings, limiters: new Map(), leases: 0 };
  byOrigin.set(origin, shared);

  return shared;
}

function limiterOf(shared: Shared, projectId: string): RateLimiter {
  let limiter = shared.limiters.get(projectId);

  if (limiter === undefined) {
    limiter = new RateLimiter(shared.settings);
    shared.limiters.set(projectId, limiter);
  }

  return limiter;
}
