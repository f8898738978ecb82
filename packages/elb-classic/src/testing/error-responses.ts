import { STATUS_CODES } from 'node:http';

import { ERROR_MODELS } from './models/error-bodies.js';

/** Which error envelope a body uses. */
export type ErrorEnvelope = 'gateway' | 'service';

/** The provider code and message of an error body. */
export interface ErrorText {
  readonly code: string;
  readonly message: string;
}

const MODELS: Readonly<Record<string, { error_code: string; error_msg: string } | undefined>> = {
  'gateway 401': ERROR_MODELS['gateway-401-token-expired'],
  'gateway 404': ERROR_MODELS['gateway-404-api-not-published'],
  'gateway 429': ERROR_MODELS['gateway-429-throttled'],
};

const SERVICE_MODELS: Readonly<Record<string, ErrorText | undefined>> = {
  'service 400': ERROR_MODELS['service-400-invalid-parameter'].error,
};

/**
 * The code and message the simulator uses for an error status when a fault names none: the
 * model body for that status and envelope when there is one, otherwise `SIM.<status>` (a code
 * no real service uses) and the status text.
 */
export function defaultErrorText(envelope: ErrorEnvelope, statusCode: number): ErrorText {
  const key = `${envelope} ${statusCode}`;
  const gateway = MODELS[key];

  if (gateway !== undefined) {
    return { code: gateway.error_code, message: gateway.error_msg };
  }

  return (
    SERVICE_MODELS[key] ?? {
      code: `SIM.${statusCode}`,
      message: STATUS_CODES[statusCode] ?? 'Error',
    }
  );
}

/** An error body in the given envelope. The gateway's carries the request id. */
export function errorBody(envelope: ErrorEnvelope, text: ErrorText, requestId: string): object {
  return envelope === 'gateway'
    ? { error_msg: text.message, error_code: text.code, request_id: requestId }
    : { error: { message: text.message, code: text.code } };
}
