import { randomUUID } from 'node:crypto';

import type { WaiterEventName } from '@jobwait/core';

import { redactStrings, type Redact } from '../redactor.js';
import { encodeCloudEvent, type EncodedBody } from './cloud-event.js';
import { eventType } from './event-type.js';

/** Which message an event of the reporter is about. */
export interface MessageInfo {
  /** The message id, sent as `webhook-id` (and as the CloudEvents `id`) on every attempt. */
  readonly id: string;
  /** The message type, such as `io.jobwait.job.succeeded`. */
  readonly type: string;
  /** The waiter event the message reports. */
  readonly event: WaiterEventName;
  readonly jobId: string;
  readonly kind: string;
  /** The waiter event's position in its wait. */
  readonly seq: number;
}

/** One message, encoded once: every attempt sends these very bytes. */
export interface WebhookMessage extends MessageInfo {
  /** Messages of one job (kind and id) are delivered one after the other. */
  readonly jobKey: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/** How events become messages. */
export interface MessageFormat {
  /** The CloudEvents `source`, or `undefined` for the plain Standard Webhooks payload. */
  readonly cloudEventsSource: string | ((kind: string) => string) | undefined;
  /** Whether `state:change` and `settled` messages carry the observation. */
  readonly includeObservation: boolean;
  /** The time to use when an event has no valid `time` of its own, in ms since the epoch. */
  readonly now: () => number;
  /** Replaces secrets in the payload's strings; absent when there are none to replace. */
  readonly redact?: Redact | undefined;
}

/** Names a message for a waiter event: a fresh id, its type, and the job it is about. */
export function messageInfo(
  name: WaiterEventName,
  event: Readonly<Record<string, unknown>>,
): MessageInfo {
  const { jobId, kind, seq, outcome } = event;

  return {
    id: `msg_${randomUUID().replaceAll('-', '')}`,
    type: eventType(name, outcome),
    event: name,
    jobId: typeof jobId === 'string' ? jobId : '',
    kind: typeof kind === 'string' ? kind : '',
    seq: typeof seq === 'number' ? seq : 0,
  };
}

/**
 * Encodes a waiter event as the message `info` names. The payload is
 * `{ type, timestamp, data }` as Standard Webhooks recommends, or a CloudEvents structured
 * event; `data` holds the event's fields. An observation that cannot be encoded as JSON is
 * left out rather than losing the message.
 *
 * @throws the error of `JSON.stringify` when the event itself cannot be encoded, such as one
 *   holding a `BigInt` outside its observation.
 */
export function createMessage(
  info: MessageInfo,
  event: Readonly<Record<string, unknown>>,
  format: MessageFormat,
): WebhookMessage {
  const time = validTime(event['time']) ?? new Date(format.now()).toISOString();
  const data = dataOf(info.event, event, format.includeObservation);
  let encoded: EncodedBody;

  try {
    encoded = encode(info, time, data, format);
  } catch (error) {
    if (!('observation' in data)) throw error;
    delete data['observation'];
    encoded = encode(info, time, data, format);
  }

  return {
    ...info,
    jobKey: `${info.kind}\u0000${info.jobId}`,
    contentType: encoded.contentType,
    body: Buffer.from(encoded.body, 'utf8'),
  };
}

/** The event's own fields, with the event name first and the observation only when asked. */
function dataOf(
  name: WaiterEventName,
  event: Readonly<Record<string, unknown>>,
  includeObservation: boolean,
): Record<string, unknown> {
  const { observation, ...fields } = event;
  const carries = includeObservation && observation !== undefined;

  return { event: name, ...fields, ...(carries ? { observation } : {}) };
}

function encode(
  info: MessageInfo,
  time: string,
  fields: Readonly<Record<string, unknown>>,
  format: MessageFormat,
): EncodedBody {
  const { cloudEventsSource: source, redact } = format;
  // A round trip through JSON, so that what is redacted, and what the CloudEvents package
  // sees, is plain data, and an event that JSON cannot carry fails here as it would anyway.
  const data =
    redact === undefined && source === undefined
      ? fields
      : redactStrings(JSON.parse(JSON.stringify(fields)) as Record<string, unknown>, redact);

  if (source === undefined) {
    const body = JSON.stringify({ type: info.type, timestamp: time, data });
    return { contentType: 'application/json', body };
  }

  return encodeCloudEvent({
    id: info.id,
    type: info.type,
    source: typeof source === 'function' ? source(info.kind) : source,
    subject: redact === undefined ? info.jobId : redact(info.jobId),
    time,
    data,
  });
}

function validTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;

  const ms = Date.parse(value);

  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The fields that name a message in the reporter's events, without its body. */
export function infoOf(message: WebhookMessage): MessageInfo {
  const { id, type, event, jobId, kind, seq } = message;

  return { id, type, event, jobId, kind, seq };
}
