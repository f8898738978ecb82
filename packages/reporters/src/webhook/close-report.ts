import type { DeliveryFailedEvent, UndeliveredReason } from './reporter-events.js';
import type { MessageInfo } from './webhook-message.js';

/** A message that was not delivered, as the close report lists it. */
export interface UndeliveredMessage extends MessageInfo {
  readonly reason: UndeliveredReason;
  /** Attempts made; 0 when none was. */
  readonly attempts: number;
  /** The status of the last answer, if one came. */
  readonly status?: number;
  /** The network error of the last attempt, when it got no answer. */
  readonly error?: DeliveryFailedEvent['error'];
}

/** What `close()` resolves with: the account of the reporter's whole life. */
export interface WebhookCloseReport {
  /** Messages the receiver took (answered with a 2xx status). */
  readonly delivered: number;
  /**
   * Messages given up, dropped or left at the deadline, in the order they were given up; the
   * most recent 1000 when there were more. Empty when every event reached the receiver.
   */
  readonly undelivered: readonly UndeliveredMessage[];
  /** Undelivered messages left out of `undelivered` because there were more than 1000. */
  readonly omitted: number;
}

/** How many undelivered messages a close report lists. */
const MAX_LISTED = 1000;

/** Keeps the account that `close()` reports, in bounded memory. */
export class CloseLedger {
  #delivered = 0;
  #omitted = 0;
  readonly #undelivered: UndeliveredMessage[] = [];

  /** Counts a message the receiver took. */
  delivered(): void {
    this.#delivered += 1;
  }

  /** Lists a message that was not delivered; past 1000, the oldest entry is only counted. */
  undelivered(entry: UndeliveredMessage): void {
    this.#undelivered.push(entry);
    if (this.#undelivered.length > MAX_LISTED) {
      this.#undelivered.shift();
      this.#omitted += 1;
    }
  }

  /** The account so far, as a copy. */
  report(): WebhookCloseReport {
    return {
      delivered: this.#delivered,
      undelivered: [...this.#undelivered],
      omitted: this.#omitted,
    };
  }
}
