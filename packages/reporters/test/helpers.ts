import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';

import {
  stateSets,
  type EventEnvelope,
  type WaiterEventName,
  type WaiterEvents,
} from '@jobwait/core';

/** A Writable that keeps what was written, optionally posing as a TTY. */
export function captureStream({ isTTY = false }: { isTTY?: boolean } = {}) {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      callback();
    },
  });
  Object.defineProperty(stream, 'isTTY', { value: isTTY });

  return {
    stream: stream as Writable & { isTTY: boolean },
    text: () => text,
    lines: () => text.split('\n').slice(0, -1),
  };
}

/** A stand-in for a waiter: an emitter of waiter events with envelopes filled in. */
export function fakeWaiter({ jobId = 'job-1', kind = 'test-kind' } = {}) {
  const emitter = new EventEmitter();
  let seq = 0;

  function emit<E extends WaiterEventName>(
    name: E,
    fields: Omit<Parameters<WaiterEvents[E]>[0], keyof EventEnvelope | 'attempt'> & {
      attempt?: number;
      elapsedMs: number;
    },
  ): void {
    seq += 1;
    emitter.emit(name, {
      jobId,
      kind,
      attempt: 0,
      seq,
      time: new Date(Date.UTC(2025, 0, 1) + fields.elapsedMs).toISOString(),
      ...fields,
    });
  }

  return { waiter: emitter, emit };
}

/** A job as the tests' scripted sources report it: a status, sub-jobs done of 2, a failure. */
export interface TestJob {
  status: string;
  done?: number;
  code?: string;
  reason?: string;
}

/** Classifies a {@link TestJob} as the classic ELB adapter classifies its jobs. */
export const classifyTestJob = stateSets<TestJob>({
  state: 'status',
  pending: ['INIT', 'RUNNING'],
  success: ['SUCCESS'],
  failure: ['FAIL'],
  detail: (job) => (job.done === undefined ? undefined : `sub-jobs ${job.done}/2`),
  failureDetails: (job) => ({ code: job.code, reason: job.reason }),
});
