/** What an error body says, from either envelope. */
export interface ElbErrorBody {
  /** The provider's code, such as `APIGW.0307` or `ELB.1001`. */
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /** The gateway's `request_id`. */
  readonly requestId?: string;
}

/**
 * Reads an error body in either envelope the API uses: the service's
 * `{"error": {"code", "message"}}` and the gateway's `{"error_code", "error_msg",
 * "request_id"}`. Fields that are absent or not non-empty strings are left out.
 *
 * @returns `undefined` when `body` is not an object in either envelope.
 */
export function parseErrorBody(body: unknown): ElbErrorBody | undefined {
  if (!isRecord(body)) {
    return undefined;
  }

  const service = isRecord(body['error']) ? body['error'] : undefined;
  const found = pick({
    errorCode: service?.['code'] ?? body['error_code'],
    errorMessage: service?.['message'] ?? body['error_msg'],
    requestId: body['request_id'] ?? service?.['request_id'],
  });

  return found.errorCode === undefined && found.errorMessage === undefined ? undefined : found;
}

/** Parses `text` as JSON, or `undefined` when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function pick(fields: Record<keyof ElbErrorBody, unknown>): ElbErrorBody {
  const kept: { -readonly [K in keyof ElbErrorBody]: string } = {};

  for (const [key, value] of Object.entries(fields) as [keyof ElbErrorBody, unknown][]) {
    if (typeof value === 'string' && value !== '') kept[key] = value;
  }

  return kept;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
