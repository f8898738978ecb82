import { EventEmitter } from 'node:events';

import type { ErrorSummary } from '@jobwait/core';

import type { MessageInfo } from './webhook-message.js';

/** A message reached the receiver, which answered with a 2xx status. */
export interface DeliverySucceededEvent extends MessageInfo {
  /** Attempts made, this one included. */
  readonly attempts: number;
  readonly status: number;
  /** Milliseconds from the first attempt to the answer of the last. */
  readonly durationMs: number;
}

/** An attempt failed in a way worth another try, which follows after `delayMs`. */
export interface DeliveryRetryEvent extends MessageInfo {
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
  /** The status the receiver answered with: 408, 429 or 5xx. Absent after a network error. */
  readonly status?: number;
  /** The network error (such as `ECONNREFUSED` or `ETIMEDOUT`), when no answer came. */
  readonly error?: ErrorSummary;
  /** The receiver's `Retry-After`, read as milliseconds, when it sent a readable one. */
  readonly retryAfterMs?: number;
}

/**
 * Why a message was not delivered:
 * - `rejected`: the receiver answered with a status not worth retrying (a 3xx or 4xx other
 *   than 408 and 429);
 * - `exhausted`: every attempt failed with a network error, 408, 429 or 5xx;
 * - `deadline`: `close()` reached its deadline before the message was delivered;
 * - `unencodable`: the event could not be encoded as JSON;
 * - `overflow`: the queue was full when the event came (see `queue:overflow`).
 */
export type UndeliveredReason = 'rejected' | 'exhausted' | 'deadline' | 'unencodable' | 'overflow';

/** A message that was not delivered, and why. */
export interface DeliveryFailedEvent extends MessageInfo {
  readonly reason: Exclude<UndeliveredReason, 'overflow'>;
  /** Attempts made; 0 when none was (an unencodable event, or one still queued at the deadline). */
  readonly attempts: number;
  /** The status of the last answer, if one came. */
  readonly status?: number;
  /** The network error of the last attempt, when it got no answer. */
  readonly error?: ErrorSummary;
}

/** The queue was full: the message of this event was dropped, not sent. */
export interface QueueOverflowEvent extends MessageInfo {
  /** The `maxQueue` option in force. */
  readonly maxQueue: number;
  /** Messages dropped for want of room since the reporter was created, this one included. */
  readonly dropped: number;
}

/** The events of a webhook reporter, by name. */
export interface WebhookReporterEvents {
  'delivery:succeeded': (event: DeliverySucceededEvent) => void;
  'delivery:retry': (event: DeliveryRetryEvent) => void;
  'delivery:failed': (event: DeliveryFailedEvent) => void;
  'queue:overflow': (event: QueueOverflowEvent) => void;
}

/** The name of any event of a webhook reporter. */
export type WebhookReporterEventName = keyof WebhookReporterEvents;

/** A function that emits an event of a webhook reporter. */
export type EmitReporterEvent = <E extends WebhookReporterEventName>(
  name: E,
  event: Parameters<WebhookReporterEvents[E]>[0],
) => void;

/**
 * The listeners of a webhook reporter. Each is called on its own: one that throws is skipped,
 * so that a listener's bug can stop neither the others nor the delivery of the next message,
 * and never reaches a wait.
 */
export class ReporterEvents {
  readonly #emitter = new EventEmitter();

  /** Calls `listener` on each event `name`. */
  on<E extends WebhookReporterEventName>(name: E, listener: WebhookReporterEvents[E]): void {
    this.#emitter.on(name, listener);
  }

  /** Calls `listener` on the next event `name` only. */
  once<E extends WebhookReporterEventName>(name: E, listener: WebhookReporterEvents[E]): void {
    this.#emitter.once(name, listener);
  }

  /** Removes a listener added by `on` or `once`; an unknown one is ignored. */
  off<E extends WebhookReporterEventName>(name: E, listener: WebhookReporterEvents[E]): void {
    this.#emitter.off(name, listener);
  }

  /** How many listeners `name` has. */
  listenerCount(name: WebhookReporterEventName): number {
    return this.#emitter.listenerCount(name);
  }

  /** Calls each listener of `name` with a frozen copy of `event`, swallowing what they throw. */
  readonly emit: EmitReporterEvent = (name, event) => {
    const frozen = Object.freeze({ ...event });

    // Raw listeners, so that a `once` listener's wrapper removes itself when called.
    for (const listener of this.#emitter.rawListeners(name) as ((e: unknown) => void)[]) {
      try {
        listener(frozen);
      } catch {
        // A listener's failure is its own; deliveries and waits go on.
      }
    }
  };
}
