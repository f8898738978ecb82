import { describe, expect, it } from '@jest/globals';

import { redact, redactEvent, redactingStream } from '../src/redact.js';

describe('redact', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redact('a s3cret b s3cret', ['s3cret'])).toBe('a [redacted] b [redacted]');
  });

  it('replaces a secret in its printable form when the secret holds a control character', () => {
    expect(redact('a tok\\u0007en-1 b', ['tok\u0007en-1'])).toBe('a [redacted] b');
  });

  it('replaces a secret in its JSON form when the secret holds a quote or a backslash', () => {
    const secret = 'tok"en\\abcdef';
    const json = JSON.stringify({ reason: `echo ${secret}` });

    expect(redact(json, [secret])).toBe('{"reason":"echo [redacted]"}');
  });

  it('replaces the longer secret whole when one secret begins with another', () => {
    const short = 'abcdefgh12';
    const long = 'abcdefgh12-the-rest-of-it';

    expect(redact(`echo ${long} and ${short}`, [short, long])).toBe(
      'echo [redacted] and [redacted]',
    );
  });

  it('ignores secrets too short to be told from ordinary text', () => {
    expect(redact('abc', ['b'])).toBe('abc');
  });
});

describe('redactingStream', () => {
  it('writes through with secrets replaced and keeps isTTY', () => {
    const chunks: string[] = [];
    const stream = redactingStream({ write: (c: string) => chunks.push(c), isTTY: true }, [
      'tok-1234',
    ]);

    stream.write('token tok-1234\n');

    expect(chunks).toEqual(['token [redacted]\n']);
    expect(stream.isTTY).toBe(true);
  });

  it("tells the terminal's size as it is now, and its colour support", () => {
    const terminal = {
      write: () => true,
      isTTY: true,
      columns: 120,
      rows: 40,
      hasColors: (env: Readonly<Record<string, string | undefined>>) => env['TERM'] !== 'dumb',
    };
    const stream = redactingStream(terminal, ['tok-1234']);

    terminal.columns = 60;

    expect([stream.columns, stream.rows]).toEqual([60, 40]);
    expect(stream.hasColors?.({ TERM: 'xterm-256color' })).toBe(true);
    expect(stream.hasColors?.({ TERM: 'dumb' })).toBe(false);
  });

  it('has no colour check when the stream it wraps has none', () => {
    expect(redactingStream({ write: () => true }, []).hasColors).toBeUndefined();
  });
});

describe('redactEvent', () => {
  it('replaces secrets in every string, nested ones too, and keeps the observation', () => {
    const observation = { fail_reason: 'echo s3cret' };
    const event = {
      jobId: 'j-1',
      seq: 3,
      error: { name: 'ElbHttpError', message: 'bad s3cret', code: 'ERR_ELB_HTTP' },
      explanation: { text: 'why', details: { note: 's3cret!' } },
      observation,
    };
    const redacted = redactEvent(event, ['s3cret']);

    expect(redacted).toEqual({
      jobId: 'j-1',
      seq: 3,
      error: { name: 'ElbHttpError', message: 'bad [redacted]', code: 'ERR_ELB_HTTP' },
      explanation: { text: 'why', details: { note: '[redacted]!' } },
      observation,
    });
    expect(redacted.observation).toBe(observation);
    expect(event.error.message).toBe('bad s3cret');
  });

  it('passes on a value that is no plain object as it is', () => {
    const when = new Date(0);

    expect(redactEvent({ when }, ['s3cret']).when).toBe(when);
    expect(redactEvent('s3cret', ['s3cret'])).toBe('s3cret');
  });
});
