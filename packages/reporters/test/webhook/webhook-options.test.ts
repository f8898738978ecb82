import { describe, expect, it } from '@jest/globals';

import { webhookReporter } from '../../src/webhook/webhook-reporter.js';
import { newSecret } from './receiver.js';

const secret = newSecret();
const url = 'https://hooks.example.com/jobwait';

/** The error `webhookReporter` throws for `options`, as `[name, message]`. */
function refusal(options: Record<string, unknown>): [string, string] {
  try {
    webhookReporter(options as never);
  } catch (error) {
    return [(error as Error).name, (error as Error).message];
  }
  throw new Error('webhookReporter accepted the options');
}

describe('webhookReporter options', () => {
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['no url', { secret }, 'TypeError', /^Expected option `url` .*got undefined$/],
    ['an ftp url', { url: 'ftp://x.example', secret }, 'TypeError', /protocol "ftp:"$/],
    ['an unparseable url', { url: 'hooks', secret }, 'TypeError', /`url`.*could not be parsed$/],
    ['no secret', { url }, 'TypeError', /^Expected option `secret` .*got undefined$/],
    ['an unknown option', { url, secret, retries: 3 }, 'TypeError', /^Unknown option `retries`/],
    ['empty events', { url, secret, events: [] }, 'TypeError', /`events` to be a non-empty array/],
    ['an unknown event', { url, secret, events: ['done'] }, 'TypeError', /`events\[0\]`.*"done"$/],
    ['cloudEvents: "yes"', { url, secret, cloudEvents: 'yes' }, 'TypeError', /`cloudEvents`/],
    ['an empty source', { url, secret, cloudEvents: { source: '' } }, 'TypeError', /source`/],
    [
      'a reserved header',
      { url, secret, headers: { 'Webhook-Id': 'x' } },
      'TypeError',
      /sets itself$/,
    ],
    ['a bad header name', { url, secret, headers: { 'a b': 'x' } }, 'TypeError', /header name$/],
    ['a header line break', { url, secret, headers: { a: 'x\r\ny' } }, 'TypeError', /line breaks$/],
    ['timeoutMs: 0', { url, secret, timeoutMs: 0 }, 'RangeError', /`timeoutMs`.*from 1 to/],
    ['timeoutMs: "5s"', { url, secret, timeoutMs: '5s' }, 'TypeError', /`timeoutMs`.*"5s"$/],
    [
      'maxAttempts: 101',
      { url, secret, maxAttempts: 101 },
      'RangeError',
      /from 1 to 100, got 101$/,
    ],
    ['maxAttempts: 1.5', { url, secret, maxAttempts: 1.5 }, 'RangeError', /`maxAttempts`/],
    [
      'crossed delays',
      { url, secret, minDelayMs: 9, maxDelayMs: 8 },
      'RangeError',
      /`maxDelayMs` \(8\)/,
    ],
    ['maxQueue: 0', { url, secret, maxQueue: 0 }, 'RangeError', /`maxQueue`/],
    ['concurrency: 0', { url, secret, concurrency: 0 }, 'RangeError', /`concurrency`/],
    ['a clock without now', { url, secret, clock: {} }, 'TypeError', /`clock.now`/],
    ['random: 0.5', { url, secret, random: 0.5 }, 'TypeError', /`random` to be a function/],
    [
      'maxQueue: null',
      { url, secret, maxQueue: null },
      'TypeError',
      /^Expected option `maxQueue`.*null$/,
    ],
    ['timeoutMs: null', { url, secret, timeoutMs: null }, 'TypeError', /option `timeoutMs`.*null$/],
    ['events: null', { url, secret, events: null }, 'TypeError', /option `events`.*null$/],
    ['clock: null', { url, secret, clock: null }, 'TypeError', /option `clock`.*null$/],
    ['clock: 5', { url, secret, clock: 5 }, 'TypeError', /option `clock` to be an object.*number$/],
    ['a host header', { url, secret, headers: { Host: 'x' } }, 'TypeError', /HTTP sets itself$/],
    [
      'a transfer-encoding header',
      { url, secret, headers: { 'transfer-encoding': 'chunked' } },
      'TypeError',
      /HTTP sets itself$/,
    ],
    [
      'a content-encoding header',
      { url, secret, headers: { 'Content-Encoding': 'gzip' } },
      'TypeError',
      /HTTP sets itself$/,
    ],
    [
      'one header named twice',
      { url, secret, headers: { Authorization: 'a', authorization: 'b' } },
      'TypeError',
      /^Option `headers` names the header `authorization` twice$/,
    ],
    [
      'exitDeadlineMs: -1',
      { url, secret, exitDeadlineMs: -1 },
      'RangeError',
      /`exitDeadlineMs`.*from 0 to/,
    ],
    ['redact: "x"', { url, secret, redact: 'x' }, 'TypeError', /`redact` .*got string$/],
    ['redact: [""]', { url, secret, redact: [''] }, 'TypeError', /`redact\[0\]`.*empty string$/],
  ])('throws naming the option when given %s', (_case, options, name, message) => {
    const [errorName, errorMessage] = refusal(options);

    expect(errorName).toBe(name);
    expect(errorMessage).toMatch(message);
  });

  it('refuses a secret that is not base64 without showing it', () => {
    const [name, message] = refusal({ url, secret: 'whsec_hunter2 is my password' });

    expect(name).toBe('TypeError');
    expect(message).toBe(
      "Expected option `secret` to be a base64 secret, such as 'whsec_…'; it is not base64 " +
        '(its value is not shown)',
    );
  });

  it('refuses a secret under 24 bytes, as Standard Webhooks asks, without showing it', () => {
    const short = `whsec_${Buffer.from('sixteen-byte-key').toString('base64')}`;
    const [name, message] = refusal({ url, secret: short });

    expect(name).toBe('TypeError');
    expect(message).toBe(
      "Expected option `secret` to be a base64 secret, such as 'whsec_…'; it holds 16 bytes, " +
        'and at least 24 are needed (its value is not shown)',
    );
    expect(message).not.toContain(short.slice('whsec_'.length));
  });

  it('refuses a url without showing the credentials or header values it holds', () => {
    const messages = [
      refusal({ url: 'ftp://user:hunter2@x.example', secret })[1],
      refusal({ url: 'http://user:hunter2@[x', secret })[1],
      refusal({ url, secret, headers: { authorization: 'hunter2\n' } })[1],
    ];

    expect(messages.filter((message) => message.includes('hunter2'))).toEqual([]);
  });

  it('accepts a URL object, a secret without its prefix and a CloudEvents source', () => {
    const reporter = webhookReporter({
      url: new URL(url),
      secret: secret.slice('whsec_'.length),
      cloudEvents: { source: 'urn:example:jobwait' },
      headers: { Authorization: 'Bearer x' },
      events: ['settled', 'settled'],
    });

    expect(reporter.pending).toBe(0);
    expect(String(reporter)).toBe('[WebhookReporter]');
  });
});
