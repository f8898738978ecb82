export { consoleReporter } from './console/console-reporter.js';
export type { ConsoleReporter, ConsoleReporterOptions } from './console/console-reporter.js';
export type { OutputStream } from './console/guarded-writer.js';
export type { ConsoleMode } from './console/output-mode.js';
export { formatDuration } from './console/format.js';
export { logReporter } from './log/log-reporter.js';
export type { LogReporter } from './log/log-reporter.js';
export type { LogReporterOptions } from './log/log-reporter-options.js';
export type { LogRecord } from './log/log-record.js';
export type { LoggedError } from './log/logged-error.js';
export type { LoggerLike, LogLevel, LogMethod } from './log/logger-like.js';
export { LOG_THRESHOLDS } from './log/default-logger.js';
export type { LogThreshold } from './log/default-logger.js';
export { printable } from './printable.js';
export type { Detach, WaiterLike } from './waiter-like.js';
export { webhookReporter } from './webhook/webhook-reporter.js';
export type { WebhookCloseOptions, WebhookReporter } from './webhook/webhook-reporter.js';
export type { WebhookReporterOptions } from './webhook/webhook-options.js';
export type { UndeliveredMessage, WebhookCloseReport } from './webhook/close-report.js';
export type {
  DeliveryFailedEvent,
  DeliveryRetryEvent,
  DeliverySucceededEvent,
  QueueOverflowEvent,
  UndeliveredReason,
  WebhookReporterEventName,
  WebhookReporterEvents,
} from './webhook/reporter-events.js';
export type { MessageInfo } from './webhook/webhook-message.js';
export { verifyWebhook } from './webhook/verify-webhook.js';
export type { VerifyWebhookOptions, WebhookHeaders } from './webhook/verify-webhook.js';
export { WebhookReporterClosedError, WebhookVerificationError } from './webhook/errors.js';
export type { WebhookVerificationProblem } from './webhook/errors.js';
