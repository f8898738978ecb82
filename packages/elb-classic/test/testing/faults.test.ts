import { describe, expect, it } from '@jest/globals';

import { FaultList } from '../../src/testing/faults.js';

describe('FaultList', () => {
  it('applies a fault to the next N requests, then no more', () => {
    const faults = new FaultList();
    faults.add({ type: 'reset' }, { times: 2 });

    expect([faults.take('a'), faults.take(undefined), faults.take('a')]).toEqual([
      { type: 'reset' },
      { type: 'reset' },
      undefined,
    ]);
  });

  it('applies a job fault to that job only, until cleared', () => {
    const faults = new FaultList();
    faults.add({ type: 'hang' }, { jobId: 'a' });

    expect(faults.take('b')).toBeUndefined();
    expect(faults.take('a')).toEqual({ type: 'hang' });
    expect(faults.take('a')).toEqual({ type: 'hang' });
    faults.clear();
    expect(faults.take('a')).toBeUndefined();
  });

  it('applies faults in the order they were set', () => {
    const faults = new FaultList();
    faults.add({ type: 'status', statusCode: 503 }, { times: 1 });
    faults.add({ type: 'delay', delayMs: 5 }, { times: 1 });

    expect(faults.take('a')?.type).toBe('status');
    expect(faults.take('a')?.type).toBe('delay');
  });

  it.each([
    [{ type: 'explode' }, {}, /`fault.type`/],
    [{ type: 'status', statusCode: 99 }, {}, /`fault.statusCode`/],
    [{ type: 'delay', delayMs: -1 }, {}, /`fault.delayMs`/],
    [{ type: 'malformed', body: 1 }, {}, /`fault.body`/],
    [{ type: 'reset' }, { times: 0 }, /`times`/],
    [{ type: 'reset' }, { jobId: '../x' }, /`jobId`/],
  ])('refuses the fault %p with scope %p', (fault, scope, message) => {
    expect(() => new FaultList().add(fault as never, scope)).toThrow(message);
  });
});
