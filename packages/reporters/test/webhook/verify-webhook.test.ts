import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';

import { WebhookVerificationError } from '../../src/webhook/errors.js';
import { verifyWebhook } from '../../src/webhook/verify-webhook.js';
import { webhookReporter } from '../../src/webhook/webhook-reporter.js';
import { fakeWaiter } from '../helpers.js';
import { newSecret } from './receiver.js';

const secret = newSecret();
const body = JSON.stringify({ type: 'io.jobwait.job.succeeded', data: { jobId: 'j' } });

/** Headers as the reporter sends them, signed `offsetSeconds` away from now. */
function signed(payload: string, { key = secret, offsetSeconds = 0, id = 'msg_1' } = {}) {
  const time = new Date(Date.now() + offsetSeconds * 1000);

  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(time.getTime() / 1000)),
    'webhook-signature': new Webhook(key).sign(id, time, payload),
  };
}

/** What `verifyWebhook` throws for these options, as `[problem or name, message]`. */
function refusal(options: Parameters<typeof verifyWebhook>[0]): [string, string] {
  try {
    verifyWebhook(options);
  } catch (error) {
    const problem = error instanceof WebhookVerificationError ? error.problem : undefined;
    return [problem ?? (error as Error).name, (error as Error).message];
  }
  throw new Error('verifyWebhook accepted the webhook');
}

describe('verifyWebhook', () => {
  it('returns the payload of a webhook signed with the secret', () => {
    expect(verifyWebhook({ secret, headers: signed(body), body: Buffer.from(body) })).toEqual(
      JSON.parse(body),
    );
    expect(verifyWebhook({ secret, headers: new Headers(signed(body)), body })).toEqual(
      JSON.parse(body),
    );
  });

  it('accepts header names in any case and one valid signature among several', () => {
    const headers = signed(body);
    const other = signed(body, { key: newSecret() })['webhook-signature'];

    expect(
      verifyWebhook({
        secret,
        headers: {
          'Webhook-Id': headers['webhook-id'],
          'WEBHOOK-TIMESTAMP': headers['webhook-timestamp'],
          'webhook-signature': `${other} ${headers['webhook-signature']}`,
        },
        body,
      }),
    ).toEqual(JSON.parse(body));
  });

  it('accepts a valid signature however repeated signature headers were joined', () => {
    const headers = signed(body);
    const good = headers['webhook-signature'];
    const other = signed(body, { key: newSecret() })['webhook-signature'];
    const fetchHeaders = new Headers(headers);
    fetchHeaders.append('webhook-signature', other);
    const joinings = [
      `${good}, ${other}`,
      `${other}, ${good}`,
      `${other}  ${good}`,
      [other, good],
      [`${other} ${good}`, other],
    ];

    for (const signature of joinings) {
      const options = { secret, headers: { ...headers, 'webhook-signature': signature }, body };
      expect([signature, verifyWebhook(options)]).toEqual([signature, JSON.parse(body)]);
    }
    expect(verifyWebhook({ secret, headers: fetchHeaders, body })).toEqual(JSON.parse(body));
  });

  it('refuses a valid signature run together with another one', () => {
    const headers = signed(body);
    const good = headers['webhook-signature'];

    expect(
      refusal({ secret, headers: { ...headers, 'webhook-signature': `${good}v1,AAAA` }, body })[0],
    ).toBe('signature');
    expect(
      refusal({ secret, headers: { ...headers, 'webhook-signature': `x${good}` }, body })[0],
    ).toBe('signature');
  });

  it.each<[string, () => Parameters<typeof verifyWebhook>[0], string]>([
    [
      'another secret',
      () => ({ secret, headers: signed(body, { key: newSecret() }), body }),
      'signature',
    ],
    ['an altered body', () => ({ secret, headers: signed(body), body: `${body} ` }), 'signature'],
    [
      'another id',
      () => ({ secret, headers: { ...signed(body), 'webhook-id': 'msg_2' }, body }),
      'signature',
    ],
    [
      'a timestamp 6 minutes old',
      () => ({ secret, headers: signed(body, { offsetSeconds: -360 }), body }),
      'timestamp',
    ],
    [
      'a timestamp 6 minutes ahead',
      () => ({ secret, headers: signed(body, { offsetSeconds: 360 }), body }),
      'timestamp',
    ],
    [
      'a timestamp in milliseconds',
      () => ({
        secret,
        headers: { ...signed(body), 'webhook-timestamp': String(Date.now()) },
        body,
      }),
      'timestamp',
    ],
    [
      'a timestamp given as a number rather than text',
      () => ({
        secret,
        headers: { ...signed(body), 'webhook-timestamp': Math.floor(Date.now() / 1000) as never },
        body,
      }),
      'timestamp',
    ],
    [
      'a timestamp that is not a number',
      () => ({ secret, headers: { ...signed(body), 'webhook-timestamp': 'now' }, body }),
      'timestamp',
    ],
    [
      'no signature',
      () => ({ secret, headers: { ...signed(body), 'webhook-signature': '' }, body }),
      'missing-headers',
    ],
    ['no headers at all', () => ({ secret, headers: {}, body }), 'missing-headers'],
    [
      'a signed body that is not JSON',
      () => ({ secret, headers: signed('not json'), body: 'not json' }),
      'payload',
    ],
  ])('refuses %s', (_case, options, problem) => {
    expect(refusal(options())[0]).toBe(problem);
  });

  it('refuses a bad secret or body with a TypeError that never shows the secret', () => {
    const headers = signed(body);

    expect(refusal({ secret: 'whsec_hunter2!', headers, body })).toEqual([
      'TypeError',
      "Expected option `secret` to be a base64 secret, such as 'whsec_…'; it is not base64 " +
        '(its value is not shown)',
    ]);
    expect(
      refusal({ secret: `whsec_${Buffer.alloc(23).toString('base64')}`, headers, body }),
    ).toEqual([
      'TypeError',
      "Expected option `secret` to be a base64 secret, such as 'whsec_…'; it holds 23 bytes, " +
        'and at least 24 are needed (its value is not shown)',
    ]);
    expect(refusal({ secret, headers, body: 42 as never })).toEqual([
      'TypeError',
      'Expected option `body` to be a string or a Uint8Array, got 42',
    ]);
    expect(refusal({ secret, headers, body, extra: 1 } as never)[1]).toBe(
      'Unknown option `extra` of verifyWebhook',
    );
  });

  it('never puts the secret, the signature or the body in its errors', () => {
    const headers = signed(body, { key: newSecret() });
    let caught: unknown;
    try {
      verifyWebhook({ secret, headers, body });
    } catch (error) {
      caught = error;
    }

    const text = JSON.stringify(caught) + String(caught) + String((caught as Error).stack);
    const secrets = [secret.slice('whsec_'.length), headers['webhook-signature'], body];
    expect(secrets.filter((value) => text.includes(value))).toEqual([]);
    expect(caught).toMatchObject({ code: 'ERR_WEBHOOK_VERIFICATION', problem: 'signature' });
  });
});

