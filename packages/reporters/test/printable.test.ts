import { describe, expect, it } from '@jest/globals';

import { printable } from '../src/printable.js';

describe('printable', () => {
  it('keeps ordinary text, Unicode and backslashes as they are when nothing is unsafe', () => {
    expect(printable('ELB.1009: Insufficient quota — réessayez C:\\tmp 🚀')).toBe(
      'ELB.1009: Insufficient quota — réessayez C:\\tmp 🚀',
    );
  });

  it('escapes the line breaks and tabs visibly when the text holds them', () => {
    expect(printable('a\nb\r\nc\td')).toBe('a\\nb\\r\\nc\\td');
  });

  it('escapes every sequence a terminal would act on when a server sends one', () => {
    const attack = 'x\n\u001b]0;pwned\u0007\u001b[2Jjobwait: fake line';

    expect(printable(attack)).toBe('x\\n\\u001b]0;pwned\\u0007\\u001b[2Jjobwait: fake line');
  });

  it('escapes DEL, C1 controls, line separators and bidi overrides when present', () => {
    expect(printable('\u007f\u0085\u009b31m\u2028\u2029\u202e\u2066\u200f\u061c')).toBe(
      '\\u007f\\u0085\\u009b31m\\u2028\\u2029\\u202e\\u2066\\u200f\\u061c',
    );
  });

  it('leaves no character of C0 or C1 when given all of them', () => {
    const all = Array.from({ length: 0xa0 }, (_, code) => String.fromCharCode(code)).join('');

    // eslint-disable-next-line no-control-regex -- the test looks for control characters
    expect(printable(all)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('keeps JSON valid and its values unchanged when applied to each line of JSON', () => {
    const value = { reason: 'a\u009b\u2028\u202eb\u007f', list: ['\u0085'] };
    const json = JSON.stringify(value, null, 2).split('\n').map(printable).join('\n');

    expect(JSON.parse(json)).toEqual(value);
    expect(json).toContain('"a\\u009b\\u2028\\u202eb\\u007f"');
  });

  it('throws a TypeError when given something other than a string', () => {
    expect(() => printable(undefined as never)).toThrow(
      new TypeError('Expected `text` to be a string, got undefined'),
    );
  });
});
