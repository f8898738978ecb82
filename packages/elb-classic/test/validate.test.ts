import { describe, expect, it } from '@jest/globals';

import { assertKnownFields } from '../src/validate.js';

const KNOWN = ['projectId', 'requestTimeoutMs', 'securityToken'];

describe('assertKnownFields', () => {
  it('accepts an object that has known fields only', () => {
    expect(() =>
      assertKnownFields('', { projectId: 'p', securityToken: 't' }, KNOWN),
    ).not.toThrow();
  });

  it.each([
    ['project_id', 'projectId'],
    ['projectid', 'projectId'],
    ['PROJECT-ID', 'projectId'],
    ['requestTimeout', 'requestTimeoutMs'],
    ['request_timeout', 'requestTimeoutMs'],
  ])('hints at the known name when `%s` spells it loosely', (key, like) => {
    expect(() => assertKnownFields('', { [key]: 'secret-value' }, KNOWN)).toThrow(
      new TypeError(
        `Unknown option \`${key}\` (did you mean \`${like}\`?); known: ${KNOWN.join(', ')}`,
      ),
    );
  });

  it('names a field under its prefix, without a hint when none resembles it', () => {
    expect(() => assertKnownFields('scope', { token: 'secret-value' }, KNOWN)).toThrow(
      new TypeError(`Unknown option \`scope.token\`; known: ${KNOWN.join(', ')}`),
    );
  });
});
