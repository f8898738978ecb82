import type { IncomingHttpHeaders } from 'node:http';

import { parseErrorBody, parseJson, type ElbErrorBody } from './error-body.js';
import { ElbHttpError, ElbProtocolError, type ElbProtocolProblem } from './errors.js';
import type { ElbJob } from './job.js';
import { isDeeperThan, MAX_JSON_DEPTH } from './json-depth.js';
import { parseRetryAfter } from './retry-after.js';
import { scrub } from './scrub.js';

/** A response as the client received it, body decoded as UTF-8. */
export interface RawResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
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
   * `[redacted]` in every text an error takes from the response. Default none.
   */
  readonly secrets?: readonly string[];
}

/**
 * Turns a response of the jobs endpoint into a job observation. A 2xx job body is returned as
 * sent; the text an error takes from a response (body, provider code and message, request
 * id) has the context's secrets replaced by `[redacted]` first.
 *
 * @throws ElbHttpError for a status other than 2xx; ElbProtocolError for a 2xx body that is
 *   not a JSON object with a `status` string, that is an error envelope, or that nests deeper
 *   than {@link MAX_JSON_DEPTH} levels.
 */
export function readJobResponse(response: RawResponse, context: ResponseContext): ElbJob {
  const { statusCode, headers } = response;
  const parsed = parseJson(response.body);
  const envelope = parseErrorBody(parsed);
  const { url, cause } = context;

  if (statusCode < 200 || statusCode > 299) {
    const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'), context.now);
    const said = errorText(response, envelope, context);
    throw new ElbHttpError({ ...said, retryAfterMs, statusCode, url, cause });
  }

  const problem = findProblem(parsed, envelope !== undefined);

  if (problem !== undefined) {
    const { errorCode, requestId, body } = errorText(response, envelope, context);
    throw new ElbProtocolError({ problem, statusCode, url, requestId, errorCode, body });
  }

  return parsed as ElbJob;
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
    requestId: scrub(envelope?.requestId ?? header(headers, 'x-request-id'), secrets),
    body: scrub(body, secrets),
  };
}

function findProblem(parsed: unknown, isEnvelope: boolean): ElbProtocolProblem | undefined {
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

  if (typeof status === 'string' && status !== '') {
    return undefined;
  }

  // A failed job carries `error_code` too, so a body counts as an error envelope only when it
  // has no status.
  return isEnvelope ? 'error-envelope' : 'missing-status';
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;

  return first === '' ? undefined : first;
}
