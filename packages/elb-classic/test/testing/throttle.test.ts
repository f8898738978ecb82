import { describe, expect, it } from '@jest/globals';

import { checkedThrottle, ThrottleWindows } from '../../src/testing/throttle.js';

const t0 = Date.parse('2024-05-14T08:00:00.000Z');

function windows(limit: number, windowMs: number, per: 'global' | 'project' = 'global') {
  return new ThrottleWindows({ limit, windowMs, per });
}

describe('ThrottleWindows', () => {
  it('lets `limit` requests through in a window, then tells the ms left in it', () => {
    const throttle = windows(2, 10_000);

    expect([
      throttle.take('p', t0),
      throttle.take('p', t0 + 1000),
      throttle.take('p', t0 + 2500),
      throttle.take('p', t0 + 9999),
    ]).toEqual([undefined, undefined, 7500, 1]);
  });

  it('opens a new window with the first request after the last one ended', () => {
    const throttle = windows(1, 10_000);
    throttle.take(undefined, t0);

    expect(throttle.take(undefined, t0 + 10_000)).toBeUndefined();
    expect(throttle.take(undefined, t0 + 10_001)).toBe(9999);
    expect(throttle.take(undefined, t0 + 25_000)).toBeUndefined();
  });

  it('does not count a throttled request against the next window', () => {
    const throttle = windows(1, 1000);
    throttle.take(undefined, t0);
    for (let i = 1; i < 10; i += 1) throttle.take(undefined, t0 + i * 50);

    expect(throttle.take(undefined, t0 + 1000)).toBeUndefined();
  });

  it('keeps one window for every request when per is global', () => {
    const throttle = windows(1, 1000);

    expect([throttle.take('a', t0), throttle.take('b', t0)]).toEqual([undefined, 1000]);
  });

  it('keeps one window for each project when per is project', () => {
    const throttle = windows(1, 1000, 'project');

    expect([
      throttle.take('a', t0),
      throttle.take('b', t0),
      throttle.take(undefined, t0),
      throttle.take('a', t0),
      throttle.take(undefined, t0),
    ]).toEqual([undefined, undefined, undefined, 1000, 1000]);
  });

  it('throttles every request when the limit is 0', () => {
    expect(windows(0, 5000).take('a', t0)).toBe(5000);
  });

  it('opens a new window when the clock moved back', () => {
    const throttle = windows(1, 1000);
    throttle.take(undefined, t0);

    expect(throttle.take(undefined, t0 - 5000)).toBeUndefined();
  });

  it.each([
    [200, 300_000, 'api', '200', '5 minute'],
    [5, 1000, 'api', '5', '1 second'],
    [5, 7_200_000, 'api', '5', '2 hour'],
    [1, 1500, 'user', '1', '1500 millisecond'],
  ] as const)(
    'words the gateway message for a limit of %i per %i ms',
    (limit, windowMs, policy, shownLimit, time) => {
      const per = policy === 'user' ? 'project' : 'global';

      expect(windows(limit, windowMs, per).errorText()).toEqual({
        code: 'APIGW.0308',
        message:
          'The throttling threshold has been reached: ' +
          `policy ${policy} over ratelimit,limit:${shownLimit},time:${time}`,
      });
    },
  );
});

describe('checkedThrottle', () => {
  it('fills in per', () => {
    expect(checkedThrottle('throttle', { limit: 3, windowMs: 1000 })).toEqual({
      limit: 3,
      windowMs: 1000,
      per: 'global',
    });
  });

  it.each([
    ['no object', 3, TypeError, /^Expected option `t` to be an object/],
    ['no limit', { windowMs: 1 }, TypeError, /`t.limit` to be a number, got undefined/],
    ['a fractional limit', { limit: 1.5, windowMs: 1 }, RangeError, /`t.limit`/],
    ['a negative limit', { limit: -1, windowMs: 1 }, RangeError, /`t.limit`/],
    ['a window of 0', { limit: 1, windowMs: 0 }, RangeError, /`t.windowMs`/],
    ['a window that is text', { limit: 1, windowMs: '1s' }, TypeError, /`t.windowMs`/],
    ['an unknown per', { limit: 1, windowMs: 1, per: 'user' }, TypeError, /`t.per`/],
    [
      'a snake_case field',
      { limit: 1, window_ms: 1 },
      TypeError,
      /Unknown option `t.window_ms` \(did you mean `windowMs`\?\)/,
    ],
  ])('refuses a throttle with %s', (_, value, type, message) => {
    const check = () => checkedThrottle('t', value);

    expect(check).toThrow(type);
    expect(check).toThrow(message);
  });
});
