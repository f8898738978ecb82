import { JobwaitError } from '@jobwait/core';

import { wrongEndpointProblem } from '../errors.js';

/**
 * What went wrong while obtaining an IAM token:
 *
 * - `rejected`: IAM answered `401`, refusing the user name, password, account or project;
 * - `http`: IAM answered another status that is not `2xx` (a `403`, a `5xx`, a redirect);
 * - `network`: no answer came (refused, reset, DNS, per-request timeout);
 * - `malformed`: a `2xx` answer without a usable token: no `X-Subject-Token` header, a body
 *   that is not JSON, no readable `token.expires_at`, or a body over the size cap.
 */
export type IamTokenProblem = 'rejected' | 'http' | 'network' | 'malformed';

/** Fields of an {@link IamTokenError}. */
export interface IamTokenErrorFields {
  readonly problem: IamTokenProblem;
  /** The token URL that was requested; it holds no credentials. */
  readonly url: string;
  /** The HTTP status, when IAM answered. */
  readonly statusCode?: number;
  /** IAM's error code, when its body had one as a string. */
  readonly errorCode?: string;
  /** IAM's error message, echoed credentials replaced by `[redacted]`. */
  readonly errorMessage?: string;
  /** The `X-Request-Id` header, or the body's `request_id`. */
  readonly requestId?: string;
  /** Node's code when no answer came, such as `ECONNREFUSED`; `ETIMEDOUT` for the timeout. */
  readonly networkCode?: string;
  /** What exactly is wrong with a `malformed` answer. */
  readonly detail?: string;
  readonly cause?: unknown;
}

/**
 * Obtaining an IAM token failed. The password and any token are never part of it: the request
 * (whose body holds the password) is not kept, the HTTP library's own error is replaced, and
 * credentials that IAM echoed in its message are replaced by `[redacted]`. When no answer came,
 * `cause` is a plain `Error` whose `code` is Node's network code, so that a waiter counts the
 * poll as transient and asks again; but for a host name that does not resolve (`ENOTFOUND`) or
 * a TLS protocol error (`EPROTO`), which no retry cures: the message then says what to check,
 * and the waiter reads the code as fatal.
 */
export class IamTokenError extends JobwaitError {
  readonly code = 'ERR_IAM_TOKEN';
  override readonly name = 'IamTokenError';
  /** What went wrong. */
  readonly problem: IamTokenProblem;
  /** The token URL that was requested. */
  readonly url: string;
  /** The HTTP status, when IAM answered. */
  readonly statusCode: number | undefined;
  /** IAM's error code, when its body had one as a string. */
  readonly errorCode: string | undefined;
  /** IAM's error message, echoed credentials replaced. */
  readonly errorMessage: string | undefined;
  /** The request id to quote to the provider. */
  readonly requestId: string | undefined;
  /** Node's network code when no answer came. */
  readonly networkCode: string | undefined;

  constructor(fields: IamTokenErrorFields) {
    super(iamErrorMessage(fields), { cause: fields.cause });
    this.problem = fields.problem;
    this.url = fields.url;
    this.statusCode = fields.statusCode;
    this.errorCode = fields.errorCode;
    this.errorMessage = fields.errorMessage;
    this.requestId = fields.requestId;
    this.networkCode = fields.networkCode;
  }
}

function iamErrorMessage(fields: IamTokenErrorFields): string {
  const { problem, url, statusCode, networkCode, detail } = fields;
  const said = [fields.errorCode, fields.errorMessage].filter(Boolean).join(': ');
  const provider = said === '' ? '' : ` (${said})`;
  const request = fields.requestId ? ` [request id ${fields.requestId}]` : '';

  switch (problem) {
    case 'rejected':
      return (
        `IAM at ${url} refused the credentials: HTTP ${statusCode}${provider}; check the user ` +
        `name, password, account (domain) name and project${request}`
      );
    case 'http':
      return `IAM at ${url} answered HTTP ${statusCode}${provider}${request}`;
    case 'network': {
      const code = networkCode ?? 'network error';
      const problem = wrongEndpointProblem(code, url, 'IAM endpoint') ?? code;
      return `IAM at ${url} gave no answer: ${problem}`;
    }
    case 'malformed': {
      const status = statusCode === undefined ? '' : ` (HTTP ${statusCode})`;
      return `IAM at ${url} gave no usable token${status}: ${detail ?? 'unknown'}${request}`;
    }
  }
}
