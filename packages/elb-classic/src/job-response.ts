import type { IncomingHttpHeaders } from 'node:http';

import { parseErrorBody, parseJson, type ElbErrorBody } from './error-body.js';
import { ElbHttpError, ElbProtocolError, type ElbProtocolProblem } from './errors.js';
import { headerText } from './header-text.js';
import type { ElbJob } from './job.js';
import { isDeeperThan, MAX_JSON_DEPTH } from './json-depth.js';
import { parseRetryAfter } from './retry-after.js';
import { scrub, scrubParsedJson } from './scrub.js';

/** A response as the client received it, body decoded as UTF-8. */
export interface RawResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  /** The body; only its first bytes, up to the size cap, when `truncated`. */
  readonly body: string;
  /** True when the body was larger than the size cap, and the rest of it was not read. */
  readonly truncated?: boolean;
}

/** Where a response came from and when, for its errors. */
export interface ResponseContext {
  readonly url: string;
  /** Current time in milliseconds since the epoch, for a `Retry-After` date. */
  readonly now: number;
  /** Why the response is final, when something else failed too (a credential refresh). */
  readonly cause?: unknown;
  /**
   * Credential values sent for this response (see `secretsOf`): they are replaced by
   * `[redacted]` in every string of a job body and in every text an error takes from the
   * response. Default none.
   */
  readonly secrets?: readonly string[];
}

/**
 * Turns a response of the jobs endpoint into a job observation. The context's secrets are
 * replaced by `[redacted]` in every string of a 2xx job body, keys included, and in the text an
 * error takes from a response (body, provider code and message, request id), so that nothing
 * derived from either (events, errors, checkpoints) can show a credential the server echoed.
 *
 * @throws ElbHttpError for a status other than 2xx, whose body is cut at the size cap if need
 *   be; ElbProtocolError for a 2xx body over the size cap, or that is not a JSON object with a
 *   `status` string, that is an error envelope, or that nests deeper than
 *   {@link MAX_JSON_DEPTH} levels.
 */
export function readJobResponse(response: RawResponse, context: ResponseContext): ElbJob {
  const { statusCode, headers } = response;
  const parsed = parseJson(response.body);
  const { url, cause } = context;

  if (statusCode < 200 || statusCode > 299) {
    const retryAfterMs = parseRetryAfter(headerText(headers, 'retry-after'), context.now);
    const said = errorText(response, parseErrorBody(parsed), context);
    throw new ElbHttpError({ ...said, retryAfterMs, statusCode, url, cause });
  }

  const problem = response.truncated === true ? 'too-large' : findProblem(parsed);

  if (problem !== undefined) {
    const envelope = parseErrorBody(parsed);
    // A failed job carries `error_code` too, so a body counts as an error envelope only when it
    // has no status.
    const found =
      problem === 'missing-status' && envelope !== undefined ? 'error-envelope' : problem;
    const { errorCode, requestId, body } = errorText(response, envelope, context);
    throw new ElbProtocolError({ problem: found, statusCode, url, requestId, errorCode, body });
  }

  return scrubParsedJson(parsed, response.body, context.secrets ?? []) as ElbJob;
}

/** What an error keeps of a response, with the credentials sent replaced. */
function errorText(
  { headers, body }: RawResponse,
  envelope: ElbErrorBody | undefined,
  { secrets = [] }: ResponseContext,
): ElbErrorBody & { readonly body: string } {
  return {
    errorCode: scrub(envelope?.errorCode, secrets),
    errorMessage: scrub(envelope?.errorMessage, secrets),
    requestId: scrub(envelope?.requestId ?? headerText(headers, 'x-request-id'), secrets),
    body: scrub(body, secrets),
  };
}

function findProblem(parsed: unknown): ElbProtocolProblem | undefined {
  if (parsed === undefined) {
    return 'not-json';
  }

  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'not-object';
  }

  if (isDeeperThan(parsed, MAX_JSON_DEPTH)) {
    return 'too-deep';
  }

  const { status } = parsed as { status?: unknown };

  return typeof status === 'string' && status !== '' ? undefined : 'missing-status';
}
