import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';

import { describe, expect, it } from '@jest/globals';

import * as reporters from '@jobwait/reporters';
import {
  consoleReporter,
  formatDuration,
  logReporter,
  printable,
  type LogRecord,
  type WaiterLike,
} from '@jobwait/reporters';

/** A `settled` event of a wait aborted after 1.5 s and one poll. */
const ABORTED = {
  jobId: 'j',
  kind: 'k',
  attempt: 1,
  seq: 1,
  elapsedMs: 1500,
  time: '2025-01-01T00:00:01.500Z',
  outcome: 'aborted',
};

describe('@jobwait/reporters public API', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(reporters).sort()).toEqual([
      'LOG_THRESHOLDS',
      'WebhookReporterClosedError',
      'WebhookVerificationError',
      'consoleReporter',
      'formatDuration',
      'logReporter',
      'printable',
      'verifyWebhook',
      'webhookReporter',
    ]);
  });

  it('prints a line through a reporter built from the package entry', () => {
    let text = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        text += chunk.toString('utf8');
        callback();
      },
    });
    const waiter: WaiterLike = new EventEmitter();
    const detach = consoleReporter({ stream, env: {} }).attach(waiter);

    (waiter as EventEmitter).emit('settled', ABORTED);
    detach();

    expect(text).toBe('j  aborted after 1.5s (1 poll)\n');
    expect(formatDuration(90_000)).toBe('1m 30s');
  });

  it('exports printable, which escapes control characters when text holds them', () => {
    expect(printable('a\u001b[2Jb\n')).toBe('a\\u001b[2Jb\\n');
  });

  it('writes a record through a log reporter built from the package entry', () => {
    const records: LogRecord[] = [];
    const write = (record: object): void => {
      records.push(record as LogRecord);
    };
    const logger = { debug: write, info: write, warn: write, error: write };
    const waiter: WaiterLike = new EventEmitter();
    const detach = logReporter({ logger }).attach(waiter);

    (waiter as EventEmitter).emit('settled', ABORTED);
    detach();

    expect(records).toEqual([
      {
        event: 'settled',
        jobId: 'j',
        kind: 'k',
        attempt: 1,
        seq: 1,
        elapsedMs: 1500,
        eventTime: '2025-01-01T00:00:01.500Z',
        outcome: 'aborted',
      },
    ]);
  });
});
