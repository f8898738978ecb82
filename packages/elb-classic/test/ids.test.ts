import { describe, expect, it } from '@jest/globals';

import { assertId, MAX_ID_LENGTH, resolveJobId } from '../src/ids.js';
import { fixture } from './helpers.js';

describe('assertId', () => {
  it('accepts ids as the API issues them', () => {
    expect(() => assertId('jobId', 'ff8080827a1b2c3d017a1b2c3d4e0001')).not.toThrow();
    expect(() => assertId('jobId', 'a.b-c_d~e')).not.toThrow();
  });

  it('accepts an id when its dots stand among other characters', () => {
    expect(() => assertId('jobId', '.a')).not.toThrow();
    expect(() => assertId('jobId', 'a.')).not.toThrow();
  });

  it('accepts an id when it holds a well-formed surrogate pair', () => {
    expect(() => assertId('jobId', 'a\u{1F600}b')).not.toThrow();
  });

  it.each([
    ['.', 'one dot'],
    ['..', 'two dots'],
    ['...', 'three dots'],
  ])('refuses %p when the id is %s, which URL normalisation would drop', (value) => {
    expect(() => assertId('jobId', value)).toThrow(TypeError);
    expect(() => assertId('jobId', value)).toThrow(/option `jobId`/);
  });

  it.each([
    ['ab\uD800', 'a lone high surrogate'],
    ['\uDC00ab', 'a lone low surrogate'],
  ])('refuses %p when it holds %s, which a URL cannot encode', (value) => {
    expect(() => assertId('projectId', value)).toThrow(TypeError);
    expect(() => assertId('projectId', value)).toThrow(
      /option `projectId` to be a well-formed string/,
    );
  });

  it.each([
    ['', 'empty'],
    ['a/b', 'a slash'],
    ['..', 'dot-dot'],
    ['a..b', 'an inner dot-dot'],
    ['a b', 'a space'],
    ['a\tb', 'a tab'],
    ['a\nb', 'a line break'],
    ['a\u0000b', 'a NUL'],
    ['a\\b', 'a backslash'],
    ['a?b', 'a question mark'],
    ['a#b', 'a hash'],
    ['x'.repeat(MAX_ID_LENGTH + 1), 'too long'],
  ])('refuses %p (%s) with a TypeError naming the option', (value) => {
    expect(() => assertId('projectId', value)).toThrow(TypeError);
    expect(() => assertId('projectId', value)).toThrow(/option `projectId`/);
  });

  it('refuses what is not a string', () => {
    expect(() => assertId('jobId', 42)).toThrow(/option `jobId` to be a non-empty string/);
  });
});

describe('resolveJobId', () => {
  it('reads the job id of a create response and ignores its uri', () => {
    const response = fixture<{ uri: string; job_id: string }>('create-response.json');

    expect(resolveJobId('jobId', response)).toBe('ff8080827a1b2c3d017a1b2c3d4e0001');
  });

  it('validates the job id of a create response', () => {
    expect(() => resolveJobId('jobId', { job_id: '../x' })).toThrow(/option `jobId.job_id`/);
    expect(() => resolveJobId('jobId', ['x'])).toThrow(/option `jobId` to be an object/);
  });
});
