import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Clock } from '@jobwait/core';
import { Webhook } from 'standardwebhooks';

/** A fresh Standard Webhooks secret. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly id: string;
  /** Whether standardwebhooks' own `verify` accepted the signature with the secret. */
  readonly verified: boolean;
  /** The body parsed as JSON. */
  readonly payload: Record<string, unknown>;
  /** The job id in the payload, from `data.jobId`. */
  readonly jobId: string;
  readonly seq: number;
  /** The status it was answered with; undefined while held, or when the socket was reset. */
  status?: number;
}

/** How the receiver answers a request. */
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  /** Holds the answer until `release()` or `releaseNewest()`. */
  hold?: boolean;
  /** Reads the request, then closes the connection without answering: the answer is lost. */
  reset?: boolean;
  /** A body to send after the status line and headers. */
  body?: string | Buffer;
  /**
   * What becomes of the answer after its status, headers and `body`: `'end'` (the default)
   * ends it, `'stall'` leaves it open without another byte, `'cut'` closes the connection.
   */
  then?: 'end' | 'stall' | 'cut';
}

/** A condition to re-check whenever something happens, and what to do once it holds. */
interface Watch {
  readonly predicate: () => boolean;
  readonly resolve: () => void;
}

/**
 * A set of conditions, re-checked on demand: tests wait for what they need to have happened,
 * never for a length of time.
 */
export function watches() {
  let pending: Watch[] = [];

  return {
    /** Resolves once `predicate` holds. */
    reached(predicate: () => boolean): Promise<void> {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve) => pending.push({ predicate, resolve }));
    },
    /** Re-checks every waiting condition. */
    check(): void {
      const met = pending.filter((watch) => watch.predicate());
      pending = pending.filter((watch) => !met.includes(watch));
      for (const { resolve } of met) resolve();
    },
  };
}

/**
 * A real HTTP receiver on 127.0.0.1 that verifies every signature with the `standardwebhooks`
 * package, answers as `answer` says, and records what it saw.
 */
export async function startReceiver({
  secret,
  answer = () => ({ status: 204 }),
}: {
  secret: string;
  answer?: (request: ReceivedRequest, index: number) => Answer;
}) {
  const verifier = new Webhook(secret);
  const requests: ReceivedRequest[] = [];
  const held: (() => void)[] = [];
  const inFlightByJob = new Map<string, number>();
  const watched = watches();
  let inFlight = 0;
  let maxInFlight = 0;
  let overlapsWithinJob = 0;

  function begin(request: ReceivedRequest): void {
    const jobCount = (inFlightByJob.get(request.jobId) ?? 0) + 1;
    if (jobCount > 1) overlapsWithinJob += 1;
    inFlightByJob.set(request.jobId, jobCount);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
  }

  function end(request: ReceivedRequest): void {
    inFlight -= 1;
    inFlightByJob.set(request.jobId, (inFlightByJob.get(request.jobId) ?? 1) - 1);
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const request = record(verifier, req, body);
    const reply = answer(request, requests.push(request) - 1);
    const send = () => {
      end(request);
      if (reply.reset) {
        res.socket?.destroy();
      } else if (!res.destroyed) {
        request.status = reply.status ?? 204;
        answerWith(res, request.status, reply);
      }
      watched.check();
    };

    begin(request);
    if (reply.hold) held.push(send);
    else send();
    watched.check();
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    /** How many requests are held, unanswered. */
    get held() {
      return held.length;
    },
    /** The most requests the receiver had at once. */
    get maxInFlight() {
      return maxInFlight;
    },
    /** How often a request came while another of the same job was unanswered. */
    get overlapsWithinJob() {
      return overlapsWithinJob;
    },
    /** Answers every held request, oldest first. */
    release() {
      for (const send of held.splice(0)) send();
    },
    /** Answers the held request that came last. */
    releaseNewest() {
      held.pop()?.();
    },
    /** Resolves once `predicate` holds, checked each time a request comes or is answered. */
    reached: watched.reached,
    async close() {
      held.splice(0);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

function answerWith(res: ServerResponse, status: number, reply: Answer): void {
  const { headers = {}, body = '', then = 'end' } = reply;

  res.writeHead(status, headers);
  if (then === 'end') {
    res.end(body);
  } else if (then === 'cut') {
    // Once the bytes so far are on their way, so the client sees the status first.
    res.write(body, () => res.socket?.destroy());
  } else if (body.length > 0) {
    res.write(body);
  } else {
    res.flushHeaders();
  }
}

function record(verifier: Webhook, req: IncomingMessage, body: Buffer): ReceivedRequest {
  let verified = true;
  try {
    verifier.verify(body, req.headers as Record<string, string>);
  } catch {
    verified = false;
  }
  const payload = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const data = (payload['data'] ?? {}) as Record<string, unknown>;

  return {
    method: req.method ?? '',
    headers: req.headers,
    body,
    id: String(req.headers['webhook-id']),
    verified,
    payload,
    jobId: String(data['jobId']),
    seq: Number(data['seq']),
  };
}

/** A URL on 127.0.0.1 where nothing listens: every request is refused. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));

  return `http://127.0.0.1:${port}/hooks`;
}

/**
 * A clock on real time whose timers fire on the next turn of the event loop, recording the
 * delay each asked for: backoff schedules run without sleeping. Not for `close()` with
 * messages still held, whose deadline would pass at once too.
 */
export function instantClock() {
  const delays: number[] = [];
  const clock: Clock = {
    now: () => Date.now(),
    setTimeout(callback, delayMs) {
      delays.push(delayMs);
      return setTimeout(callback, 0);
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };

  return { clock, delays };
}
