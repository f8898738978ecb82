import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';

import type { EventEnvelope, WaiterEventName, WaiterEvents } from '@jobwait/core';

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
