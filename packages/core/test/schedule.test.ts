import { describe, expect, it } from '@jest/globals';

import { planNextPoll, type ScheduleInput } from '../src/schedule.js';

/** 10 s into a wait with a 60 s deadline, a strategy asking for 1 s, bounds 100 ms – 10 s. */
function input(overrides: Partial<ScheduleInput> = {}): ScheduleInput {
  return {
    now: 10_000,
    deadline: 60_000,
    strategyDelayMs: 1_000,
    minDelayMs: 100,
    maxDelayMs: 10_000,
    pollAllowanceMs: 1,
    ...overrides,
  };
}

describe('planNextPoll', () => {
  it('keeps the strategy delay when it is within bounds and fits', () => {
    expect(planNextPoll(input())).toEqual({ delayMs: 1_000, reason: 'strategy' });
  });

  it('raises the delay to minDelayMs when the strategy asks for less', () => {
    expect(planNextPoll(input({ strategyDelayMs: 20 }))).toEqual({
      delayMs: 100,
      reason: 'strategy',
    });
  });

  it('lowers the delay to maxDelayMs when the strategy asks for more', () => {
    expect(planNextPoll(input({ strategyDelayMs: 45_000 }))).toEqual({
      delayMs: 10_000,
      reason: 'strategy',
    });
  });

  it('takes the Retry-After with reason retry-after when it exceeds the strategy delay', () => {
    expect(planNextPoll(input({ retryAfterMs: 7_000 }))).toEqual({
      delayMs: 7_000,
      reason: 'retry-after',
    });
  });

  it('holds a Retry-After to maxDelayMs when it is longer', () => {
    expect(planNextPoll(input({ retryAfterMs: 120_000 }))).toEqual({
      delayMs: 10_000,
      reason: 'retry-after',
    });
  });

  it('ignores the Retry-After when it is not longer than the strategy delay, or NaN', () => {
    for (const retryAfterMs of [500, 1_000, 0, -3_000, Number.NaN]) {
      expect(planNextPoll(input({ retryAfterMs }))).toEqual({
        delayMs: 1_000,
        reason: 'strategy',
      });
    }
  });

  it('falls to minDelayMs when the strategy answers NaN or a negative delay', () => {
    for (const strategyDelayMs of [Number.NaN, -1, -5_000, Number.NEGATIVE_INFINITY]) {
      expect(planNextPoll(input({ strategyDelayMs }))).toEqual({
        delayMs: 100,
        reason: 'strategy',
      });
    }
  });

  it('falls to minDelayMs when the strategy answers something other than a number', () => {
    for (const strategyDelayMs of [undefined, null, '1000', {}, 10n]) {
      expect(planNextPoll(input({ strategyDelayMs }))).toEqual({
        delayMs: 100,
        reason: 'strategy',
      });
    }
  });

  it('takes the Retry-After when the strategy answers undefined', () => {
    expect(planNextPoll(input({ strategyDelayMs: undefined, retryAfterMs: 3_000 }))).toEqual({
      delayMs: 3_000,
      reason: 'retry-after',
    });
  });

  it('holds a Retry-After of Infinity to maxDelayMs when the server sends one', () => {
    expect(planNextPoll(input({ retryAfterMs: Number.POSITIVE_INFINITY }))).toEqual({
      delayMs: 10_000,
      reason: 'retry-after',
    });
  });

  it('ignores the Retry-After when it is -Infinity or not a number', () => {
    for (const retryAfterMs of [Number.NEGATIVE_INFINITY, '5000', null]) {
      expect(planNextPoll(input({ retryAfterMs: retryAfterMs as number }))).toEqual({
        delayMs: 1_000,
        reason: 'strategy',
      });
    }
  });

  it('takes the Retry-After when the strategy delay is NaN', () => {
    expect(planNextPoll(input({ strategyDelayMs: Number.NaN, retryAfterMs: 3_000 }))).toEqual({
      delayMs: 3_000,
      reason: 'retry-after',
    });
  });

  it('rises to maxDelayMs when the strategy answers Infinity', () => {
    expect(planNextPoll(input({ strategyDelayMs: Number.POSITIVE_INFINITY }))).toEqual({
      delayMs: 10_000,
      reason: 'strategy',
    });
  });

  it('keeps the delay when the poll would start exactly at the last moment it fits', () => {
    // The last start is 60 000 - 2 000 = 58 000; 57 000 + 1 000 lands on it.
    expect(planNextPoll(input({ now: 57_000, pollAllowanceMs: 2_000 }))).toEqual({
      delayMs: 1_000,
      reason: 'strategy',
    });
  });

  it('moves the poll to its last start, reason deadline, when it would miss the deadline', () => {
    // 50 000 + 10 000 is past the last start of 58 000, so the poll starts at 58 000.
    expect(
      planNextPoll(input({ now: 50_000, strategyDelayMs: 10_000, pollAllowanceMs: 2_000 })),
    ).toEqual({ delayMs: 8_000, reason: 'deadline' });
  });

  it('moves a Retry-After delay earlier too when it would miss the deadline', () => {
    expect(planNextPoll(input({ now: 55_000, retryAfterMs: 9_000 }))).toEqual({
      delayMs: 4_999,
      reason: 'deadline',
    });
  });

  it('rounds the aligned delay down when the time has a fraction of a millisecond', () => {
    expect(planNextPoll(input({ now: 55_000.6, strategyDelayMs: 10_000 }))).toEqual({
      delayMs: 4_998,
      reason: 'deadline',
    });
  });

  it('aligns to exactly minDelayMs when that is all the room left', () => {
    expect(planNextPoll(input({ now: 59_899 }))).toEqual({ delayMs: 100, reason: 'deadline' });
  });

  it('returns undefined when not even minDelayMs fits before the deadline', () => {
    expect(planNextPoll(input({ now: 59_900 }))).toBeUndefined();
    expect(planNextPoll(input({ now: 50_000, pollAllowanceMs: 9_950 }))).toBeUndefined();
  });

  it('returns undefined when the deadline has passed', () => {
    expect(planNextPoll(input({ now: 61_000 }))).toBeUndefined();
  });
});
