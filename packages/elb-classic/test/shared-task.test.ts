import { describe, expect, it } from '@jest/globals';

import { SharedTask, SharedTaskSlot } from '../src/shared-task.js';
import { rejectionOf } from './helpers.js';

/** A task that settles when the test says, or rejects with its signal's reason on abort. */
function controlled() {
  const signals: AbortSignal[] = [];
  let settle: (value: string) => void = () => undefined;
  const start = (signal: AbortSignal) => {
    signals.push(signal);
    return new Promise<string>((resolve, reject) => {
      settle = resolve;
      signal.addEventListener('abort', () => reject(signal.reason as Error));
    });
  };

  return { signals, start, settle: (value: string) => settle(value) };
}

describe('SharedTask', () => {
  it('keeps running for a caller without a signal when every other caller left', async () => {
    const work = controlled();
    const task = new SharedTask(work.start);
    const left = new AbortController();
    const leaving = rejectionOf(task.join(left.signal));
    const staying = task.join();

    left.abort(new Error('left'));
    await expect(leaving).resolves.toEqual(new Error('left'));
    work.settle('done');

    await expect(staying).resolves.toBe('done');
    expect(task.abandoned).toBe(false);
  });

  it('stays settled when a caller leaves after the result came', async () => {
    const task = new SharedTask(() => Promise.resolve('done'));
    await task.join();
    const late = new AbortController();
    late.abort(new Error('late'));

    await expect(task.join(late.signal)).rejects.toThrow('late');
    expect(task.abandoned).toBe(false);
  });

  it('hands the work an aborted signal when the only caller had already aborted', async () => {
    const work = controlled();
    const gone = AbortSignal.abort(new Error('gone'));

    await expect(new SharedTask(work.start).join(gone)).rejects.toThrow('gone');
    await Promise.resolve();
    expect(work.signals.map((signal) => signal.aborted)).toEqual([true]);
  });
});

describe('SharedTaskSlot', () => {
  it('shares the task under way, and starts afresh once it was abandoned', async () => {
    const work = controlled();
    const slot = new SharedTaskSlot<string>();
    const [a, b] = [new AbortController(), new AbortController()];
    const first = rejectionOf(slot.join(work.start, a.signal));
    const second = rejectionOf(slot.join(work.start, b.signal));
    expect(slot.busy).toBe(true);

    a.abort(new Error('a'));
    b.abort(new Error('b'));
    expect(await Promise.all([first, second])).toEqual([new Error('a'), new Error('b')]);
    expect(slot.busy).toBe(false);
    const third = slot.join(work.start);
    await Promise.resolve();
    work.settle('fresh');

    await expect(third).resolves.toBe('fresh');
    expect(work.signals).toHaveLength(2);
    expect(work.signals.map((signal) => signal.aborted)).toEqual([true, false]);
  });
});
