import { describe, expect, it } from '@jest/globals';

import {
  credentialValues,
  MIN_SECRET_LENGTH,
  REDACTED,
  scrub,
  scrubJson,
  scrubParsedJson,
  secretsOf,
} from '../src/scrub.js';

describe('secretsOf', () => {
  it('keeps each value once, longest first, when values repeat or nest', () => {
    expect(secretsOf(['token-abc', 'token-abc-def', 'token-abc'])).toEqual([
      'token-abc-def',
      'token-abc',
    ]);
  });

  it('leaves out values when they are shorter than the minimum', () => {
    const short = 'x'.repeat(MIN_SECRET_LENGTH - 1);
    const long = 'x'.repeat(MIN_SECRET_LENGTH);

    expect(secretsOf([short, long])).toEqual([long]);
  });
});

describe('scrub', () => {
  it('replaces every occurrence when the secret appears as it is', () => {
    expect(scrub('a MIIsecret b MIIsecret', ['MIIsecret'])).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it('replaces the secret when a JSON body escapes its quotes and backslashes', () => {
    const secret = 'tok"en\\value';
    const body = JSON.stringify({ error_msg: `bad ${secret}` });

    expect(scrub(body, [secret])).toBe(`{"error_msg":"bad ${REDACTED}"}`);
  });

  it('replaces the secret when a JSON body escapes its slashes', () => {
    const secret = 'MIIab/cd+ef==';

    expect(scrub('{"m":"MIIab\\/cd+ef=="}', [secret])).toBe(`{"m":"${REDACTED}"}`);
  });

  it('replaces a longer secret whole when it holds a shorter one', () => {
    const secrets = secretsOf(['secret-1', 'secret-1-and-more']);

    expect(scrub('x secret-1-and-more y', secrets)).toBe(`x ${REDACTED} y`);
  });

  it('leaves text and undefined as they are when there are no secrets', () => {
    expect(scrub('text', [])).toBe('text');
    expect(scrub(undefined, ['MIIsecret'])).toBeUndefined();
  });
});

describe('credentialValues', () => {
  it('adds a signed Authorization’s signature on its own, and leaves public headers out', () => {
    const signature = 'a'.repeat(64);
    const authorization = `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=${signature}`;

    expect(
      credentialValues({
        Authorization: authorization,
        'X-Sdk-Date': '20240514T081203Z',
        'x-project-id': 'p1234567890',
        'x-security-token': 'security-token-value',
      }),
    ).toEqual([authorization, signature, 'security-token-value']);
  });
});

describe('scrubJson', () => {
  it('returns the value itself when there are no secrets', () => {
    const job = { status: 'RUNNING' };

    expect(scrubJson(job, [])).toBe(job);
  });

  it('keeps a __proto__ key a plain key of the copy', () => {
    const parsed: unknown = JSON.parse('{"__proto__":{"polluted":"MIIsecret"},"status":"x"}');

    const copy = scrubJson(parsed, ['MIIsecret']) as Record<string, unknown>;

    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({
      polluted: REDACTED,
    });
  });
});

describe('scrubParsedJson', () => {
  const secret = 'MIIsecret-of-parsed-json';

  it('returns the parsed value itself when its text holds no secret and no escape', () => {
    const text = '{"status":"RUNNING","job_id":"j1"}';
    const parsed: unknown = JSON.parse(text);

    expect(scrubParsedJson(parsed, text, [secret])).toBe(parsed);
  });

  it('scrubs a copy when the text holds a secret, in a key as in a value', () => {
    const text = `{"status":"bad ${secret}","${secret}":1}`;

    const scrubbed = scrubParsedJson(JSON.parse(text), text, [secret]);

    expect(scrubbed).toEqual({ status: `bad ${REDACTED}`, [REDACTED]: 1 });
  });

  it('finds a secret spelt with JSON escapes, which the text does not show', () => {
    const escaped = [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const text = `{"status":"RUNNING","echo":"${escaped.join('')}"}`;
    expect(text).not.toContain(secret);

    const scrubbed = scrubParsedJson(JSON.parse(text), text, [secret]);

    expect(scrubbed).toEqual({ status: 'RUNNING', echo: REDACTED });
  });
});
