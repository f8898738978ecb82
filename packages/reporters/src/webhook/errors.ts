import { JobwaitError } from '@jobwait/core';

/** What was wrong with a webhook delivery that {@link verifyWebhook} refused. */
export type WebhookVerificationProblem =
  /** A `webhook-id`, `webhook-timestamp` or `webhook-signature` header is absent or empty. */
  | 'missing-headers'
  /** `webhook-timestamp` is not a number of seconds, or is more than 5 minutes off the clock. */
  | 'timestamp'
  /** No signature of `webhook-signature` matches the body under the secret. */
  | 'signature'
  /** The signature matches, but the body is not JSON. */
  | 'payload';

/**
 * A webhook delivery failed verification: it was not signed with the secret, was altered, is
 * too old or too new to be trusted, or does not carry JSON. Branch on `problem`; the message is
 * for people. It never holds the secret, the signature or the body.
 */
export class WebhookVerificationError extends JobwaitError {
  readonly code = 'ERR_WEBHOOK_VERIFICATION';
  override readonly name = 'WebhookVerificationError';
  /** Which check failed. */
  readonly problem: WebhookVerificationProblem;

  constructor(problem: WebhookVerificationProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.problem = problem;
  }
}

/** A webhook reporter was asked to attach to a waiter after `close()` was called. */
export class WebhookReporterClosedError extends JobwaitError {
  readonly code = 'ERR_WEBHOOK_REPORTER_CLOSED';
  override readonly name = 'WebhookReporterClosedError';

  constructor() {
    super('The webhook reporter is closed; create a new one to report more waits');
  }
}
