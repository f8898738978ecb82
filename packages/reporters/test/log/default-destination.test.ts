import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from '@jest/globals';
import { build } from 'esbuild';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const CORE_ENTRY = fileURLToPath(new URL('../../../core/src/index.ts', import.meta.url));

/** A program that attaches a default log reporter to an emitter and emits three events. */
const PROGRAM = `
import { EventEmitter } from 'node:events';
import { logReporter } from './src/log/log-reporter.ts';

const waiter = new EventEmitter();
const envelope = { jobId: 'job-1', kind: 'child', attempt: 1, seq: 1, elapsedMs: 0, time: 'T' };
logReporter({ redact: ['hunter2'] }).attach(waiter);

waiter.emit('wait:start', { ...envelope, timeoutMs: 1000 });
waiter.emit('poll:start', { ...envelope, seq: 2 });
waiter.emit('settled', { ...envelope, seq: 3, outcome: 'failed', reason: 'bad hunter2' });
process.stdout.write('stdout is the program\\'s own\\n');
`;

/**
 * Bundles {@link PROGRAM} with the reporter's sources (pino stays an import) and runs it in a
 * new Node.js process, so that what reaches its file descriptors can be seen.
 */
async function runProgram(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bundle = await build({
    stdin: { contents: PROGRAM, resolveDir: PACKAGE_DIR, loader: 'ts', sourcefile: 'child.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['pino'],
    alias: { '@jobwait/core': CORE_ENTRY },
    write: false,
    logLevel: 'silent',
  });
  const child = spawn(process.execPath, ['--input-type=module'], { cwd: PACKAGE_DIR });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(bundle.outputFiles[0]!.text);

  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

  return { code, stdout, stderr };
}

describe('logReporter default logger', () => {
  it('writes NDJSON records at info and above to stderr, and nothing to stdout', async () => {
    const { code, stdout, stderr } = await runProgram();

    expect(code).toBe(0);
    expect(stdout).toBe("stdout is the program's own\n");
    expect(stderr.endsWith('\n')).toBe(true);
    const records = stderr
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toEqual([
      expect.objectContaining({ level: 30, name: 'jobwait', msg: 'wait started', jobId: 'job-1' }),
      expect.objectContaining({
        level: 50,
        name: 'jobwait',
        msg: 'wait failed',
        failureReason: 'bad [redacted]',
      }),
    ]);
    expect(records[0]).toMatchObject({ time: expect.any(Number), pid: expect.any(Number) });
  });
});
