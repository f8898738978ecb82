import {
  startAnswerServer,
  type Answer,
  type AnswerServer,
  type ReceivedRequest,
} from '../answer-server.js';

/** One request the IAM test server received. */
export interface IamRequest extends Omit<ReceivedRequest, 'body'> {
  /** The body parsed as JSON, or the text when it is not JSON. */
  readonly body: unknown;
}

/** How the server answers one request. */
export type IamAnswer = Answer;

/**
 * Answers the `index`-th request (from 0); a promise that never settles leaves it unanswered.
 */
export type IamResponder = (request: IamRequest, index: number) => IamAnswer | Promise<IamAnswer>;

/** A server on 127.0.0.1 that plays Keystone's `POST /v3/auth/tokens`. */
export interface IamServer extends Omit<AnswerServer, 'requests' | 'respond'> {
  readonly requests: readonly IamRequest[];
  /** Changes how later requests are answered. */
  respond(responder: IamResponder): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A Keystone token answer: `201`, the token in `X-Subject-Token`, and a body with
 * `issued_at` and `expires_at` (by default issued now, on the real clock, for a day).
 */
export function tokenAnswer(
  token: string,
  {
    issuedAtMs = Date.now(),
    lifetimeMs = DAY_MS,
  }: { issuedAtMs?: number; lifetimeMs?: number } = {},
): IamAnswer {
  return {
    statusCode: 201,
    headers: { 'x-subject-token': token },
    body: {
      token: {
        methods: ['password'],
        issued_at: new Date(issuedAtMs).toISOString(),
        expires_at: new Date(issuedAtMs + lifetimeMs).toISOString(),
      },
    },
  };
}

/** Answers with `token-1`, `token-2`, … in turn, each valid for a day. */
export const numberedTokens: IamResponder = (_request, index) => tokenAnswer(`token-${index + 1}`);

/** Starts the server; by default it hands out {@link numberedTokens}. */
export async function startIamServer(responder = numberedTokens): Promise<IamServer> {
  const answering = (next: IamResponder) => (request: ReceivedRequest, index: number) =>
    next(received(request), index);
  const server = await startAnswerServer(answering(responder));

  return {
    url: server.url,
    get requests() {
      return server.requests.map(received);
    },
    respond: (next) => server.respond(answering(next)),
    connections: () => server.connections(),
    accepted: () => server.accepted(),
    close: () => server.close(),
  };
}

function received(request: ReceivedRequest): IamRequest {
  let body: unknown = request.body;

  try {
    body = JSON.parse(request.body) as unknown;
  } catch {
    // Kept as text: the test says what it expected.
  }

  return { ...request, body };
}
