import type { Clock } from '@jobwait/core';

import { SharedTaskSlot } from '../shared-task.js';
import type { IssuedToken } from './token-request.js';

/** Options of a {@link TokenCache}. */
export interface TokenCacheOptions {
  /** Obtains a new token; stops, rejecting, once `signal` aborts. */
  readonly fetch: (signal: AbortSignal) => Promise<IssuedToken>;
  /** How long before its expiry a token is renewed, in milliseconds. */
  readonly refreshMarginMs: number;
  /** Reads the current time. */
  readonly clock: Pick<Clock, 'now'>;
}

interface CachedToken {
  readonly token: string;
  /** From this time on (local clock, ms since the epoch), the token is renewed before use. */
  readonly refreshAtMs: number;
}

/**
 * Keeps one token until a margin before it expires, and lets concurrent callers share one
 * fetch. Expiry is counted on the local clock from when the fetch started, for the lifetime
 * IAM gave (`expires_at` − `issued_at`), so a local clock that is off does not matter; without
 * a readable `issued_at`, `expires_at` is taken as it is. A token that lives shorter than twice
 * the margin is kept for half its life rather than renewed at every call. A failed fetch is not
 * kept: the next call fetches again. A fetch goes on while one caller still waits for it, and is
 * aborted once all of them have stopped waiting (see `SharedTask`).
 */
export class TokenCache {
  readonly #options: TokenCacheOptions;
  #cached: CachedToken | undefined;
  readonly #fetching = new SharedTaskSlot<string>();

  constructor(options: TokenCacheOptions) {
    this.#options = options;
  }

  /**
   * The cached token while it is fresh, else a new one. `forceRefresh` drops the cached token
   * first. A fetch already under way is shared, forced or not: it brings a token no one has used
   * yet. When `signal` aborts first, the call rejects with its reason.
   */
  get(forceRefresh: boolean, signal?: AbortSignal): Promise<string> {
    if (!this.#fetching.busy) {
      if (forceRefresh) {
        this.#cached = undefined;
      }

      const cached = this.#cached;
      if (cached !== undefined && this.#options.clock.now() < cached.refreshAtMs) {
        return Promise.resolve(cached.token);
      }
    }

    return this.#fetching.join((shared) => this.#fetch(shared), signal);
  }

  async #fetch(signal: AbortSignal): Promise<string> {
    const { fetch, clock, refreshMarginMs } = this.#options;
    const startedAtMs = clock.now();
    const issued = await fetch(signal);

    this.#cached = {
      token: issued.token,
      refreshAtMs: refreshTime(issued, startedAtMs, refreshMarginMs),
    };

    return issued.token;
  }
}

/** When to renew a token, on the local clock. */
function refreshTime(issued: IssuedToken, startedAtMs: number, marginMs: number): number {
  const { expiresAtMs, issuedAtMs } = issued;
  const lifetimeMs =
    issuedAtMs !== undefined && issuedAtMs <= expiresAtMs
      ? expiresAtMs - issuedAtMs
      : expiresAtMs - startedAtMs;

  return Math.max(startedAtMs + lifetimeMs - marginMs, startedAtMs + lifetimeMs / 2);
}
