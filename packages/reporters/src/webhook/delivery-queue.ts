import type { WebhookMessage } from './webhook-message.js';

/** Options of a {@link DeliveryQueue}. */
export interface DeliveryQueueOptions {
  /** The most messages held, queued and in flight together. */
  readonly maxQueue: number;
  /** The most jobs whose messages are in flight at once. */
  readonly concurrency: number;
  /** Delivers one message; it must never reject. */
  readonly deliver: (message: WebhookMessage) => Promise<unknown>;
  /** Called, synchronously, each time the last message held is done with. */
  readonly onIdle?: () => void;
}

/**
 * Holds messages until they are delivered: in order within a job (a job's next message is not
 * started before its previous one is delivered or given up), concurrently across jobs, up to
 * `concurrency` jobs at a time, served in turn. Deliveries start on a microtask, never inside
 * `push`, so that the waiter's listener that pushes does no I/O.
 */
export class DeliveryQueue {
  readonly #options: DeliveryQueueOptions;
  /** Messages not started yet, by job. */
  readonly #queued = new Map<string, WebhookMessage[]>();
  /** Jobs with a message in flight. */
  readonly #active = new Set<string>();
  /** Jobs with queued messages and none in flight, in the order they became ready. */
  #ready: string[] = [];
  #size = 0;
  #pumpScheduled = false;
  #onDrained: (() => void)[] = [];

  constructor(options: DeliveryQueueOptions) {
    this.#options = options;
  }

  /** Messages held, queued and in flight. */
  get size(): number {
    return this.#size;
  }

  /**
   * Queues `message` behind the earlier messages of its job.
   *
   * @returns false, queuing nothing, when `maxQueue` messages are held already.
   */
  push(message: WebhookMessage): boolean {
    if (this.#size >= this.#options.maxQueue) return false;

    const { jobKey } = message;
    const queue = this.#queued.get(jobKey) ?? [];

    this.#size += 1;
    queue.push(message);
    this.#queued.set(jobKey, queue);
    if (queue.length === 1 && !this.#active.has(jobKey)) this.#ready.push(jobKey);
    this.#schedulePump();

    return true;
  }

  /** Resolves once no message is held. */
  drained(): Promise<void> {
    if (this.#size === 0) return Promise.resolve();

    return new Promise((resolve) => this.#onDrained.push(resolve));
  }

  /** Removes and returns every message not started yet, in the order each job queued them. */
  takeQueued(): WebhookMessage[] {
    const taken = [...this.#queued.values()].flat();

    this.#queued.clear();
    this.#ready = [];
    this.#size -= taken.length;
    this.#checkDrained();

    return taken;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled) return;

    this.#pumpScheduled = true;
    queueMicrotask(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#active.size < this.#options.concurrency && this.#ready.length > 0) {
      const jobKey = this.#ready.shift() as string;
      const message = this.#queued.get(jobKey)?.shift();

      if (message !== undefined) {
        this.#active.add(jobKey);
        void this.#run(jobKey, message);
      }
    }
  }

  async #run(jobKey: string, message: WebhookMessage): Promise<void> {
    try {
      await this.#options.deliver(message);
    } catch {
      // `deliver` does not reject; should it, the message counts as done and the queue goes on.
    }

    this.#size -= 1;
    this.#active.delete(jobKey);

    const rest = this.#queued.get(jobKey);
    if (rest !== undefined && rest.length > 0) this.#ready.push(jobKey);
    else this.#queued.delete(jobKey);

    this.#pump();
    this.#checkDrained();
  }

  #checkDrained(): void {
    if (this.#size !== 0) return;

    const waiting = this.#onDrained;
    this.#onDrained = [];
    for (const resolve of waiting) resolve();
    this.#options.onIdle?.();
  }
}
