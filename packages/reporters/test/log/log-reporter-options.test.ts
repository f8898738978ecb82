import { EventEmitter } from 'node:events';

import { describe, expect, it } from '@jest/globals';

import { logReporter } from '../../src/log/log-reporter.js';
import { captureRecords } from './capture-records.js';

const noop = (): void => undefined;
const logger = { debug: noop, info: noop, warn: noop, error: noop };

describe('logReporter options', () => {
  it.each([
    ['options that are a string', 'hunter2', 'Expected the options to be an object, got string'],
    ['options that are an array', [], 'Expected the options to be an object, got array'],
    ['options that are null', null, 'Expected the options to be an object, got null'],
    ['an unknown option', { levle: 'debug' }, 'Unknown option `levle`'],
    ['a logger that is no object', { logger: 'pino' }, /option `logger` to be a logger object/],
    [
      'a logger without a level method',
      { logger: { ...logger, warn: undefined } },
      'Expected option `logger` to have a `warn` method',
    ],
    [
      'an isLevelEnabled that is no function',
      { logger: { ...logger, isLevelEnabled: true } },
      'Expected `logger.isLevelEnabled` to be a function when present',
    ],
    [
      'a level with a logger',
      { logger, level: 'debug' },
      'Option `level` shapes the default logger; with `logger`, set it on that logger',
    ],
    [
      'a stream with a logger',
      { logger, stream: process.stderr },
      'Option `stream` shapes the default logger; with `logger`, set it on that logger',
    ],
    [
      'redactPaths with a logger',
      { logger, redactPaths: ['reason'] },
      'Option `redactPaths` shapes the default logger; with `logger`, set it on that logger',
    ],
    [
      'an unknown level',
      { level: 'verbose' },
      "Expected option `level` to be one of 'trace', 'debug', 'info', 'warn', 'error', " +
        "'fatal', 'silent', got \"verbose\"",
    ],
    ['a level that is a number', { level: 30 }, /option `level` to be one of .*, got 30$/],
    ['a stream without write', { stream: {} }, 'Expected option `stream` to be a writable stream'],
    [
      'a redact that is a string',
      { redact: 'hunter2' },
      'Expected option `redact` to be an array of strings, got string',
    ],
    [
      'an empty secret',
      { redact: ['a', ''] },
      'Expected option `redact[1]` to be a non-empty string, got an empty string',
    ],
    [
      'a secret that is undefined',
      { redact: [undefined] },
      'Expected option `redact[0]` to be a non-empty string, got undefined',
    ],
    [
      'a redaction path that is no string',
      { redactPaths: [1] },
      'Expected option `redactPaths[0]` to be a non-empty string, got number',
    ],
    [
      'a redaction path pino refuses',
      { stream: captureRecords().stream, redactPaths: ['a..b'] },
      'Expected option `redactPaths` to hold pino redaction paths: Invalid redaction path (a..b)',
    ],
  ])('throws a TypeError for %s', (_case, options, message) => {
    expect(() => logReporter(options as never)).toThrow(TypeError);
    expect(() => logReporter(options as never)).toThrow(message);
  });

  it('takes every option of the default logger together', () => {
    const out = captureRecords();
    const waiter = new EventEmitter();
    const reporter = logReporter({
      level: 'warn',
      stream: out.stream,
      redact: ['hunter2'],
      redactPaths: ['failureReason'],
    });
    reporter.attach(waiter);

    waiter.emit('wait:start', { jobId: 'j', timeoutMs: 1 });
    waiter.emit('settled', { jobId: 'j', outcome: 'failed', state: 'hunter2', reason: 'r' });

    expect(out.records()).toEqual([
      expect.objectContaining({
        msg: 'wait failed',
        state: '[redacted]',
        failureReason: '[redacted]',
      }),
    ]);
  });
});
