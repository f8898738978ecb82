import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';

import { Webhook } from 'standardwebhooks';

/** A server of these tests on 127.0.0.1, and what it received. */
export interface TestServer<Received> {
  /** The base URL, such as `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/** One request a {@link startRecordingProxy} passed on, with its headers as sent. */
export interface ProxiedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * A proxy on 127.0.0.1 that passes every request to `target` unchanged, its `Host` header
 * included (so a signature over it still holds), and records the headers the simulator's own
 * log redacts: which auth was sent, and exactly what.
 */
export async function startRecordingProxy(target: string): Promise<TestServer<ProxiedRequest>> {
  const received: ProxiedRequest[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const { headers } = req;
    received.push({ path, headers });
    const upstream = request(new URL(path, target), { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });

  return listening(server, received);
}

/** One sign-in a {@link startIamServer} received. */
export interface SignIn {
  readonly method: string;
  readonly path: string;
  /** The body, parsed as JSON. */
  readonly body: unknown;
}

/** How an IAM test server answers: a status, headers and a JSON body. */
export interface IamAnswer {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** Keystone's answer to a good sign-in: `201`, `token` in `X-Subject-Token`, valid a day. */
export function issued(token: string): IamAnswer {
  const now = Date.now();

  return {
    statusCode: 201,
    headers: { 'x-subject-token': token },
    body: {
      token: {
        issued_at: new Date(now).toISOString(),
        expires_at: new Date(now + 24 * 3_600_000).toISOString(),
      },
    },
  };
}

/** A server on 127.0.0.1 that plays IAM's `POST /v3/auth/tokens`, answering each with `answer`. */
export async function startIamServer(answer: IamAnswer): Promise<TestServer<SignIn>> {
  const received: SignIn[] = [];
  const server = createServer((req, res) => {
    void bodyOf(req).then((text) => {
      received.push({ method: req.method ?? '', path: req.url ?? '', body: JSON.parse(text) });
      res.writeHead(answer.statusCode, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });

  return listening(server, received);
}

/** One delivery a {@link startWebhookReceiver} received. */
export interface WebhookDelivery {
  /** The `webhook-id` header. */
  readonly id: string;
  /** The raw body. */
  readonly body: string;
  /** The body as `Webhook.verify` of standardwebhooks read it; undefined when it refused it. */
  readonly payload: { type: string; data: Record<string, unknown> } | undefined;
}

/**
 * A webhook receiver on 127.0.0.1 that checks each delivery's signature with the Standard
 * Webhooks package's own `Webhook` class and `secret`, and answers with `status`.
 */
export async function startWebhookReceiver(
  secret: string,
  { status = 204 }: { status?: number } = {},
): Promise<TestServer<WebhookDelivery>> {
  const webhook = new Webhook(secret);
  const received: WebhookDelivery[] = [];
  const server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      const headers = signatureHeaders(req.headers);
      received.push({ id: headers['webhook-id'], body, payload: verified(webhook, body, headers) });
      res.writeHead(status).end();
    });
  });

  return listening(server, received);
}

function signatureHeaders(headers: IncomingHttpHeaders) {
  const names = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

  return Object.fromEntries(names.map((name) => [name, String(headers[name])])) as Record<
    (typeof names)[number],
    string
  >;
}

function verified(webhook: Webhook, body: string, headers: Record<string, string>) {
  try {
    return webhook.verify(body, headers) as WebhookDelivery['payload'];
  } catch {
    return undefined;
  }
}

/** A port on 127.0.0.1 that refuses connections: one just listened on, then closed. */
export async function refusedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));

  return port;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);

  return Buffer.concat(chunks).toString('utf8');
}

async function listening<Received>(
  server: Server,
  received: Received[],
): Promise<TestServer<Received>> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
