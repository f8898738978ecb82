import type { TimerHandle } from '@jobwait/core';

import { AdaptiveRate } from './adaptive-rate.js';
import { GrantRate } from './grant-rate.js';
import { RATE_LIMIT_DEFAULTS, type RateLimitSettings } from './rate-limit-options.js';

/**
 * A grant of the limiter: its rank among all grants, from 1. Hand it back with an answer's
 * `429` so that only answers to requests sent at the current rate cut the rate again.
 */
export type Permit = number;

/** What a limiter is doing, for a test or a dashboard. */
export interface RateLimitState {
  /** The rate now allowed, in requests per second; `Infinity` while unknown and never cut. */
  readonly requestsPerSecond: number;
  /** Requests waiting for their turn. */
  readonly queued: number;
  /** Requests let through so far. */
  readonly granted: number;
  /** The milliseconds all granted requests spent in the queue, added up. */
  readonly waitedMs: number;
  /** `429` answers reported. */
  readonly throttled: number;
  /** How many times a `429` cut the rate. */
  readonly decreases: number;
  /** Until when a `Retry-After` holds the queue, in ms by the limiter's clock; 0 if never. */
  readonly pausedUntilMs: number;
}

/** A request waiting for its turn. */
interface Ticket {
  readonly queuedAtMs: number;
  /** Who queued it, so that a closing client can take its own tickets out. */
  readonly owner: object;
  readonly resolve: (permit: Permit) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/**
 * Timer lateness up to this is not lost: a request granted late by its timer counts as granted
 * on time, so lateness does not pile up into a lower rate. Beyond it, the schedule starts over
 * from the late grant, so that a stalled event loop never releases a burst of catch-up grants.
 */
const FORGIVEN_LATENESS_MS = 10;

/**
 * A token bucket, written as the generic cell rate algorithm: the time the next request is due
 * at the current rate (`#dueMs`) moves on by one interval per grant, and a request may go once
 * it is at most `burst − 1` intervals early. Requests wait in one FIFO queue, so each job's
 * next request goes after those queued before it: with one request per job in flight, as a
 * waiter sends them, no job starves. One timer, unref'd, waits for the head of the queue; it
 * is cleared when the queue empties.
 */
export class RateLimiter {
  readonly #settings: RateLimitSettings;
  readonly #rate: AdaptiveRate;
  readonly #recent = new GrantRate();
  /** A `Set` keeps insertion order and deletes in O(1): an aborted ticket leaves at once. */
  readonly #queue = new Set<Ticket>();
  #dueMs = Number.NEGATIVE_INFINITY;
  #pausedUntilMs = 0;
  /** The one timer, waiting for the head of the queue, and when it is due. */
  #timer: { readonly handle: TimerHandle; readonly dueMs: number } | undefined;
  #granted = 0;
  #waitedMs = 0;
  #throttled = 0;
  #decreases = 0;
  /** Grants up to this rank were made at a rate a cut has already answered. */
  #cutAfter = 0;

  constructor(settings: RateLimitSettings) {
    const ceiling = settings.requestsPerSecond ?? Number.POSITIVE_INFINITY;

    this.#settings = settings;
    this.#rate = new AdaptiveRate(ceiling * (1 - RATE_LIMIT_DEFAULTS.headroom));
  }

  /**
   * Resolves with a permit when the request may be sent: at once when the queue is empty and
   * the rate allows, else in turn.
   *
   * @param owner who queues it; {@link cancel} takes out the tickets of one owner.
   * @throws the signal's reason, at once, when `signal` aborts while the request waits.
   */
  acquire(signal: AbortSignal | undefined, owner: object): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason);

    const now = this.#now();
    if (this.#queue.size === 0 && this.#readyAt(now) <= now) {
      return Promise.resolve(this.#grant(now, now));
    }

    return new Promise((resolve, reject) => {
      const ticket: Ticket = {
        queuedAtMs: now,
        owner,
        resolve,
        reject,
        signal,
        onAbort: () => this.#leave(ticket, signal?.reason),
      };
      this.#queue.add(ticket);
      signal?.addEventListener('abort', ticket.onAbort, { once: true });
      this.#schedule(now);
    });
  }

