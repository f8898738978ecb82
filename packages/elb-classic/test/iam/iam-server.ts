import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the IAM test server received. */
export interface IamRequest {
  readonly method: string;
  /** Path and query, such as `/v3/auth/tokens?nocatalog=true`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body parsed as JSON, or the text when it is not JSON. */
  readonly body: unknown;
}

/** How the server answers one request. */
export interface IamAnswer {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as it is when a string, as JSON otherwise. */
  readonly body?: unknown;
}

/** Answers the `index`-th request (from 0). */
export type IamResponder = (request: IamRequest, index: number) => IamAnswer;

/** A server on 127.0.0.1 that plays Keystone's `POST /v3/auth/tokens`. */
export interface IamServer {
  /** The base URL, such as `http://127.0.0.1:40123`: the provider's `iamEndpoint`. */
  readonly url: string;
  readonly requests: readonly IamRequest[];
  /** Changes how later requests are answered. */
  respond(responder: IamResponder): void;
  close(): Promise<void>;
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
  const requests: IamRequest[] = [];
  let current = responder;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = received(req.method, req.url, req.headers, Buffer.concat(chunks));
      requests.push(request);
      const answer = current(request, requests.length - 1);
      const text =
        typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
      res.writeHead(answer.statusCode, { 'content-type': 'application/json', ...answer.headers });
      res.end(text);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond: (next) => {
      current = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function received(
  method: string | undefined,
  path: string | undefined,
  headers: IncomingHttpHeaders,
  bytes: Buffer,
): IamRequest {
  const text = bytes.toString('utf8');
  let body: unknown = text;

  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // Kept as text: the test says what it expected.
  }

  return { method: method ?? '', path: path ?? '', headers, body };
}
