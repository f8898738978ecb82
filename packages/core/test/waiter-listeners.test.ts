import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { constantBackoff } from '../src/backoff/constant.js';
import type { WaiterEvents } from '../src/events.js';
import { Waiter, waitFor } from '../src/waiter.js';
import { WAITER_EVENT_NAMES } from '../src/events.js';
import { hang, ok, scripted, track, type Job } from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

const everySecond = { backoff: constantBackoff({ delayMs: 1_000 }) };
const threePolls = () => scripted([ok('INIT'), ok('RUNNING'), ok('DONE')]);

describe('Waiter', () => {
  it('goes on, calls the other listeners and counts the error when a listener throws', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const calls: string[] = [];
    waiter.on('poll:start', (event) => calls.push(`before ${event.attempt}`));
    waiter.on('poll:start', () => {
      throw new Error('reporter bug');
    });
    waiter.on('poll:start', (event) => calls.push(`after ${event.attempt}`));
    const waited = track(waiter.wait(threePolls()));

    await jest.advanceTimersByTimeAsync(2_000);
    await waited.done;

    expect(waited.value).toMatchObject({ state: 'DONE', attempts: 3 });
    expect(calls).toEqual(['before 1', 'after 1', 'before 2', 'after 2', 'before 3', 'after 3']);
    expect(waiter.listenerErrors).toBe(3);
  });

  it('settles normally when a listener throws on every event, settled included', async () => {
    const waiter = new Waiter<Job>(everySecond);
    for (const name of WAITER_EVENT_NAMES) {
      waiter.on(name, () => {
        throw new Error(name);
      });
    }
    const waited = track(waiter.wait(scripted([ok('RUNNING'), ok('FAIL')])));

    await jest.advanceTimersByTimeAsync(1_000);
    await waited.done;

    // wait:start, 2 × (poll:start, poll:end, state:change), backoff, settled.
    expect(waited.error).toMatchObject({ code: 'ERR_JOB_FAILED' });
    expect(waiter.listenerErrors).toBe(9);
    expect(waited.timersAtSettle).toBe(0);
  });

  it('calls a listener on the first event only when it was added with once', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const once = jest.fn<WaiterEvents['poll:start']>();
    const always = jest.fn<WaiterEvents['poll:start']>();
    waiter.once('poll:start', once);
    waiter.on('poll:start', always);
    const waited = track(waiter.wait(threePolls()));

    await jest.advanceTimersByTimeAsync(2_000);
    await waited.done;

    expect(once).toHaveBeenCalledTimes(1);
    expect(once).toHaveBeenCalledWith(expect.objectContaining({ attempt: 1 }));
    expect(always).toHaveBeenCalledTimes(3);
    expect(waiter.listenerCount('poll:start')).toBe(1);
  });

  it('removes a once listener even when it throws', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const once = jest.fn(() => {
      throw new Error('once');
    });
    waiter.once('poll:end', once);
    const waited = track(waiter.wait(threePolls()));

    await jest.advanceTimersByTimeAsync(2_000);
    await waited.done;

    expect(once).toHaveBeenCalledTimes(1);
    expect(waiter.listenerErrors).toBe(1);
  });

  it('calls a listener with its context when given one, else with the waiter', async () => {
    const waiter = new Waiter<Job>();
    const context = { name: 'reporter' };
    const seen: unknown[] = [];
    waiter.on(
      'settled',
      function (this: unknown) {
        seen.push(this);
      },
      context,
    );
    waiter.on('settled', function (this: unknown) {
      seen.push(this);
    });

    await waiter.wait(scripted([ok('DONE')]));

    expect(seen).toEqual([context, waiter]);
    expect(seen[0]).toBe(context);
    expect(seen[1]).toBe(waiter);
  });

  it('stops calling a listener when it is removed during the wait', async () => {
    const waiter = new Waiter<Job>(everySecond);
    const attempts: number[] = [];
    const listener = (event: { attempt: number }) => {
      attempts.push(event.attempt);
      if (event.attempt === 2) waiter.off('poll:start', listener);
    };
    waiter.on('poll:start', listener);
    const waited = track(waiter.wait(threePolls()));

    await jest.advanceTimersByTimeAsync(2_000);
    await waited.done;

    expect(attempts).toEqual([1, 2]);
  });
});

