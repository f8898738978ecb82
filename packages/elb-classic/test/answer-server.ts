import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received, body read whole. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query, such as `/v3/auth/tokens?nocatalog=true`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How the server answers one request. */
export interface Answer {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as it is when a string, as JSON otherwise. */
  readonly body?: unknown;
  /**
   * Sends the head and `body` but never ends the response, as a server whose body is still
   * coming (or stalled) would: only the client, or `close()`, ends the connection.
   */
  readonly holdOpen?: boolean;
}

/**
 * Answers the `index`-th request (from 0). A promise that never settles leaves the request
 * unanswered, as a hung server would.
 */
export type Responder = (request: ReceivedRequest, index: number) => Answer | Promise<Answer>;

/** A server on 127.0.0.1 that answers each request as the test says. */
export interface AnswerServer {
  /** The base URL, such as `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly requests: readonly ReceivedRequest[];
  /** Changes how later requests are answered. */
  respond(responder: Responder): void;
  /** How many connections are open to the server now. */
  connections(): Promise<number>;
  /** How many connections the server has accepted since it started. */
  accepted(): number;
  close(): Promise<void>;
}

/** A promise that never settles: a responder that returns it never answers. */
export const NEVER: Promise<never> = new Promise(() => undefined);

/** Starts the server. */
export async function startAnswerServer(responder: Responder): Promise<AnswerServer> {
  const requests: ReceivedRequest[] = [];
  let current = responder;
  let accepted = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { method = '', url: path = '', headers } = req;
      const request = { method, path, headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      void Promise.resolve(current(request, requests.length - 1)).then((answer) => {
        const { body = {} } = answer;
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        res.writeHead(answer.statusCode, { 'content-type': 'application/json', ...answer.headers });
        if (answer.holdOpen === true) res.write(text);
        else res.end(text);
      });
    });
  });
  server.on('connection', () => (accepted += 1));

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond: (next) => {
      current = next;
    },
    accepted: () => accepted,
    connections: () =>
      new Promise((resolve, reject) => {
        server.getConnections((error, count) => (error ? reject(error) : resolve(count)));
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