describe('a node:http receiver built on verifyWebhook', () => {
  let server: Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** The receiver of the README: verify, de-duplicate by id, answer 204, or 400 if forged. */
  async function startExampleReceiver(handled: unknown[]) {
    const seenIds = new Set<string>();
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          const payload = verifyWebhook({
            secret,
            headers: request.headers,
            body: Buffer.concat(chunks),
          });
          const id = String(request.headers['webhook-id']);
          if (!seenIds.has(id)) {
            seenIds.add(id);
            handled.push(payload);
          }
          response.writeHead(204).end();
        } catch (error) {
          response.writeHead(error instanceof WebhookVerificationError ? 400 : 500).end();
        }
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));

    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  }

  it('takes the reporter’s webhooks and refuses those signed with another secret', async () => {
    const handled: unknown[] = [];
    const url = await startExampleReceiver(handled);
    const genuine = webhookReporter({ url, secret, events: ['settled'] });
    const forged = webhookReporter({ url, secret: newSecret(), events: ['settled'] });
    const { waiter, emit } = fakeWaiter({ jobId: 'job-3' });
    genuine.attach(waiter);
    forged.attach(waiter);

    emit('settled', { elapsedMs: 5, outcome: 'succeeded' });
    const reports = await Promise.all([genuine.close(), forged.close()]);

    expect(handled).toEqual([
      expect.objectContaining({
        type: 'io.jobwait.job.succeeded',
        data: expect.objectContaining({ jobId: 'job-3', outcome: 'succeeded' }),
      }),
    ]);
    expect(reports.map((report) => report.delivered)).toEqual([1, 0]);
    expect(reports[1]?.undelivered).toEqual([
      expect.objectContaining({ reason: 'rejected', status: 400, attempts: 1 }),
    ]);
  });
});
