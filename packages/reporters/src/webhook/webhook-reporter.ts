import type { WaiterEventName } from '@jobwait/core';

import { addListeners, type Detach, type WaiterLike } from '../waiter-like.js';
import { CloseLedger, type WebhookCloseReport } from './close-report.js';
import { deliverMessage } from './deliver-message.js';
import { DeliveryQueue } from './delivery-queue.js';
import { WebhookReporterClosedError } from './errors.js';
import { flushBeforeExit } from './exit-flush.js';
import { assertDurationMs, assertKnownOptions } from './option-checks.js';
import { createAgents } from './post-webhook.js';
import {
  ReporterEvents,
  type DeliveryFailedEvent,
  type WebhookReporterEventName,
  type WebhookReporterEvents,
} from './reporter-events.js';
import { createMessage, infoOf, messageInfo, type WebhookMessage } from './webhook-message.js';
import {
  DEFAULT_CLOSE_DEADLINE_MS,
  resolveWebhookOptions,
  type ResolvedWebhookOptions,
  type WebhookReporterOptions,
} from './webhook-options.js';

/** Options of {@link WebhookReporter.close}. */
export interface WebhookCloseOptions {
  /**
   * How long to go on delivering what is held, retries included, in milliseconds, from 0 to
   * 2^31−1. Default 10 000. At the deadline, requests in flight are aborted and what is left
   * is given up.
   */
  deadlineMs?: number;
}

/**
 * Sends a waiter's events to a URL as signed webhooks. Create it with {@link webhookReporter}.
 * Its own events (`delivery:succeeded`, `delivery:retry`, `delivery:failed`, `queue:overflow`)
 * tell how deliveries go; listeners that throw are skipped.
 */
export class WebhookReporter {
  readonly #options: ResolvedWebhookOptions;
  readonly #events = new ReporterEvents();
  readonly #ledger = new CloseLedger();
  readonly #abort = new AbortController();
  readonly #agents = createAgents();
  readonly #queue: DeliveryQueue;
  readonly #detaches = new Set<Detach>();
  #closing: Promise<WebhookCloseReport> | undefined;
  #cancelExitFlush: (() => void) | undefined;
  #dropped = 0;

