import type {
  DeliveryFailedEvent,
  DeliveryRetryEvent,
  DeliverySucceededEvent,
  QueueOverflowEvent,
  WebhookReporterEventName,
  WebhookReporterEvents,
} from '../../src/webhook/reporter-events.js';
import type { WebhookReporter } from '../../src/webhook/webhook-reporter.js';
import { watches } from './receiver.js';

/**
 * Records the events of `reporter`; `reached(predicate)` resolves once the records satisfy
 * it, checked after each event.
 */
export function recordEvents(reporter: WebhookReporter) {
  const watched = watches();
  const seen = {
    succeeded: [] as DeliverySucceededEvent[],
    retries: [] as DeliveryRetryEvent[],
    failed: [] as DeliveryFailedEvent[],
    overflows: [] as QueueOverflowEvent[],
    reached: watched.reached,
  };

  function track<E extends WebhookReporterEventName>(
    name: E,
    list: Parameters<WebhookReporterEvents[E]>[0][],
  ): void {
    const listener = (event: Parameters<WebhookReporterEvents[E]>[0]) => {
      list.push(event);
      watched.check();
    };
    reporter.on(name, listener);
  }

  track('delivery:succeeded', seen.succeeded);
  track('delivery:retry', seen.retries);
  track('delivery:failed', seen.failed);
  track('queue:overflow', seen.overflows);

  return seen;
}
