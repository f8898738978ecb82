import {
  WAITER_EVENT_NAMES,
  systemClock,
  systemRandom,
  type Clock,
  type WaiterEventName,
} from '@jobwait/core';

import { assertSecretList, kindOf, shown } from '../option-values.js';
import { redactor, type Redact } from '../redactor.js';
import { assertCloudEventSource } from './cloud-event.js';
import {
  assertBoolean,
  assertDurationMs,
  assertFunction,
  assertKnownOptions,
  assertWholeNumber,
  isPlainObject,
} from './option-checks.js';
import type { RetryPolicy } from './retry-policy.js';
import { createSigner, type Signer } from './signer.js';
import type { MessageFormat } from './webhook-message.js';

/** Options of {@link webhookReporter}. */
export interface WebhookReporterOptions {
  /** Where messages are sent with `POST`: an absolute `http:` or `https:` URL. Required. */
  url: string | URL;
  /**
   * The Standard Webhooks signing secret, base64, optionally prefixed by `whsec_`, of at least
   * 24 bytes once decoded, as the specification asks. Required. It is never shown in errors,
   * events or the reporter's `toString()`.
   */
  secret: string;
  /**
   * The waiter events to send, any of core's `WAITER_EVENT_NAMES`. Default:
   * `['state:change', 'settled']`, each change of a job's state and how each wait ended.
   */
  events?: readonly WaiterEventName[];
  /**
   * Sends each message as a CloudEvents 1.0 structured event (`application/cloudevents+json`)
   * instead of `{ type, timestamp, data }`. `true` uses the source `/jobwait/<kind>`; give
   * `{ source }` to name another URI reference. Default `false`.
   */
  cloudEvents?: boolean | { source?: string };
  /**
   * Also sends the observation of `state:change` and `settled` events (the job as the adapter
   * read it). Default `false`: it can be large, and it is the provider's data.
   */
  includeObservation?: boolean;
  /**
   * Extra headers for every request, such as `authorization`. Refused: `content-type` and the
   * `webhook-*` headers, which are the reporter's own; `content-length`, `content-encoding`,
   * `transfer-encoding` and `host`, which describe the body and its way; and one name given
   * twice in different cases. Their values never appear in errors or events.
   */
  headers?: Readonly<Record<string, string>>;
  /** The limit of one attempt, connection to last byte, in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Attempts per message, the first included, from 1 to 100. Default 5. */
  maxAttempts?: number;
  /** The first backoff delay, and the least, in milliseconds. Default 500. */
  minDelayMs?: number;
  /** The longest backoff delay, a Retry-After included, in milliseconds. Default 30 000. */
  maxDelayMs?: number;
  /** The most messages held, queued and in flight; more are dropped and reported. Default 1000. */
  maxQueue?: number;
  /** The most jobs whose messages are sent at the same time. Default 10. */
  concurrency?: number;
  /** The source of time for timestamps, backoffs and close's deadline. Default: process clock. */
  clock?: Clock;
  /** The source of randomness for jitter, a number in [0, 1). Default `Math.random`. */
  random?: () => number;
  /**
   * How long the automatic flush goes on when the process runs out of work while messages are
   * held, in milliseconds, from 0 to 2^31−1: the process ends by then. Default 10 000, the
   * default deadline of `close()`.
   */
  exitDeadlineMs?: number;
  /**
   * Secrets (tokens, keys, passwords) to replace by `[redacted]` in every string value of a
   * message's payload, as given and percent-encoded, as the log reporter does: a server that
   * echoes a token in a failure reason does not send it on. Default none.
   */
  redact?: readonly string[];
}

/** The options in force, checked and with defaults filled in. */
export interface ResolvedWebhookOptions {
  readonly url: string;
  readonly signer: Signer;
  readonly events: readonly WaiterEventName[];
  readonly format: MessageFormat;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
  readonly maxQueue: number;
  readonly concurrency: number;
  readonly clock: Clock;
  readonly exitDeadlineMs: number;
}

const OPTION_NAMES = [
  'url',
  'secret',
  'events',
  'cloudEvents',
  'includeObservation',
  'headers',
  'timeoutMs',
  'maxAttempts',
  'minDelayMs',
  'maxDelayMs',
  'maxQueue',
  'concurrency',
  'clock',
  'random',
  'exitDeadlineMs',
  'redact',
];

const DEFAULT_EVENTS: readonly WaiterEventName[] = ['state:change', 'settled'];

/** The deadline of `close()` when none is given, and of the flush when the process ends. */
export const DEFAULT_CLOSE_DEADLINE_MS = 10_000;

/**
 * Headers `headers` may not name: the reporter's own, and those that describe how the body
 * travels, which the HTTP client sets from the bytes it sends (another value would make the
 * receiver read the body wrong, or send it elsewhere).
 */
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'host',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);

/**
 * Checks the options of {@link webhookReporter} and fills in the defaults. `null` is refused
 * for every option.
 *
 * @throws TypeError or RangeError naming the first invalid option.
 */