  /**
   * Reports a `429` answered to the request of `permit`: a `Retry-After` of `retryAfterMs`
   * holds the queue until then (at most `maxPauseMs`), and, when adaptive, the rate is cut,
   * once for all the requests sent before the cut.
   */
  throttled(permit: Permit, retryAfterMs: number | undefined): void {
    const now = this.#now();
    this.#throttled += 1;

    if (retryAfterMs !== undefined) {
      const pauseMs = Math.min(retryAfterMs, RATE_LIMIT_DEFAULTS.maxPauseMs);
      this.#pausedUntilMs = Math.max(this.#pausedUntilMs, now + pauseMs);
    }

    if (this.#settings.adaptive && permit > this.#cutAfter) {
      this.#rate.cut(now, this.#recent.perSecond(now));
      this.#cutAfter = this.#granted;
      this.#decreases += 1;
    }

    if (this.#queue.size > 0) this.#schedule(now);
  }

  /** Takes the tickets of `owner` out of the queue, rejecting each with `reason`. */
  cancel(owner: object, reason: unknown): void {
    for (const ticket of this.#queue) {
      if (ticket.owner === owner) this.#leave(ticket, reason);
    }
  }

  /** What the limiter is doing now. */
  state(): RateLimitState {
    return {
      requestsPerSecond: this.#rate.rateAt(this.#now()),
      queued: this.#queue.size,
      granted: this.#granted,
      waitedMs: this.#waitedMs,
      throttled: this.#throttled,
      decreases: this.#decreases,
      pausedUntilMs: this.#pausedUntilMs,
    };
  }

  /** Grants in order every ticket whose turn has come, then waits for the next. */
  #drain(): void {
    this.#timer = undefined;
    const now = this.#now();

    for (const ticket of this.#queue) {
      if (this.#readyAt(now) > now) break;

      this.#queue.delete(ticket);
      ticket.signal?.removeEventListener('abort', ticket.onAbort);
      ticket.resolve(this.#grant(now, ticket.queuedAtMs));
    }

    if (this.#queue.size > 0) this.#schedule(now);
  }

  /** The earliest time the next request may go, in ms. */
  #readyAt(now: number): number {
    const toleranceMs = (this.#settings.burst - 1) * this.#intervalMs(now);

    return Math.max(this.#dueMs - toleranceMs, this.#pausedUntilMs);
  }

  /** Counts a grant made at `now` to a request that arrived at `arrivedMs`. */
  #grant(now: number, arrivedMs: number): Permit {
    // When the request could have gone: a late timer does not push the schedule back.
    const onTimeMs = Math.max(this.#readyAt(now), arrivedMs, now - FORGIVEN_LATENESS_MS);
    this.#dueMs = Math.max(this.#dueMs, onTimeMs) + this.#intervalMs(now);
    this.#recent.record(now);
    this.#waitedMs += now - arrivedMs;
    this.#granted += 1;

    return this.#granted;
  }

  #intervalMs(now: number): number {
    return 1000 / this.#rate.rateAt(now);
  }

  /** Sets the one timer for the head of the queue, replacing one due at another time. */
  #schedule(now: number): void {
    const { clock } = this.#settings;
    const dueMs = Math.max(now, this.#readyAt(now));
    if (this.#timer?.dueMs === dueMs) return;
    if (this.#timer !== undefined) clock.clearTimeout(this.#timer.handle);

    const handle = clock.setTimeout(() => this.#drain(), dueMs - now);
    // A queue waiting for its turn should not keep a process alive on its own.
    (handle as { unref?: () => void } | undefined)?.unref?.();
    this.#timer = { handle, dueMs };
  }

  /** Takes `ticket` out of the queue, rejecting it with `reason`. */
  #leave(ticket: Ticket, reason: unknown): void {
    if (!this.#queue.delete(ticket)) return;

    ticket.signal?.removeEventListener('abort', ticket.onAbort);
    ticket.reject(reason);
    if (this.#queue.size === 0 && this.#timer !== undefined) {
      this.#settings.clock.clearTimeout(this.#timer.handle);
      this.#timer = undefined;
    }
  }

  #now(): number {
    return this.#settings.clock.now();
  }
}
