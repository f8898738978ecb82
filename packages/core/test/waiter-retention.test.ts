import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { constantBackoff } from '../src/backoff/constant.js';
import { WAITER_EVENT_NAMES } from '../src/events.js';
import { Waiter } from '../src/waiter.js';
import { names, ok, recordEvents, scripted, track, type Job } from './helpers.js';

/** A full garbage collection, through a `gc` exposed for this process only. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Ends the current job, so that V8 no longer keeps the targets of new WeakRefs alive. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

const twoPolls = () => scripted([ok('RUNNING'), ok('DONE')]);

describe('Waiter', () => {
  describe('with real timers', () => {
    /** Settles one wait and keeps nothing of it but weak references. */
    async function settleAndForget(waiter: Waiter<Job>): Promise<WeakRef<object>[]> {
      const source = twoPolls();
      const result = await waiter.settle(source);
      expect(result).toMatchObject({ outcome: 'succeeded', attempts: 2 });

      return [new WeakRef(source), new WeakRef(result.observation as Job)];
    }

    it('keeps neither the job source nor its observation once the wait settled', async () => {
      const waiter = new Waiter<Job>({ minDelayMs: 1, backoff: constantBackoff({ delayMs: 1 }) });
      // Listeners that keep nothing, so that every event is built and handed out.
      for (const name of WAITER_EVENT_NAMES) waiter.on(name, () => {});
      const kept = { status: 'RUNNING' };
      const control = new WeakRef(kept);

      const refs = await settleAndForget(waiter);
      await nextTurn();
      collectGarbage();

      expect(refs.map((ref) => ref.deref())).toEqual([undefined, undefined]);
      expect(control.deref()).toBe(kept);
    });
  });

  describe('with fake timers', () => {
    beforeEach(() => {
      jest.useFakeTimers({ now: 0 });
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it('numbers the events a lone listener hears as if every event were heard', async () => {
      const options = { backoff: constantBackoff({ delayMs: 1_000 }) };
      const everyEvent = new Waiter<Job>(options);
      const all = recordEvents(everyEvent);
      const fewEvents = new Waiter<Job>(options);
      const heard: { name: string; seq: number; attempt: number }[] = [];
      fewEvents.on('poll:end', ({ seq, attempt }) =>
        heard.push({ name: 'poll:end', seq, attempt }),
      );
      fewEvents.on('settled', ({ seq, attempt }) => heard.push({ name: 'settled', seq, attempt }));

      const waits = [everyEvent, fewEvents].map((waiter) => track(waiter.wait(twoPolls())));
      await jest.advanceTimersByTimeAsync(1_000);
      await Promise.all(waits.map((wait) => wait.done));

      const expected = all
        .filter((event) => event.name === 'poll:end' || event.name === 'settled')
        .map(({ name, seq, attempt }) => ({ name, seq, attempt }));
      expect(names(all)).toHaveLength(9);
      expect(heard).toEqual(expected);
      expect(heard.map((event) => event.seq)).toEqual([3, 7, 9]);
    });
  });
});
