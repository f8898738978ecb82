import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from '@jest/globals';
import { build } from 'esbuild';

import { newSecret, startReceiver, type Receiver } from './receiver.js';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const CORE_DIR = fileURLToPath(new URL('../../../core/src', import.meta.url));

/**
 * A program that waits for a scripted job with a webhook reporter attached (with the options
 * in `HOOK_OPTIONS` besides), prints the reporter's events as JSON lines, and ends without
 * calling `close()`. Its last line says how long after the wait the process exited.
 */
const PROGRAM = `
import { Waiter, constantBackoff, stateSets } from '@jobwait/core';
import { scriptedSource } from '@jobwait/core/testing';
import { webhookReporter } from './src/webhook/webhook-reporter.ts';

const { HOOK_URL: url, HOOK_SECRET: secret, HOOK_OPTIONS: options = '{}' } = process.env;
const reporter = webhookReporter({
  url,
  secret,
  minDelayMs: 20,
  maxDelayMs: 20,
  ...JSON.parse(options),
});
for (const name of ['delivery:succeeded', 'delivery:retry', 'delivery:failed']) {
  reporter.on(name, ({ seq, attempts, attempt, reason }) =>
    console.log(JSON.stringify({ name, seq, attempts: attempts ?? attempt, reason })),
  );
}

const waiter = new Waiter({ minDelayMs: 1, backoff: constantBackoff({ delayMs: 0 }) });
const classify = stateSets({ state: 'status', pending: ['RUNNING'], success: ['SUCCESS'] });
const script = [{ value: { status: 'RUNNING' } }, { value: { status: 'SUCCESS' } }];
reporter.attach(waiter);

const { state } = await waiter.wait(scriptedSource({ classify, script }));
console.log(JSON.stringify({ name: 'wait', state }));
const waitedMs = Date.now();
process.on('exit', () =>
  console.log(JSON.stringify({ name: 'exit', afterWaitMs: Date.now() - waitedMs })),
);
`;

/** Bundles {@link PROGRAM} from the sources and runs it in a new Node.js process. */
async function runProgram(env: Record<string, string>) {
  const bundle = await build({
    stdin: { contents: PROGRAM, resolveDir: PACKAGE_DIR, loader: 'ts', sourcefile: 'wait.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['got', 'standardwebhooks', 'cloudevents'],
    alias: {
      '@jobwait/core/testing': `${CORE_DIR}/testing/index.ts`,
      '@jobwait/core': `${CORE_DIR}/index.ts`,
    },
    write: false,
    logLevel: 'silent',
  });
  const child = spawn(process.execPath, ['--input-type=module'], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stdin.end(bundle.outputFiles[0]?.text);

  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const lines = stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

  return { code, lines };
}

let hooks: Receiver | undefined;

afterEach(async () => {
  await hooks?.close();
});

describe('webhookReporter at the end of a process', () => {
  it('delivers the last message when the program ends its wait without close()', async () => {
    const secret = newSecret();
    let refused = false;
    hooks = await startReceiver({
      secret,
      // The outcome's first attempt fails, so the program runs out of work during its backoff.
      answer: ({ payload }) => {
        if (payload['type'] !== 'io.jobwait.job.succeeded' || refused) return { status: 204 };
        refused = true;
        return { status: 503 };
      },
    });

    const { code, lines } = await runProgram({ HOOK_URL: hooks.url, HOOK_SECRET: secret });

    expect(code).toBe(0);
    expect(hooks.requests.map((r) => [r.payload['type'], r.status, r.verified])).toEqual([
      ['io.jobwait.job.state-changed', 204, true],
      ['io.jobwait.job.state-changed', 204, true],
      ['io.jobwait.job.succeeded', 503, true],
      ['io.jobwait.job.succeeded', 204, true],
    ]);
    const settledSeq = hooks.requests[3]?.seq;
    expect(lines).toContainEqual({ name: 'wait', state: 'SUCCESS' });
    expect(lines.slice(-3, -1)).toEqual([
      { name: 'delivery:retry', seq: settledSeq, attempts: 1 },
      { name: 'delivery:succeeded', seq: settledSeq, attempts: 2 },
    ]);
  });

  it('ends the process by the exit deadline while a receiver never answers', async () => {
    const secret = newSecret();
    hooks = await startReceiver({ secret, answer: () => ({ hold: true }) });

    const { code, lines } = await runProgram({
      HOOK_URL: hooks.url,
      HOOK_SECRET: secret,
      // Each attempt alone would outlast the test; the exit deadline must end them.
      HOOK_OPTIONS: JSON.stringify({ timeoutMs: 60_000, exitDeadlineMs: 300 }),
    });

    expect(code).toBe(0);
    expect(hooks.requests).toHaveLength(1);
    expect(lines.filter((line) => line['name'] === 'delivery:failed')).toEqual([
      { name: 'delivery:failed', seq: hooks.requests[0]?.seq, attempts: 1, reason: 'deadline' },
      { name: 'delivery:failed', seq: expect.any(Number), attempts: 0, reason: 'deadline' },
      { name: 'delivery:failed', seq: expect.any(Number), attempts: 0, reason: 'deadline' },
    ]);
    const exit = lines.at(-1) ?? {};
    expect(exit['name']).toBe('exit');
    // The deadline, and a margin for a loaded machine; an attempt alone would take a minute.
    expect(exit['afterWaitMs']).toBeGreaterThanOrEqual(250);
    expect(exit['afterWaitMs']).toBeLessThan(3_000);
  });
});
