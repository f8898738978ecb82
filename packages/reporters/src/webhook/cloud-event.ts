import { CloudEvent, HTTP } from 'cloudevents';

/** The attributes of one CloudEvents 1.0 event that jobwait sends. */
export interface CloudEventAttributes {
  /** The webhook message id, so that `id` and the `webhook-id` header agree. */
  readonly id: string;
  readonly type: string;
  /** A URI reference naming where the event comes from, such as `/jobwait/elb-classic`. */
  readonly source: string;
  /** The job id. */
  readonly subject: string;
  /** When the waiter emitted the event, ISO 8601 in UTC. */
  readonly time: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A body and its content type, ready to be sent. */
export interface EncodedBody {
  readonly contentType: string;
  readonly body: string;
}

/**
 * Encodes an event in the CloudEvents 1.0 structured mode for HTTP, with the `cloudevents`
 * package: the attributes and `data` in one JSON object, sent as
 * `application/cloudevents+json`.
 *
 * @throws the package's `ValidationError` when an attribute breaks the specification, such as
 *   a `source` that is not a URI reference.
 */
export function encodeCloudEvent(attributes: CloudEventAttributes): EncodedBody {
  const { subject, ...rest } = attributes;
  const event = new CloudEvent({
    ...rest,
    // The specification wants a non-empty subject or none.
    ...(subject === '' ? {} : { subject }),
    datacontenttype: 'application/json',
  });
  const { headers, body } = HTTP.structured(event);

  return { contentType: String(headers['content-type']), body: String(body) };
}

/**
 * Checks that `source` is a CloudEvents `source` (a non-empty URI reference).
 *
 * @throws TypeError naming `optionName` when it is not.
 */
export function assertCloudEventSource(source: unknown, optionName: string): void {
  const expected = `Expected option \`${optionName}\` to be a URI reference such as '/jobwait'`;

  if (typeof source !== 'string' || source === '') {
    throw new TypeError(`${expected}, got ${JSON.stringify(source) ?? String(source)}`);
  }

  try {
    encodeCloudEvent({
      id: 'probe',
      type: 'io.jobwait.probe',
      source,
      subject: '',
      time: new Date(0).toISOString(),
      data: {},
    });
  } catch {
    throw new TypeError(`${expected}, got ${JSON.stringify(source)}`);
  }
}