export function resolveWebhookOptions(options: unknown): ResolvedWebhookOptions {
  assertKnownOptions('webhookReporter', options, OPTION_NAMES);
  assertNoNull(options);

  const { url, secret, events = DEFAULT_EVENTS, cloudEvents = false } = options;
  const { includeObservation = false, headers = {}, clock = systemClock } = options;
  const { random = systemRandom, redact = [] } = options;

  assertClock(clock);
  assertFunction('random', random);

  return {
    url: checkUrl(url),
    signer: createSigner(secret, 'secret'),
    events: checkEvents(events),
    format: {
      cloudEventsSource: checkCloudEvents(cloudEvents),
      includeObservation: assertBoolean('includeObservation', includeObservation),
      now: () => clock.now(),
      redact: redactorOf(redact),
    },
    headers: checkHeaders(headers),
    timeoutMs: assertDurationMs('timeoutMs', options['timeoutMs'] ?? 10_000, 1),
    policy: checkPolicy(options, random as () => number),
    maxQueue: assertWholeNumber('maxQueue', options['maxQueue'] ?? 1000, 1, 1_000_000),
    concurrency: assertWholeNumber('concurrency', options['concurrency'] ?? 10, 1, 1000),
    clock,
    exitDeadlineMs: assertDurationMs(
      'exitDeadlineMs',
      options['exitDeadlineMs'] ?? DEFAULT_CLOSE_DEADLINE_MS,
      0,
    ),
  };
}

/**
 * `null` is refused for every option, rather than taken as "the default" by some and as a
 * wrong value by others: an option is given with a value of its type, or left out.
 */
function assertNoNull(options: Record<string, unknown>): void {
  const name = Object.keys(options).find((key) => options[key] === null);

  if (name !== undefined) {
    throw new TypeError(`Expected option \`${name}\` to be left out for its default, not null`);
  }
}

function redactorOf(redact: unknown): Redact | undefined {
  assertSecretList('redact', redact);

  return redact.length === 0 ? undefined : redactor(redact);
}

function checkUrl(url: unknown): string {
  // The URL may carry credentials: errors describe it without showing it.
  const expected = 'Expected option `url` to be an absolute http: or https: URL';
  const text = url instanceof URL ? url.href : url;

  if (typeof text !== 'string') throw new TypeError(`${expected}, got ${shown(text)}`);
  if (!URL.canParse(text)) throw new TypeError(`${expected}; it could not be parsed`);

  const { protocol } = new URL(text);

  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new TypeError(`${expected}, got one with the protocol ${JSON.stringify(protocol)}`);
  }

  return text;
}

function checkEvents(events: unknown): readonly WaiterEventName[] {
  const known = WAITER_EVENT_NAMES.map((name) => `'${name}'`).join(', ');

  if (!Array.isArray(events) || events.length === 0) {
    throw new TypeError(`Expected option \`events\` to be a non-empty array of ${known}`);
  }
  events.forEach((name: unknown, index) => {
    if (!WAITER_EVENT_NAMES.includes(name as WaiterEventName)) {
      throw new TypeError(
        `Expected \`events[${index}]\` to be one of ${known}, got ${shown(name)}`,
      );
    }
  });

  return [...new Set(events as WaiterEventName[])];
}

function checkCloudEvents(cloudEvents: unknown): MessageFormat['cloudEventsSource'] {
  if (cloudEvents === false) return undefined;
  if (cloudEvents === true) return (kind) => `/jobwait/${encodeURIComponent(kind)}`;
  if (!isPlainObject(cloudEvents) || Object.keys(cloudEvents).some((key) => key !== 'source')) {
    throw new TypeError('Expected option `cloudEvents` to be a boolean or `{ source }`');
  }

  const { source } = cloudEvents;
  if (source === undefined) return checkCloudEvents(true);
  assertCloudEventSource(source, 'cloudEvents.source');

  return source as string;
}

function checkHeaders(headers: unknown): Readonly<Record<string, string>> {
  if (!isPlainObject(headers)) {
    throw new TypeError(`Expected option \`headers\` to be an object, got ${shown(headers)}`);
  }

  const checked: Record<string, string> = {};

  for (const [name, value] of Object.entries(headers)) {
    const where = `headers[${JSON.stringify(name)}]`;
    const lowerName = name.toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new TypeError(`Expected option \`${where}\` to have a valid header name`);
    }
    if (RESERVED_HEADERS.has(lowerName)) {
      throw new TypeError(`Option \`${where}\` names a header the reporter or HTTP sets itself`);
    }
    if (Object.hasOwn(checked, lowerName)) {
      throw new TypeError(`Option \`headers\` names the header \`${lowerName}\` twice`);
    }
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new TypeError(`Expected option \`${where}\` to be a string without line breaks`);
    }
    checked[lowerName] = value;
  }

  return checked;
}

function checkPolicy(options: Record<string, unknown>, random: () => number): RetryPolicy {
  const maxAttempts = assertWholeNumber('maxAttempts', options['maxAttempts'] ?? 5, 1, 100);
  const minDelayMs = assertDurationMs('minDelayMs', options['minDelayMs'] ?? 500, 1);
  const maxDelayMs = assertDurationMs('maxDelayMs', options['maxDelayMs'] ?? 30_000, 1);

  if (maxDelayMs < minDelayMs) {
    throw new RangeError(
      `Expected option \`maxDelayMs\` (${maxDelayMs}) ` +
        `to be at least \`minDelayMs\` (${minDelayMs})`,
    );
  }

  return { maxAttempts, minDelayMs, maxDelayMs, random };
}

function assertClock(clock: unknown): asserts clock is Clock {
  if (typeof clock !== 'object') {
    throw new TypeError(
      `Expected option \`clock\` to be an object with now, setTimeout and clearTimeout, ` +
        `got ${kindOf(clock)}`,
    );
  }
  for (const method of ['now', 'setTimeout', 'clearTimeout'] as const) {
    assertFunction(`clock.${method}`, (clock as Partial<Clock>)[method]);
  }
}
