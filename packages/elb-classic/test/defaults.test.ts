import { describe, expect, it } from '@jest/globals';
import { MAX_TIMER_MS, resolveWaiterOptions } from '@jobwait/core';

import { pollTimeoutFor } from '../src/defaults.js';

describe('pollTimeoutFor', () => {
  it('leaves room for two requests and a refresh when the request timeout is usual', () => {
    expect(pollTimeoutFor(10_000)).toBe(25_000);
  });

  it('stops at the longest timer when the request timeout is very long', () => {
    const pollTimeoutMs = pollTimeoutFor(MAX_TIMER_MS);

    expect(pollTimeoutMs).toBe(MAX_TIMER_MS);
    expect(() => resolveWaiterOptions({ pollTimeoutMs })).not.toThrow();
  });
});
