import { describe, expect, it } from '@jest/globals';

import { loggedError } from '../../src/log/logged-error.js';

describe('loggedError', () => {
  it('keeps name, message, code, statusCode and requestId, and nothing else', () => {
    const error = Object.assign(new TypeError('bad'), {
      code: 'E_BAD',
      statusCode: 503,
      requestId: 'req-1',
      headers: { authorization: 'Bearer t' },
      cause: new Error('inner'),
    });

    expect(loggedError(error)).toEqual({
      name: 'TypeError',
      message: 'bad',
      code: 'E_BAD',
      statusCode: 503,
      requestId: 'req-1',
    });
  });

  it('leaves out fields of the wrong type and fills in a name and message', () => {
    expect(
      loggedError({ name: 1, message: { text: 'm' }, code: 42, statusCode: 4.5, requestId: 7 }),
    ).toEqual({ name: 'Error', message: '' });
  });

  it('returns undefined for a value that is not an object', () => {
    expect(loggedError('boom')).toBeUndefined();
    expect(loggedError(null)).toBeUndefined();
  });
});
