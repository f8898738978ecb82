import type { IncomingHttpHeaders } from 'node:http';

import { parseErrorBody, parseJson } from './error-body.js';
import { ElbHttpError, ElbProtocolError, type ElbProtocolProblem } from './errors.js';
import type { ElbJob } from './job.js';
import { parseRetryAfter } from './retry-after.js';

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
}

/**
 * Turns a response of the jobs endpoint into a job observation.
 *
 * @throws ElbHttpError for a status other than 2xx; ElbProtocolError for a 2xx body that is
 *   not a JSON object with a `status` string, or that is an error envelope.
 */
export function readJobResponse(response: RawResponse, context: ResponseContext): ElbJob {
  const { statusCode, headers, body } = response;
  const parsed = parseJson(body);
  const envelope = parseErrorBody(parsed);
  const requestId = envelope?.requestId ?? header(headers, 'x-request-id');

  if (statusCode < 200 || statusCode > 299) {
    const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'), context.now);
    const { url, cause } = context;
    throw new ElbHttpError({ ...envelope, requestId, retryAfterMs, statusCode, url, body, cause });
  }

  const problem = findProblem(parsed, envelope !== undefined);

  if (problem !== undefined) {
    const { url } = context;
    const errorCode = envelope?.errorCode;
    throw new ElbProtocolError({ problem, statusCode, url, requestId, errorCode, body });
  }

  return parsed as ElbJob;
}

function findProblem(parsed: unknown, isEnvelope: boolean): ElbProtocolProblem | undefined {
  if (parsed === undefined) {
    return 'not-json';
  }

  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'not-object';
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
