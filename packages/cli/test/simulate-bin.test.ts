import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';

// These tests run the built command, as a user would; `npm test` builds it first.
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../elb-classic/scenarios/example.json', import.meta.url));
const EXAMPLE_TOKEN = 'example-token-5d1f7c3a9b';

const children = new Set<ChildProcess>();

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx tsc -b\` first`);
});

afterEach(() => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
});

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `node dist/bin.js …args` with only PATH in its environment. */
function jobwait(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  let resolveLine: (line: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => (resolveLine = resolve));
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.includes('\n')) resolveLine(stdout.slice(0, stdout.indexOf('\n')));
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const finished = new Promise<Finished>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });

  return { child, firstLine, finished };
}

interface Announcement {
  url: string;
  projectId: string;
  jobIds: string[];
}

describe('jobwait simulate (child process)', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'prints a JSON line a script can read, serves, and exits %s -> %i',
    async (signal, exitCode) => {
      const { child, firstLine, finished } = jobwait([
        'simulate',
        '--scenario',
        EXAMPLE,
        '--port',
        '0',
      ]);
      const line = JSON.parse(await firstLine) as Announcement;
      const jobUrl = `${line.url}/v1.0/${line.projectId}/jobs/${line.jobIds[1]}`;

      const answer = await fetch(jobUrl, { headers: { 'x-auth-token': EXAMPLE_TOKEN } });
      const job = (await answer.json()) as { status: string };
      child.kill(signal);
      const { code, stdout, stderr } = await finished;

      expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(line.jobIds).toHaveLength(3);
      expect(job.status).toBe('RUNNING');
      expect(code).toBe(exitCode);
      expect(stdout).toBe(`${JSON.stringify(line)}\n`);
      expect(stderr).toMatch(
        new RegExp(`\nelb-classic simulator stopped by ${signal} after 1 request\n$`),
      );
      expect(stdout + stderr).not.toContain(EXAMPLE_TOKEN);
      await expect(fetch(jobUrl)).rejects.toThrow();
    },
  );

  it('exits 2 with one line when a flag is bad', async () => {
    const { finished } = jobwait(['simulate', '--scenario', EXAMPLE, '--port', '70000']);
    const { code, stdout, stderr } = await finished;

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'jobwait: Expected --port to be a whole number from 0 to 65535; got `70000`\n',
    );
  });
});
