import { describe, expect, it } from '@jest/globals';

import { RequestContext } from '../src/request-context.js';

describe('RequestContext', () => {
  it('makes its signal on the first read and gives that same one after', () => {
    const context = new RequestContext(4);

    const signal = context.signal;

    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal.aborted).toBe(false);
    expect(context.signal).toBe(signal);
    expect(context.attempt).toBe(4);
  });

  it('aborts a signal already read with the first reason, once', () => {
    const context = new RequestContext(1);
    const signal = context.signal;
    const first = new Error('timed out');
    let aborts = 0;
    signal.addEventListener('abort', () => (aborts += 1));

    RequestContext.abort(context, first);
    RequestContext.abort(context, new Error('later'));

    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(first);
    expect(aborts).toBe(1);
  });

  it('gives a signal already aborted, with the reason, when first read after the abort', () => {
    const context = new RequestContext(1);
    const reason = new Error('cancelled');

    RequestContext.abort(context, reason);
    RequestContext.abort(context, new Error('later'));

    expect(context.signal.aborted).toBe(true);
    expect(context.signal.reason).toBe(reason);
  });

  it('gives an AbortError reason when aborted with none, read before or after', () => {
    const before = new RequestContext(1);
    const after = new RequestContext(1);
    const signal = before.signal;

    RequestContext.abort(before, undefined);
    RequestContext.abort(after, undefined);

    expect(signal.reason).toMatchObject({ name: 'AbortError' });
    expect(after.signal.reason).toMatchObject({ name: 'AbortError' });
  });

  it('spreads, lists and compares as a plain { signal, attempt } does', () => {
    const context = new RequestContext(2);

    const copy = { ...context };

    expect(Object.keys(context)).toEqual(['signal', 'attempt']);
    expect(copy.signal).toBe(context.signal);
    expect(copy).toEqual({ signal: context.signal, attempt: 2 });
    expect(context).toEqual({ signal: expect.any(AbortSignal), attempt: 2 });
  });
});
