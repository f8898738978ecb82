import type { Clock } from '@jobwait/core';
import {
  formatDuration,
  webhookReporter,
  type DeliveryFailedEvent,
  type DeliveryRetryEvent,
  type Detach,
  type QueueOverflowEvent,
  type UndeliveredReason,
  type WaiterLike,
  type WebhookCloseReport,
} from '@jobwait/reporters';

import { WEBHOOK_SECRET_VARIABLE } from './credential-variables.js';
import { UsageError } from './errors.js';
import { namingOptions } from './option-names.js';
import type { WebhookArgs } from './reporter-args.js';

/**
 * How long the command goes on delivering webhook messages once the wait has ended, retries
 * included, in milliseconds: long enough for a receiver that blinks, short enough for a CI step.
 */
export const WEBHOOK_FLUSH_MS = 10_000;

/** The webhook of one run of the command. */
export interface CommandWebhook {
  /** Sends the events of `waiter`, as chosen by `--webhook-events`. */
  attach(waiter: WaiterLike): Detach;
  /**
   * Delivers what is held, for at most {@link WEBHOOK_FLUSH_MS}, then warns in one line of
   * every message that was not delivered. Failures are no longer told one by one meanwhile.
   */
  close(): Promise<void>;
}

/** What the webhook of the command needs of it. */
export interface WebhookIo {
  /** Read for {@link WEBHOOK_SECRET_VARIABLE}. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes a `jobwait: warning:` line. */
  readonly warn: (text: string) => void;
  /** The reporter's time, for tests; default the process clock. */
  readonly clock?: Clock | undefined;
  /**
   * The secrets of the environment, replaced in every message as given and percent-encoded
   * (events arrive with the raw forms already replaced, tokens issued later included).
   */
  readonly secrets?: readonly string[];
}

/** What set each option of the webhook reporter, for its messages. */
const OPTION_SOURCES = {
  url: '--webhook',
  events: '--webhook-events',
  secret: WEBHOOK_SECRET_VARIABLE,
};

/**
 * Starts a webhook reporter for `--webhook`, signing with the secret of
 * `JOBWAIT_WEBHOOK_SECRET`. While the wait goes on, each kind of delivery failure (a refused
 * message, a network error or a status that is retried, messages given up, a full queue) is
 * told by one warning, the first time it happens; a wait never fails for it.
 *
 * @throws UsageError, before anything is sent, when the variable is unset or empty, or its
 *   value is not a Standard Webhooks secret; the message names the variable, never its value.
 */
export function startWebhook(
  args: WebhookArgs,
  { env, warn, clock, secrets = [] }: WebhookIo,
): CommandWebhook {
  const secret = env[WEBHOOK_SECRET_VARIABLE];

  if (secret === undefined || secret === '') {
    throw new UsageError(
      `--webhook needs the signing secret in ${WEBHOOK_SECRET_VARIABLE}; set it there ` +
        '(never as a flag)',
    );
  }

  const reporter = namingOptions(OPTION_SOURCES, () =>
    webhookReporter({
      url: args.url,
      secret,
      redact: secrets.filter((value) => value.length >= 4),
      ...(args.events === undefined ? {} : { events: args.events }),
      ...(clock === undefined ? {} : { clock }),
    }),
  );
  const failures = failureWarnings(warn);
  reporter.on('delivery:retry', failures.retry);
  reporter.on('delivery:failed', failures.failed);
  reporter.on('queue:overflow', failures.overflow);

  return {
    attach: (waiter) => reporter.attach(waiter),
    close: async () => {
      failures.stop();
      const line = undeliveredLine(await reporter.close({ deadlineMs: WEBHOOK_FLUSH_MS }));
      if (line !== undefined) warn(line);
    },
  };
}

/** Listeners that warn of each kind of failure once, until stopped. */
function failureWarnings(warn: (text: string) => void) {
  const told = new Set<string>();
  let stopped = false;
  const once = (text: string): void => {
    if (stopped || told.has(text)) return;
    told.add(text);
    warn(text);
  };

  return {
    retry: (event: DeliveryRetryEvent) =>
      once(`webhook delivery failed (${problem(event)}); retrying`),
    // Messages left at the deadline are told by the line of `close()`, once failures stop.
    failed: (event: DeliveryFailedEvent) => {
      if (event.reason !== 'deadline') once(givenUpText(event.reason, event));
    },
    overflow: (event: QueueOverflowEvent) =>
      once(`the webhook queue is full (${event.maxQueue} messages); new messages are dropped`),
    stop: () => (stopped = true),
  };
}

function givenUpText(
  reason: Exclude<DeliveryFailedEvent['reason'], 'deadline'>,
  event: DeliveryFailedEvent,
): string {
  switch (reason) {
    case 'rejected':
      return `webhook delivery refused (${problem(event)}); the message is given up`;
    case 'exhausted':
      return (
        `webhook delivery failed ${event.attempts} times (${problem(event)}); ` +
        'the message is given up'
      );
    case 'unencodable':
      return 'an event could not be encoded as JSON; its webhook message is not sent';
  }
}

/** What went wrong with the last attempt: `HTTP 503`, `ECONNREFUSED`. */
function problem({ status, error }: { status?: number; error?: { name: string; code?: string } }) {
  return status === undefined ? (error?.code ?? error?.name ?? 'no answer') : `HTTP ${status}`;
}

const REASON_TEXT: Readonly<Record<UndeliveredReason, string>> = {
  rejected: 'refused',
  exhausted: 'out of attempts',
  deadline: `still held after the ${formatDuration(WEBHOOK_FLUSH_MS)} flush`,
  unencodable: 'not encodable',
  overflow: 'dropped from a full queue',
};

/**
 * One line for every message that was not delivered, such as `2 of 5 webhook messages were not
 * delivered (2 out of attempts); last error: ECONNREFUSED`; none when all were.
 */
export function undeliveredLine(report: WebhookCloseReport): string | undefined {
  const { delivered, undelivered, omitted } = report;
  const count = undelivered.length + omitted;

  if (count === 0) return undefined;

  const all = delivered + count;
  const what = `${count} of ${all} webhook message${all === 1 ? '' : 's'}`;
  const last = [...undelivered]
    .reverse()
    .find((m) => m.status !== undefined || m.error !== undefined);
  const lastError = last === undefined ? '' : `; last error: ${problem(last)}`;

  return `${what} ${count === 1 ? 'was' : 'were'} not delivered (${reasons(report)})${lastError}`;
}

/** `3 out of attempts, 1 refused`: the messages not delivered, by reason, in order of first. */
function reasons({ undelivered, omitted }: WebhookCloseReport): string {
  const counts = new Map<UndeliveredReason, number>();

  for (const { reason } of undelivered) {
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }

  const parts = [...counts].map(([reason, n]) => `${n} ${REASON_TEXT[reason]}`);

  return [...parts, ...(omitted > 0 ? [`${omitted} more`] : [])].join(', ');
}
