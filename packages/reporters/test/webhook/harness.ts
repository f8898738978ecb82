import { afterEach } from '@jest/globals';

import { webhookReporter, type WebhookReporter } from '../../src/webhook/webhook-reporter.js';
import type { WebhookReporterOptions } from '../../src/webhook/webhook-options.js';
import { recordEvents } from './record-events.js';
import {
  newSecret,
  startReceiver,
  type Answer,
  type Receiver,
  type ReceivedRequest,
} from './receiver.js';

/**
 * Receivers and reporters sharing one secret, all closed after each test: held requests are
 * answered, reporters closed at once, then receivers closed.
 */
export function webhookHarness() {
  const secret = newSecret();
  const receivers: Receiver[] = [];
  const reporters: WebhookReporter[] = [];

  afterEach(async () => {
    for (const hooks of receivers) hooks.release();
    await Promise.all(reporters.splice(0).map((reporter) => reporter.close({ deadlineMs: 0 })));
    await Promise.all(receivers.splice(0).map((hooks) => hooks.close()));
  });

  return {
    secret,
    /** A receiver on 127.0.0.1 that answers as `answer` says (default 204). */
    async receiver(answer?: (request: ReceivedRequest, index: number) => Answer) {
      const started = await startReceiver({ secret, ...(answer ? { answer } : {}) });
      receivers.push(started);
      return started;
    },
    /** A reporter with the secret, and a record of its events. */
    reporter(options: Partial<WebhookReporterOptions> & { url: string }) {
      const reporter = webhookReporter({ secret, ...options });
      reporters.push(reporter);
      return { reporter, seen: recordEvents(reporter) };
    },
  };
}
