import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  defaultErrorText,
  errorBody,
  type ErrorEnvelope,
  type ErrorText,
} from './error-responses.js';
import { checkAksk, isAkskSigned } from './aksk-check.js';
import type { FaultList, SimulatorFault } from './faults.js';
import { JOB_MODELS } from './models/jobs.js';
import { redactHeaders, type RequestLogEntry } from './request-log.js';
import type { ThrottleWindows } from './throttle.js';
import { observe, type SimulatedJob } from './timeline.js';

/** Everything a running simulator keeps. */
export interface SimulatorState {
  readonly projectId: string;
  readonly clock: { now(): number };
  readonly jobs: Map<string, SimulatedJob>;
  readonly faults: FaultList;
  readonly log: RequestLogEntry[];
  readonly timers: Set<NodeJS.Timeout>;
  token: string | undefined;
  /** The SK of each AK whose signatures are accepted, when AK/SK signing is checked. */
  readonly aksk: ReadonlyMap<string, string> | undefined;
  /** The throttle's windows, when requests are throttled. */
  throttle: ThrottleWindows | undefined;
}

/**
 * Answers one request: logs it, answers a 429 if the throttle says so, applies the first fault
 * that matches it, or else serves the jobs endpoint (unknown path: the gateway's 404
 * `APIGW.0101`; missing or wrong credentials: the gateway's 401; unknown job: a 404 in the service
 * envelope; known job: 200 and its body).
 * Never throws: should answering fail (a clock that throws, say), the request gets a 500
 * `SIM.INTERNAL_ERROR` that says why, and its log entry keeps the reason as `error`.
 */
export function handleRequest(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const route = parseRoute(req.url ?? '/');
  const entry: RequestLogEntry = {
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    time: Number.NaN,
    jobId: route?.projectId === state.projectId ? route.jobId : undefined,
    headers: redactHeaders(req.headers),
    status: undefined,
    fault: undefined,
    throttled: false,
    error: undefined,
  };
  state.log.push(entry);

  guarded(res, entry, () => {
    entry.time = state.clock.now();
    // The gateway throttles before the request reaches anything a fault stands for.
    if (answerThrottled(state, route?.projectId, res, entry)) return;

    const fault = state.faults.take(entry.jobId);
    entry.fault = fault?.type;

    if (fault === undefined) {
      answer(state, req, res, entry);
    } else {
      applyFault(state, fault, { req, res, entry });
    }
  });
}

/** Runs `work`, answering a 500 that says why if it throws. */
function guarded(res: ServerResponse, entry: RequestLogEntry, work: () => void): void {
  try {
    work();
  } catch (error) {
    entry.error = error instanceof Error ? error.message : String(error);
    answerFailure(res, entry);
  }
}

/** Answers a 500 that says why answering failed; too late for that, closes the connection. */
function answerFailure(res: ServerResponse, entry: RequestLogEntry): void {
  const message = `The simulator failed to answer this request: ${entry.error}`;

  try {
    if (!res.headersSent) {
      sendError(res, entry, 500, 'gateway', { code: 'SIM.INTERNAL_ERROR', message });
      return;
    }
  } catch {
    // Falls through: the client sees the connection close instead.
  }

  res.destroy();
}

interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly entry: RequestLogEntry;
}

function applyFault(state: SimulatorState, fault: SimulatorFault, exchange: Exchange): void {
  const { req, res, entry } = exchange;

  switch (fault.type) {
    case 'status':
      return sendStatusFault(res, entry, fault);
    case 'malformed':
      return send(res, entry, fault.statusCode ?? 200, fault.body);
    case 'truncated':
      return sendTruncated(res, entry, fault, truncatedBody(state, entry, fault));
    case 'not-found':
      return sendError(res, entry, 404, 'service', jobNotFound(req.url ?? '/'));
    case 'reset':
      req.socket.destroy();
      return;
    case 'hang':
      // Left unanswered on purpose: the client's timeout or close() ends it.
      return;
    case 'delay':
      return delay(state, fault.delayMs, () => {
        guarded(res, entry, () => answer(state, req, res, entry));
      });
  }
}

/** Answers the gateway's 429 and returns true when the throttle's window is full. */
function answerThrottled(
  state: SimulatorState,
  projectId: string | undefined,
  res: ServerResponse,
  entry: RequestLogEntry,
): boolean {
  const untilResetMs = state.throttle?.take(projectId, entry.time);

  if (state.throttle === undefined || untilResetMs === undefined) {
    return false;
  }

  const requestId = newRequestId();
  const body = errorBody('gateway', state.throttle.errorText(), requestId);
  const headers = { 'retry-after': String(Math.ceil(untilResetMs / 1000)) };
  entry.throttled = true;
  send(res, entry, 429, body, { requestId, headers });

  return true;
}

/** The body a truncated answer is cut from: the fault's, or what the job would get now. */
function truncatedBody(
  state: SimulatorState,
  entry: RequestLogEntry,
  fault: Extract<SimulatorFault, { type: 'truncated' }>,
): string {
  const job = entry.jobId === undefined ? undefined : state.jobs.get(entry.jobId);
  const model = job === undefined ? JOB_MODELS['create-elb-running'] : observe(job, entry.time);

  return fault.body ?? (typeof model === 'string' ? model : JSON.stringify(model));
}

/**
 * Sends the head of an answer with the `Content-Length` of all of `body`, then part of the
 * body, then closes the connection: the client sees a body cut short.
 */
