import { Writable } from 'node:stream';

import { expect } from '@jest/globals';

import type { Clock } from '@jobwait/core';
import { startSimulator, type Simulator, type TimelineStep } from '@jobwait/elb-classic/testing';

import { main } from '../src/main.js';

/** The token the simulators of these tests demand. */
export const TOKEN = 'test-token-5f2a9c71e0b4';

/** Flags that make a wait poll every 20-50 ms, so a test takes a fraction of a second. */
export const FAST = ['--initial-delay', '0', '--min-delay', '20ms', '--max-delay', '50ms'];

/**
 * Chooses the console reporter, whose plain lines the tests read: by default, a stderr that is
 * no TTY gets the log reporter.
 */
export const CONSOLE = ['--reporter', 'console'];

/** A Writable that keeps what was written, optionally posing as a TTY. */
export function capture({ isTTY = false }: { isTTY?: boolean } = {}) {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      callback();
    },
  });
  if (isTTY) Object.defineProperty(stream, 'isTTY', { value: true });

  return { stream, text: () => text, lines: () => text.split('\n').filter((l) => l !== '') };
}

/**
 * A failure reason a hostile server might send: it would set the terminal's title, clear the
 * screen and forge a `jobwait:` line, if written raw.
 */
export const HOSTILE = 'x\n\u001b]0;pwned\u0007\u001b[2Jjobwait: fake line\u009b31m';

/** {@link HOSTILE} as the command must show it: every control character escaped. */
export const HOSTILE_SHOWN = 'x\\n\\u001b]0;pwned\\u0007\\u001b[2Jjobwait: fake line\\u009b31m';

/** Any character a terminal acts on, but the newline that ends each line. */
// eslint-disable-next-line no-control-regex -- the tests look for control characters
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;

/** A colour or other text attribute (an SGR sequence); a cursor move is none. */
// eslint-disable-next-line no-control-regex -- the tests look for an escape sequence
export const COLOUR = /\u001b\[[\d;]*m/;

/** Timelines of the jobs the tests wait for, in real milliseconds. */
export const TIMELINES = {
  success: [
    { status: 'INIT', forMs: 100 },
    {
      status: 'RUNNING',
      forMs: 150,
      subJobs: [
        { jobType: 'createPort', status: 'RUNNING' },
        { jobType: 'createVIP', status: 'INIT' },
      ],
    },
    {
      status: 'RUNNING',
      forMs: 150,
      subJobs: [
        { jobType: 'createPort', status: 'SUCCESS' },
        { jobType: 'createVIP', status: 'RUNNING' },
      ],
    },
    { status: 'SUCCESS' },
  ],
  failure: [
    { status: 'RUNNING', forMs: 150 },
    {
      status: 'FAIL',
      errorCode: 'ELB.1009',
      failReason: 'Insufficient quota',
      subJobs: [{ jobType: 'createPort', status: 'FAIL', errorCode: 'ELB.2001' }],
    },
  ],
  forever: [{ status: 'RUNNING' }],
  hostile: [
    {
      status: 'FAIL',
      errorCode: 'ELB\u001b[2J',
      failReason: HOSTILE,
      subJobs: [{ jobType: 'create\u001b[31mPort', status: 'FAIL', errorCode: 'ELB.2001' }],
    },
  ],
  unknown: [{ status: 'WEIRD\u001b[2J\r' }],
} satisfies Record<string, TimelineStep[]>;

/** Access key pairs the simulators of these tests accept, besides {@link TOKEN}. */
export const KEY_PAIRS = {
  sdk: { ak: 'SDKAK0123456789ABCDE', sk: 'sdk-sk-6b1e0c93f47a2d58' },
  hw: { ak: 'HWAK0123456789ABCDEF', sk: 'hw-sk-1f7d3a0b92c4e865' },
  os: { ak: 'OSAK0123456789ABCDEF', sk: 'os-sk-8c2b5e17d0a9f346' },
} as const;

/**
 * A simulator on 127.0.0.1 that demands `token` (default {@link TOKEN}) or a signature by one
 * of {@link KEY_PAIRS}.
 */
export async function startTestSimulator({ token = TOKEN } = {}): Promise<Simulator> {
  // Timelines advance by request, not by wall time: every request moves the simulator's
  // clock 50 ms on, and every phase lasts at least 100 ms, so each phase is seen by a poll
  // whatever the machine's load. The clock starts at the real time, since a signature's
  // X-Sdk-Date must be within 15 minutes of it.
  const served: { sim?: Simulator } = {};
  const started = Date.now();
  const clock = { now: () => started + (served.sim?.requests.length ?? 0) * STEP_MS };
  const aksk = Object.values(KEY_PAIRS);
  served.sim = await startSimulator({ host: '127.0.0.1', port: 0, token, aksk, clock });

  return served.sim;
}

const STEP_MS = 50;

/** Adds a job whose timeline starts now, and returns its id. */
export function addJob(sim: Simulator, timeline: keyof typeof TIMELINES): string {
  return sim.addJob({ jobType: 'createELB', timeline: TIMELINES[timeline] }).job_id;
}

/** The arguments of `jobwait elb-classic wait <jobId>` against `sim`, fast. */
export function waitArgs(sim: Simulator, jobId: string, ...extra: string[]): string[] {
  return [
    'elb-classic',
    'wait',
    jobId,
    '--project-id',
    sim.projectId,
    '--endpoint',
    sim.url,
    ...FAST,
    ...extra,
  ];
}

/**
 * The values of `env` that are secrets by their variable's name (a token, a secret key, a
 * password), found without the command's own list, so that a variable the list missed shows.
 */
export function secretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env)
    .filter(([name]) => /TOKEN|SECRET|_SK$|PASSWORD/.test(name))
    .map(([, value]) => value ?? '')
    .filter((value) => value !== '');
}

/** The secrets of `secrets` that `text` shows. */
export function shownSecrets(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

/** How {@link runMain} runs `main()`. */
export interface RunOptions {
  /** Default: {@link TOKEN} in `JOBWAIT_AUTH_TOKEN`. */
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly isTTY?: boolean;
  /** Secrets that are in no variable of `env`, such as a token IAM issues. */
  readonly secrets?: readonly string[];
  /** The clock of the webhook reporter; default the process clock. */
  readonly webhookClock?: Clock;
}

/**
 * Runs `main()` in-process with `argv`, and checks that nothing it wrote shows {@link TOKEN},
 * a secret of `env` or one of `secrets`.
 */
export async function runMain(
  argv: string[],
  {
    env = { JOBWAIT_AUTH_TOKEN: TOKEN },
    signal,
    isTTY = false,
    secrets = [],
    webhookClock,
  }: RunOptions = {},
) {
  const stdout = capture({ isTTY });
  const stderr = capture({ isTTY });
  const code = await main({
    argv,
    env,
    stdout: stdout.stream,
    stderr: stderr.stream,
    signal,
    version: '0.0.0-test',
    ...(webhookClock === undefined ? {} : { webhookClock }),
  });
  const written = stdout.text() + stderr.text();

  expect(shownSecrets(written, [TOKEN, ...secretValues(env), ...secrets])).toEqual([]);

  return { code, stdout: stdout.text(), stderr: stderr.lines() };
}