  /** @throws TypeError or RangeError naming the first invalid option. */
  constructor(options: WebhookReporterOptions) {
    this.#options = resolveWebhookOptions(options);
    this.#queue = new DeliveryQueue({
      maxQueue: this.#options.maxQueue,
      concurrency: this.#options.concurrency,
      deliver: (message) => this.#deliver(message),
      onIdle: () => this.#releaseExitFlush(),
    });
  }

  /** Messages held: queued, in flight or waiting for a retry. */
  get pending(): number {
    return this.#queue.size;
  }

  /** Calls `listener` on each event `name` of the reporter. */
  on<E extends WebhookReporterEventName>(name: E, listener: WebhookReporterEvents[E]): this {
    this.#events.on(name, listener);
    return this;
  }

  /** Calls `listener` on the next event `name` of the reporter only. */
  once<E extends WebhookReporterEventName>(name: E, listener: WebhookReporterEvents[E]): this {
    this.#events.once(name, listener);
    return this;
  }

  /** Removes a listener added by `on` or `once`; an unknown one is ignored. */
  off<E extends WebhookReporterEventName>(name: E, listener: WebhookReporterEvents[E]): this {
    this.#events.off(name, listener);
    return this;
  }

  /** How many listeners the reporter's event `name` has. */
  listenerCount(name: WebhookReporterEventName): number {
    return this.#events.listenerCount(name);
  }

  /**
   * Starts sending the events of `waiter`. Its listeners only encode and queue a message; no
   * request, backoff or failure of the receiver reaches the wait. One reporter may be attached
   * to several waiters.
   *
   * @returns a function that removes every listener this call added.
   * @throws WebhookReporterClosedError after `close()`; TypeError when `waiter` has no `on`
   *   and `off`.
   */
  attach(waiter: WaiterLike): Detach {
    if (this.#closing !== undefined) throw new WebhookReporterClosedError();

    const listeners = this.#options.events.map((name) => [name, this.#listener(name)] as const);
    const removeListeners = addListeners(waiter, listeners);
    const detach: Detach = () => {
      this.#detaches.delete(detach);
      removeListeners();
    };
    this.#detaches.add(detach);

    return detach;
  }

  /**
   * Detaches from every waiter, delivers what is held, retries included, and resolves once
   * nothing is left or `deadlineMs` has passed. At the deadline, requests in flight and
   * backoffs are aborted and every message left is given up, each with a `delivery:failed`
   * event whose reason is `deadline`. It keeps the process alive until it resolves (the
   * reporter's retry timers alone do not), and then closes the reporter's connections.
   *
   * Calling it again returns the promise of the first call, whose deadline holds.
   *
   * @returns the account of the reporter's life: how many messages were delivered, and every
   *   one that was not.
   * @throws TypeError or RangeError, as a rejection, naming an invalid option.
   */
  close(options: WebhookCloseOptions = {}): Promise<WebhookCloseReport> {
    let deadlineMs: number;

    try {
      assertKnownOptions('close', options, ['deadlineMs']);
      const { deadlineMs: given = DEFAULT_CLOSE_DEADLINE_MS } = options;
      deadlineMs = assertDurationMs('deadlineMs', given, 0);
    } catch (error) {
      return Promise.reject(error);
    }

    this.#closing ??= this.#shutDown(deadlineMs);

    return this.#closing;
  }

  /** Names the reporter without its URL, which may hold credentials, or its secret. */
  toString(): string {
    return '[WebhookReporter]';
  }

  /** A listener that turns each event into a queued message, and never throws. */
  #listener(name: WaiterEventName): (event: unknown) => void {
    return (event) => {
      try {
        const fields = typeof event === 'object' && event !== null ? event : {};
        this.#enqueue(name, fields as Readonly<Record<string, unknown>>);
      } catch {
        // Reporting is best effort; the wait goes on without it.
      }
    };
  }

  #enqueue(name: WaiterEventName, event: Readonly<Record<string, unknown>>): void {
    const info = messageInfo(name, event);
    let message: WebhookMessage;

    try {
      message = createMessage(info, event, this.#options.format);
    } catch {
      this.#giveUp({ ...info, reason: 'unencodable', attempts: 0 });
      return;
    }

    if (this.#queue.push(message)) {
      this.#cancelExitFlush ??= flushBeforeExit(
        () => void this.close({ deadlineMs: this.#options.exitDeadlineMs }),
      );
      return;
    }

    this.#dropped += 1;
    this.#events.emit('queue:overflow', {
      ...info,
      maxQueue: this.#options.maxQueue,
      dropped: this.#dropped,
    });
    this.#ledger.undelivered({ ...info, reason: 'overflow', attempts: 0 });
  }

  async #deliver(message: WebhookMessage): Promise<void> {
    const { url, headers, signer, timeoutMs, policy, clock } = this.#options;
    const result = await deliverMessage(message, {
      url,
      headers,
      signer,
      timeoutMs,
      policy,
      clock,
      signal: this.#abort.signal,
      agents: this.#agents,
      emit: this.#events.emit,
    });

    if (result.delivered) this.#ledger.delivered();
    else this.#ledger.undelivered(result.failure);
  }

  /** Emits `delivery:failed` for a message that never got an attempt, and lists it. */
  #giveUp(failure: DeliveryFailedEvent): void {
    this.#events.emit('delivery:failed', failure);
    this.#ledger.undelivered(failure);
  }

  async #shutDown(deadlineMs: number): Promise<WebhookCloseReport> {
    for (const detach of [...this.#detaches]) detach();
    // close() now holds the process itself, with its deadline timer.
    this.#releaseExitFlush();

    if (!(await this.#drainedBy(deadlineMs))) await this.#abandon();
    this.#agents.destroy();

    return this.#ledger.report();
  }

  /**
   * Gives up what is left at the deadline: first the messages in flight or in backoff, whose
   * deliveries end with `deadline` once aborted, then those still queued behind them, so that
   * each job's messages are given up in their order.
   */
  async #abandon(): Promise<void> {
    // Taken before the abort, so that no queued message starts on an aborted signal.
    const queued = this.#queue.takeQueued();

    this.#abort.abort(new Error('The close deadline passed'));
    await this.#queue.drained();
    for (const message of queued) {
      this.#giveUp({ ...infoOf(message), reason: 'deadline', attempts: 0 });
    }
  }

  /**
   * Resolves true once nothing is held, or false at the deadline. Its timer, on the plain
   * clock, is what keeps the process alive while close waits.
   */
  async #drainedBy(deadlineMs: number): Promise<boolean> {
    if (this.#queue.size === 0) return true;

    const { clock } = this.#options;
    let timer: unknown;
    const deadline = new Promise<boolean>((resolve) => {
      timer = clock.setTimeout(() => resolve(false), deadlineMs);
    });

    try {
      return await Promise.race([this.#queue.drained().then(() => true), deadline]);
    } finally {
      clock.clearTimeout(timer);
    }
  }

  #releaseExitFlush(): void {
    this.#cancelExitFlush?.();
    this.#cancelExitFlush = undefined;
  }
}

/**
 * Creates a reporter that sends a waiter's events to `url` as JSON `POST`s signed per the
 * Standard Webhooks scheme (`webhook-id`, `webhook-timestamp`, `webhook-signature`), optionally
 * as CloudEvents 1.0. Messages are retried with exponential backoff and jitter on network
 * errors, 408, 429 (honouring Retry-After) and 5xx, never on another 4xx; each keeps one id and
 * one body across attempts, so receivers can de-duplicate. A job's messages go in order; jobs
 * go concurrently.
 *
 * Call `close()` when done, to deliver what is held within a deadline and learn what was not
 * delivered. A process that runs out of work before that is kept alive to flush as `close()`
 * would, for at most `exitDeadlineMs` (10 seconds by default): requests in flight do not keep
 * the process alive by themselves, so the flush starts as soon as the program's own work is
 * done, and ends the requests still in flight at its deadline.
 *
 * @remarks A failing or slow receiver never fails or slows a wait: listeners only queue, and
 *   failures become events of the reporter. A full queue drops the newest message and says so
 *   (`queue:overflow`). A Retry-After longer than `maxDelayMs` is cut to it; redirects are not
 *   followed (a 3xx is a refusal); messages held when the process ends by `process.exit()` or
 *   a signal are lost, since only `close()` or a natural end of the process flushes them.
 * @throws TypeError or RangeError naming the first invalid option, and never showing the
 *   secret.
 *
 * @example
 * ```ts
 * const reporter = webhookReporter({ url: 'https://hooks.example.com/jobwait', secret });
 * reporter.on('delivery:failed', (event) => metrics.count('webhook.failed', event.reason));
 * reporter.attach(waiter);
 * try {
 *   await waiter.wait(source);
 * } finally {
 *   const { undelivered } = await reporter.close({ deadlineMs: 5_000 });
 * }
 * ```
 */
export function webhookReporter(options: WebhookReporterOptions): WebhookReporter {
  return new WebhookReporter(options);
}
