import { describe, expect, it } from '@jest/globals';

import { linkedSignal } from '../src/linked-signal.js';

describe('linkedSignal', () => {
  it('aborts with the reason of the first followed signal that aborts', () => {
    const [a, b] = [new AbortController(), new AbortController()];
    const { signal } = linkedSignal([a.signal, undefined, b.signal]);

    b.abort(new Error('b'));
    a.abort(new Error('a'));

    expect(signal.reason).toEqual(new Error('b'));
  });

  it('is aborted at once when a followed signal already was', () => {
    const { signal } = linkedSignal([AbortSignal.abort(new Error('early'))]);

    expect(signal.reason).toEqual(new Error('early'));
  });

  it('follows nothing once released', () => {
    const long = new AbortController();
    const { signal, release } = linkedSignal([long.signal]);

    release();
    long.abort(new Error('later'));

    expect(signal.aborted).toBe(false);
  });
});