function sendTruncated(
  res: ServerResponse,
  entry: RequestLogEntry,
  { statusCode = 200, sentBytes }: Extract<SimulatorFault, { type: 'truncated' }>,
  body: string,
): void {
  const bytes = Buffer.from(body);
  const cut = Math.max(0, Math.min(sentBytes ?? Math.floor(bytes.length / 2), bytes.length - 1));
  entry.status = statusCode;
  res.writeHead(statusCode, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': bytes.length,
    'x-request-id': newRequestId(),
  });
  res.flushHeaders();
  res.write(bytes.subarray(0, cut), () => res.destroy());
}

/** The error text of the 404 for a job that does not exist (or is not visible yet). */
function jobNotFound(url: string): ErrorText {
  const route = parseRoute(url);
  const message =
    route === undefined
      ? 'The job does not exist'
      : `Job ${route.jobId} of project ${route.projectId} does not exist`;

  return { code: 'SIM.JOB_NOT_FOUND', message };
}

function sendStatusFault(
  res: ServerResponse,
  entry: RequestLogEntry,
  fault: Extract<SimulatorFault, { type: 'status' }>,
): void {
  const { statusCode, envelope = 'gateway', retryAfter, body, headers: extra = {} } = fault;
  const requestId = newRequestId();
  const text = defaultErrorText(envelope, statusCode);
  const chosen = {
    code: fault.errorCode ?? text.code,
    message: fault.errorMessage ?? text.message,
  };
  const retry = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
  const headers = { ...retry, ...extra };

  send(res, entry, statusCode, body ?? errorBody(envelope, chosen, requestId), {
    requestId,
    headers,
  });
}

function answer(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  entry: RequestLogEntry,
) {
  const route = req.method === 'GET' ? parseRoute(req.url ?? '/') : undefined;

  if (route === undefined) {
    return sendError(res, entry, 404, 'gateway');
  }

  if (state.aksk !== undefined && isAkskSigned(req)) {
    // The signature covers the body, so the answer waits until the body has arrived.
    void checkAksk(state.aksk, req, () => state.clock.now()).then(
      (unauthorized) => guarded(res, entry, () => serveJob(state, route, unauthorized, res, entry)),
      (error: unknown) =>
        guarded(res, entry, () => {
          throw error;
        }),
    );
    return;
  }

  const required = state.token !== undefined || state.aksk !== undefined;
  const unauthorized = checkToken(state.token, req.headers['x-auth-token'], required);
  serveJob(state, route, unauthorized, res, entry);
}

/** Answers the job `route` names, or the gateway's 401 when `unauthorized` says why. */
function serveJob(
  state: SimulatorState,
  route: { readonly projectId: string; readonly jobId: string },
  unauthorized: ErrorText | undefined,
  res: ServerResponse,
  entry: RequestLogEntry,
): void {
  if (unauthorized !== undefined) {
    return sendError(res, entry, 401, 'gateway', unauthorized);
  }

  const job = route.projectId === state.projectId ? state.jobs.get(route.jobId) : undefined;
  if (job === undefined) {
    const message = `Job ${route.jobId} of project ${route.projectId} does not exist`;
    return sendError(res, entry, 404, 'service', { code: 'SIM.JOB_NOT_FOUND', message });
  }

  send(res, entry, 200, observe(job, state.clock.now()));
}

const NO_TOKEN: ErrorText = {
  code: 'APIGW.0301',
  message: 'Incorrect IAM authentication information: x-auth-token not found',
};

/**
 * The error text of the gateway's 401 for a missing or a wrong token; `undefined` if valid or
 * not `required` (a simulator with AK/SK credentials but no token requires one it never has).
 */
function checkToken(
  expected: string | undefined,
  sent: string | string[] | undefined,
  required = expected !== undefined,
): ErrorText | undefined {
  if (!required || (sent !== undefined && sent === expected)) {
    return undefined;
  }

  return sent === undefined ? NO_TOKEN : defaultErrorText('gateway', 401);
}

function sendError(
  res: ServerResponse,
  entry: RequestLogEntry,
  statusCode: number,
  envelope: ErrorEnvelope,
  text = defaultErrorText(envelope, statusCode),
): void {
  const requestId = newRequestId();
  send(res, entry, statusCode, errorBody(envelope, text, requestId), { requestId });
}

function send(
  res: ServerResponse,
  entry: RequestLogEntry,
  statusCode: number,
  body: unknown,
  { requestId = newRequestId(), headers = {} }: { requestId?: string; headers?: object } = {},
): void {
  if (res.destroyed) {
    return;
  }

  const text = typeof body === 'string' ? body : JSON.stringify(body);
  entry.status = statusCode;
  res.writeHead(statusCode, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    'x-request-id': requestId,
    ...headers,
  });
  res.end(text);
}

function parseRoute(url: string): { projectId: string; jobId: string } | undefined {
  const path = url.split('?', 1)[0] ?? '';
  const match = /^\/v1\.0\/([^/]+)\/jobs\/([^/]+)$/.exec(path);

  try {
    return match?.[1] === undefined || match[2] === undefined
      ? undefined
      : { projectId: decodeURIComponent(match[1]), jobId: decodeURIComponent(match[2]) };
  } catch {
    return undefined;
  }
}

function delay(state: SimulatorState, delayMs: number, then: () => void): void {
  const timer = setTimeout(() => {
    state.timers.delete(timer);
    then();
  }, delayMs);
  state.timers.add(timer);
}

function newRequestId(): string {
  return randomBytes(16).toString('hex');
}
