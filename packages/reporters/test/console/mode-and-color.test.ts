import { EventEmitter } from 'node:events';

import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { shouldUseColor } from '../../src/console/ansi.js';
import {
  consoleReporter,
  type ConsoleReporterOptions,
} from '../../src/console/console-reporter.js';
import { isLiveMode } from '../../src/console/output-mode.js';
import { captureStream } from '../helpers.js';
import { FakeTerminal } from './fake-terminal.js';

// eslint-disable-next-line no-control-regex -- looking for colour codes is the point
const COLOR = /\u001b\[\d+m/;
// eslint-disable-next-line no-control-regex -- looking for cursor moves and erasures
const CURSOR = /\u001b\[(\d*[ABGK]|\?25[lh])/;

const TTY = { isTTY: true };
const PIPE = { isTTY: false };

describe('isLiveMode', () => {
  it.each([
    ['auto', TTY, {}, true],
    ['auto', PIPE, {}, false],
    ['auto', TTY, { CI: 'true' }, false],
    ['auto', TTY, { CI: '1' }, false],
    ['auto', TTY, { CI: '' }, true],
    ['auto', TTY, { CI: 'false' }, true],
    ['auto', TTY, { CI: '0' }, true],
    ['auto', TTY, { TERM: 'dumb' }, false],
    ['live', PIPE, { CI: 'true' }, true],
    ['plain', TTY, {}, false],
  ] as const)('is %s on %j with %j: %p', (mode, stream, env, live) => {
    expect(isLiveMode({ mode, stream, env })).toBe(live);
  });
});

describe('shouldUseColor', () => {
  it.each([
    [undefined, TTY, {}, true],
    [undefined, PIPE, {}, false],
    [undefined, TTY, { NO_COLOR: '1' }, false],
    [undefined, TTY, { NO_COLOR: '' }, true],
    [undefined, TTY, { FORCE_COLOR: '0' }, false],
    [undefined, TTY, { FORCE_COLOR: 'false' }, false],
    [undefined, PIPE, { FORCE_COLOR: '' }, true],
    [undefined, PIPE, { FORCE_COLOR: '1' }, true],
    [undefined, PIPE, { FORCE_COLOR: '2' }, true],
    [undefined, PIPE, { FORCE_COLOR: '3' }, true],
    [undefined, PIPE, { FORCE_COLOR: 'true' }, true],
    [undefined, PIPE, { FORCE_COLOR: 'yes' }, false],
    [undefined, TTY, { FORCE_COLOR: 'yes' }, true],
    [undefined, TTY, { NO_COLOR: '1', FORCE_COLOR: '1' }, true],
    [undefined, TTY, { TERM: 'dumb' }, false],
    [undefined, TTY, { TERM: 'dumb', FORCE_COLOR: '1' }, true],
    [false, TTY, { FORCE_COLOR: '1' }, false],
    [true, PIPE, { NO_COLOR: '1', FORCE_COLOR: '0' }, true],
  ] as const)('with color %p on %j and %j: %p', (color, stream, env, expected) => {
    expect(shouldUseColor({ color, stream, env })).toBe(expected);
  });

  it('asks a TTY stream that can tell if it has colours, without NO_COLOR or FORCE_COLOR', () => {
    const asked: unknown[] = [];
    const stream = {
      isTTY: true,
      write: () => true,
      hasColors: (env: unknown) => {
        asked.push(env);
        return false;
      },
    };

    expect(shouldUseColor({ color: undefined, stream, env: { NO_COLOR: '', TERM: 'xterm' } })).toBe(
      false,
    );
    expect(asked).toEqual([{ TERM: 'xterm' }]);
  });

  it('uses no colour when the stream throws as it is asked whether it has colours', () => {
    const stream = {
      isTTY: true,
      write: () => true,
      hasColors: () => {
        throw new Error('not a terminal');
      },
    };

    expect(shouldUseColor({ color: undefined, stream, env: {} })).toBe(false);
  });
});

describe('consoleReporter mode and colour', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  function report(options: ConsoleReporterOptions & { stream: { write(chunk: string): unknown } }) {
    const waiter = new EventEmitter();
    const detach = consoleReporter(options).attach(waiter);
    const base = { jobId: 'job-1', kind: 'k', seq: 1, time: '', attempt: 1 };

    waiter.emit('wait:start', { ...base, elapsedMs: 0, timeoutMs: 60_000, deadline: '' });
    waiter.emit('poll:end', {
      ...base,
      elapsedMs: 900,
      durationMs: 9,
      verdict: 'pending',
      state: 'A',
    });
    jest.advanceTimersByTime(80);
    waiter.emit('settled', { ...base, elapsedMs: 1_000, outcome: 'succeeded', state: 'B' });
    detach();
  }

  it('writes plain lines without control codes on a TTY when CI is set and NO_COLOR too', () => {
    const terminal = new FakeTerminal();

    report({ stream: terminal, env: { CI: 'true', NO_COLOR: '1' } });

    expect(terminal.writes.join('')).toBe(
      'job-1  waiting for k job, timeout 1m\n' +
        'job-1  A at 0.9s\n' +
        'job-1  succeeded after 1.0s (B, 1 poll)\n',
    );
  });

  it('draws live in colour on a TTY when nothing in the environment says otherwise', () => {
    const terminal = new FakeTerminal();

    report({ stream: terminal, env: {} });

    expect(terminal.writes.join('')).toMatch(CURSOR);
    expect(terminal.writes.join('')).toMatch(COLOR);
    expect(terminal.lines()).toEqual(['✔ job-1  succeeded after 1.0s (B, 1 poll)']);
  });

  it('draws live without colour on a TTY when NO_COLOR or FORCE_COLOR=0 is set', () => {
    for (const env of [{ NO_COLOR: '1' }, { FORCE_COLOR: '0' }]) {
      const terminal = new FakeTerminal();

      report({ stream: terminal, env });

      expect(terminal.writes.join('')).toMatch(CURSOR);
      expect(terminal.writes.join('')).not.toMatch(COLOR);
    }
  });

  it('writes coloured plain lines to a pipe when FORCE_COLOR is set', () => {
    const out = captureStream();

    report({ stream: out.stream, env: { FORCE_COLOR: '1' } });

    expect(out.text()).toMatch(COLOR);
    expect(out.text()).not.toMatch(CURSOR);
  });

  it('draws live on a pipe in live mode, and plain lines on a TTY in plain mode', () => {
    const out = captureStream();
    const terminal = new FakeTerminal();

    report({ stream: out.stream, env: {}, mode: 'live' });
    report({ stream: terminal, env: { NO_COLOR: '1' }, mode: 'plain' });

    expect(out.text()).toMatch(CURSOR);
    expect(out.text()).not.toMatch(COLOR);
    expect(terminal.writes.join('')).not.toMatch(CURSOR);
    expect(terminal.lines()).toEqual([
      'job-1  waiting for k job, timeout 1m',
      'job-1  A at 0.9s',
      'job-1  succeeded after 1.0s (B, 1 poll)',
    ]);
  });

  it.each([
    [{ mode: 'fancy' }, `Expected option \`mode\` to be 'auto', 'live' or 'plain', got "fancy"`],
    [{ mode: true }, `Expected option \`mode\` to be 'auto', 'live' or 'plain', got true`],
  ])('throws a TypeError naming the option when given %j', (options, message) => {
    expect(() => consoleReporter(options as never)).toThrow(new TypeError(message));
  });
});
