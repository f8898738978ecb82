import { parseRetryAfter, sleep, type Clock, type ErrorSummary } from '@jobwait/core';

import { backgroundClock } from './background-clock.js';
import { postWebhook, type PostOutcome, type WebhookAgents } from './post-webhook.js';
import type { DeliveryFailedEvent, EmitReporterEvent } from './reporter-events.js';
import { isRetryableStatus, retryDelayMs, type RetryPolicy } from './retry-policy.js';
import type { Signer } from './signer.js';
import { infoOf, type WebhookMessage } from './webhook-message.js';

/** What delivering a message needs, shared by every message of a reporter. */
export interface DeliveryContext {
  readonly url: string;
  /** The caller's extra headers, sent with every attempt. */
  readonly headers: Readonly<Record<string, string>>;
  readonly signer: Signer;
  /** Each attempt's limit, in milliseconds. */
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  /** Aborts the current attempt or backoff: `close()` reached its deadline. */
  readonly signal: AbortSignal;
  readonly agents: WebhookAgents;
  readonly emit: EmitReporterEvent;
}

/** How a message's delivery ended: delivered, or the failure event that was emitted. */
export type DeliveryResult =
  | { readonly delivered: true }
  | { readonly delivered: false; readonly failure: DeliveryFailedEvent };

/** Why an attempt failed: the status of the answer, or the error when none came. */
interface AttemptCause {
  readonly status?: number;
  readonly error?: ErrorSummary;
}

/** A failure to report, without the message and the attempt count. */
type Failure = AttemptCause & { readonly reason: DeliveryFailedEvent['reason'] };

/** A retry to announce, without the message and the attempt number. */
type Retry = AttemptCause & { readonly delayMs: number; readonly retryAfterMs?: number };

/** What the reporter makes of one attempt. */
type Judgement =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'retry'; readonly retry: Retry }
  | { readonly kind: 'failed'; readonly failure: Failure };

/**
 * Delivers one message: attempts until the receiver takes it, refuses it, or the attempts run
 * out, with a backoff between attempts. Every attempt sends the same id and the same body
 * bytes, with a fresh timestamp and signature (a receiver refuses a timestamp more than 5
 * minutes old). It emits `delivery:retry` before each backoff, and `delivery:succeeded` or
 * `delivery:failed` at the end. It never throws.
 */
export async function deliverMessage(
  message: WebhookMessage,
  context: DeliveryContext,
): Promise<DeliveryResult> {
  const { clock, emit } = context;
  const startedMs = clock.now();

  for (let attempt = 1; ; attempt += 1) {
    const judgement = judge(await sendAttempt(message, context), attempt, context);

    if (judgement.kind === 'delivered') {
      const durationMs = Math.max(0, clock.now() - startedMs);
      emit('delivery:succeeded', {
        ...infoOf(message),
        attempts: attempt,
        status: judgement.status,
        durationMs,
      });
      return { delivered: true };
    }

    const failure =
      judgement.kind === 'failed'
        ? judgement.failure
        : await backOff(message, attempt, judgement.retry, context);

    if (failure !== undefined) {
      const event: DeliveryFailedEvent = { ...infoOf(message), ...failure, attempts: attempt };
      emit('delivery:failed', event);
      return { delivered: false, failure: event };
    }
  }
}

/** Signs the message afresh and sends it once. */
function sendAttempt(message: WebhookMessage, context: DeliveryContext): Promise<PostOutcome> {
  const { url, headers, signer, timeoutMs, clock, signal, agents } = context;
  const signature = signer.sign(message.id, clock.now(), message.body);

  return postWebhook({
    url,
    headers: { ...headers, 'content-type': message.contentType, ...signature },
    body: message.body,
    timeoutMs,
    signal,
    agents,
  });
}

function judge(outcome: PostOutcome, attempt: number, context: DeliveryContext): Judgement {
  const { policy, clock } = context;

  if (outcome.kind === 'aborted') return { kind: 'failed', failure: { reason: 'deadline' } };

  const status = outcome.kind === 'response' ? outcome.status : undefined;
  const cause: AttemptCause = outcome.kind === 'network' ? { error: outcome.error } : { status };

  if (status !== undefined && status >= 200 && status <= 299) return { kind: 'delivered', status };
  if (status !== undefined && !isRetryableStatus(status)) {
    return { kind: 'failed', failure: { reason: 'rejected', status } };
  }
  if (attempt >= policy.maxAttempts) {
    return { kind: 'failed', failure: { reason: 'exhausted', ...cause } };
  }

  const retryAfter = outcome.kind === 'response' ? outcome.retryAfter : undefined;
  const retryAfterMs = parseRetryAfter(retryAfter, clock.now());
  const delayMs = retryDelayMs(policy, attempt, retryAfterMs);

  return {
    kind: 'retry',
    retry: { delayMs, ...cause, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
  };
}

/**
 * Tells listeners of the coming retry and waits for it, on a timer that does not hold the
 * process.
 *
 * @returns nothing when the next attempt may go; a failure when the deadline came first.
 */
async function backOff(
  message: WebhookMessage,
  attempt: number,
  retry: Retry,
  context: DeliveryContext,
): Promise<Failure | undefined> {
  context.emit('delivery:retry', { ...infoOf(message), ...retry, attempt });

  try {
    await sleep(retry.delayMs, { clock: backgroundClock(context.clock), signal: context.signal });
  } catch {
    const { status, error } = retry;
    return { reason: 'deadline', ...(status === undefined ? { error } : { status }) };
  }

  return undefined;
}