describe('waitFor', () => {
  it('waits with the given options and calls the on listeners when given both', async () => {
    const states: string[] = [];
    const source = threePolls();
    const waited = track(
      waitFor(source, {
        backoff: constantBackoff({ delayMs: 2_000 }),
        on: { 'state:change': (event) => states.push(event.to) },
      }),
    );

    await jest.advanceTimersByTimeAsync(4_000);
    await waited.done;

    expect(source.startedAt).toEqual([0, 2_000, 4_000]);
    expect(states).toEqual(['INIT', 'RUNNING', 'DONE']);
    expect(waited.value).toMatchObject({ attempts: 3, elapsedMs: 4_000 });
  });

  it('removes its listeners when the wait succeeds', async () => {
    const waiters: Waiter<Job>[] = [];
    const waited = track(
      waitFor(scripted([ok('DONE')]), {
        on: {
          'wait:start': function (this: Waiter<Job>) {
            waiters.push(this);
          },
          settled: () => {},
        },
      }),
    );

    await waited.done;

    expect(waited.value).toMatchObject({ state: 'DONE' });
    expect(waiters).toHaveLength(1);
    expect(waiters[0]!.eventNames()).toEqual([]);
  });

  it('passes the signal on and removes its listeners when the wait is aborted', async () => {
    const controller = new AbortController();
    const waiters: Waiter<Job>[] = [];
    const settled = jest.fn();
    const source = scripted([hang]);
    const waited = track(
      waitFor(source, {
        signal: controller.signal,
        on: {
          'poll:start': function (this: Waiter<Job>) {
            waiters.push(this);
          },
          settled,
        },
      }),
    );

    await jest.advanceTimersByTimeAsync(100);
    controller.abort('stop');
    await waited.done;

    expect(source.calls[0]!.signal.reason).toBe('stop');
    expect(waited.error).toMatchObject({ code: 'ERR_WAIT_ABORTED', cause: 'stop' });
    expect(settled).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'aborted' }));
    expect(waiters[0]!.eventNames()).toEqual([]);
  });

  it('rejects with a TypeError naming the listener when one is not a function', async () => {
    const source = scripted([ok('DONE')]);

    await expect(waitFor(source, { on: { settled: 'log' as never } })).rejects.toThrow(
      new TypeError('Expected listener `on.settled` to be a function'),
    );
    expect(source.calls).toHaveLength(0);
  });

  it('rejects with a TypeError listing the event names when on has an unknown one', async () => {
    const source = scripted([ok('DONE')]);
    const bogus = jest.fn();

    await expect(waitFor(source, { on: { bogus } as never })).rejects.toThrow(
      new TypeError(
        'Unknown event `on.bogus`; expected one of `wait:start`, `backoff`, `poll:start`, ' +
          '`retry`, `poll:end`, `state:change`, `settled`',
      ),
    );
    expect(source.calls).toHaveLength(0);
    expect(bogus).not.toHaveBeenCalled();
  });

  it.each<[string, unknown, string]>([
    ['an array', [], 'an array'],
    ['null', null, 'null'],
    ['a function', () => {}, 'a function'],
  ])('rejects with a TypeError before any poll when on is %s', async (_, on, got) => {
    const source = scripted([ok('DONE')]);

    await expect(waitFor(source, { on: on as never })).rejects.toThrow(
      new TypeError(`Expected option \`on\` to be an object of listeners, got ${got}`),
    );
    expect(source.calls).toHaveLength(0);
  });

  it.each<[string, unknown, string]>([
    ['an array', [], 'an array'],
    ['null', null, 'null'],
  ])(
    'rejects with a TypeError before any poll when the options are %s',
    async (_, options, got) => {
      const source = scripted([ok('DONE')]);

      await expect(waitFor(source, options as never)).rejects.toThrow(
        new TypeError(`Expected the waitFor options to be an object, got ${got}`),
      );
      expect(source.calls).toHaveLength(0);
    },
  );

  it('rejects with the option error when an option is invalid', async () => {
    await expect(waitFor(scripted([ok('DONE')]), { timeoutMs: -5 })).rejects.toThrow(RangeError);
  });

  it('waits with the defaults when given no options', async () => {
    await expect(waitFor(scripted([ok('DONE')]))).resolves.toMatchObject({
      state: 'DONE',
      attempts: 1,
      elapsedMs: 0,
    });
  });
});
