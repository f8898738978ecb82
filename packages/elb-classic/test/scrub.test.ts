import { describe, expect, it } from '@jest/globals';

import { MIN_SECRET_LENGTH, REDACTED, scrub, secretsOf } from '../src/scrub.js';

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
