import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { helpText } from '../../src/help.js';
import { main } from '../../src/main.js';

/** The example scenario that @jobwait/elb-classic ships. */
const EXAMPLE = fileURLToPath(
  new URL('../../../elb-classic/scenarios/example.json', import.meta.url),
);
const EXAMPLE_TOKEN = 'example-token-5d1f7c3a9b';
const EXAMPLE_JOBS = [
  'ff8080827a1b2c3d017a1b2c3d4e0101',
  'ff8080827a1b2c3d017a1b2c3d4e0102',
  'ff8080827a1b2c3d017a1b2c3d4e0103',
];

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'jobwait-simulate-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A stream that keeps what was written and resolves `firstLine` with its first line. */
function lineCapture() {
  let text = '';
  let resolveLine: (line: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => (resolveLine = resolve));
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      if (text.includes('\n')) resolveLine(text.slice(0, text.indexOf('\n')));
      callback();
    },
  });

  return { stream, firstLine, text: () => text };
}

/** Starts `jobwait …argv` in this process; `stop` aborts it with `reason`. */
function start(argv: string[]) {
  const stdout = lineCapture();
  const stderr = lineCapture();
  const controller = new AbortController();
  const code = main({
    argv,
    env: {},
    stdout: stdout.stream,
    stderr: stderr.stream,
    signal: controller.signal,
    version: '0.0.0-test',
  });

  return {
    code,
    stdout,
    stderr,
    stop: async (reason: unknown) => {
      controller.abort(reason);

      return code;
    },
  };
}

interface Announcement {
  url: string;
  projectId: string;
  jobIds: string[];
}

describe('jobwait simulate', () => {
  it('prints one JSON line, serves the scenario, and exits 130 on SIGINT', async () => {
    const run = start(['simulate', '--scenario', EXAMPLE, '--port', '0']);
    const line = JSON.parse(await run.stdout.firstLine) as Announcement;
    const jobUrl = `${line.url}/v1.0/${line.projectId}/jobs/${EXAMPLE_JOBS[0]}`;

    const answer = await fetch(jobUrl, { headers: { 'x-auth-token': EXAMPLE_TOKEN } });
    const job = (await answer.json()) as { status: string; job_id: string };
    const code = await run.stop('SIGINT');

    expect(line).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      projectId: '3f0c9a1e6b7d4c2a9e8f1a2b3c4d5e6f',
      jobIds: EXAMPLE_JOBS,
    });
    expect(run.stdout.text()).toBe(`${JSON.stringify(line)}\n`);
    expect(job).toMatchObject({ status: 'INIT', job_id: EXAMPLE_JOBS[0] });
    expect(code).toBe(130);
    expect(run.stderr.text().split('\n')).toEqual([
      `elb-classic simulator at ${line.url} (project ${line.projectId}, 3 jobs); ` +
        'stop it with Ctrl-C or SIGTERM',
      'elb-classic simulator stopped by SIGINT after 1 request',
      '',
    ]);
    expect(run.stdout.text() + run.stderr.text()).not.toContain(EXAMPLE_TOKEN);
    await expect(fetch(jobUrl)).rejects.toThrow();
  });

  it.each([
    ['SIGTERM', 143],
    [new Error('stopped by its embedder'), 0],
  ])('exits with the code of %p when stopped by it', async (reason, exitCode) => {
    const run = start(['simulate', '--scenario', EXAMPLE, '--port', '0']);
    await run.stdout.firstLine;

    expect(await run.stop(reason)).toBe(exitCode);
    expect(run.stderr.text()).toMatch(/\nelb-classic simulator stopped( by SIGTERM)? after 0 /);
  });

  it('listens on the host given', async () => {
    const run = start(['simulate', '--scenario', EXAMPLE, '--port', '0', '--host', '127.0.0.3']);
    const line = JSON.parse(await run.stdout.firstLine) as Announcement;

    expect(line.url).toMatch(/^http:\/\/127\.0\.0\.3:\d+$/);
    expect(await run.stop('SIGINT')).toBe(130);
  });

  it('does not listen when the signal has aborted already', async () => {
    const controller = new AbortController();
    controller.abort('SIGTERM');
    const stdout = lineCapture();

    const code = await main({
      argv: ['simulate', '--scenario', EXAMPLE, '--port', '0'],
      env: {},
      stdout: stdout.stream,
      stderr: lineCapture().stream,
      signal: controller.signal,
      version: '0',
    });

    expect(code).toBe(143);
    expect(stdout.text()).toBe('');
  });

  it('exits 4 with one line when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;

    try {
      const run = start(['simulate', '--scenario', EXAMPLE, '--port', String(port)]);

      expect(await run.code).toBe(4);
      expect(run.stdout.text()).toBe('');
      expect(run.stderr.text()).toBe(`jobwait: Cannot listen on 127.0.0.1:${port} [EADDRINUSE]\n`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('jobwait simulate usage errors', () => {
  async function scenarioFile(name: string, text: string): Promise<string> {
    const path = join(folder, name);
    await writeFile(path, text);

    return path;
  }

  async function usageLine(argv: string[]): Promise<string> {
    const run = start(argv);

    expect(await run.code).toBe(2);
    expect(run.stdout.text()).toBe('');

    return run.stderr.text();
  }

  it('names the file and the reason when the scenario cannot be read', async () => {
    const path = join(folder, 'missing.json');

    expect(await usageLine(['simulate', '--scenario', path, '--port', '0'])).toBe(
      `jobwait: Cannot read the scenario file ${path}: ENOENT\n`,
    );
  });

  it('names the file when the scenario is not JSON', async () => {
    const path = await scenarioFile('broken.json', '{ "jobs": ');

    expect(await usageLine(['simulate', '--scenario', path, '--port', '0'])).toMatch(
      new RegExp(`^jobwait: The scenario file ${path} is not JSON: .+\n$`),
    );
  });

  it('names the file and the field when the scenario is invalid', async () => {
    const jobs = [{}, {}, { timeline: [{ status: 5 }] }];
    const path = await scenarioFile('invalid.json', JSON.stringify({ jobs }));

    expect(await usageLine(['simulate', '--scenario', path, '--port', '0'])).toBe(
      `jobwait: Invalid scenario ${path}: Expected option ` +
        '`scenario.jobs[2].timeline[0].status` to be a non-empty string, got 5\n',
    );
  });

  it('names --host when it is not a loopback address', async () => {
    const argv = ['simulate', '--scenario', EXAMPLE, '--port', '0', '--host', '0.0.0.0'];

    expect(await usageLine(argv)).toBe(
      'jobwait: Expected --host to be a loopback address, got "0.0.0.0"\n',
    );
  });

  it('writes one line for a bad flag', async () => {
    expect(await usageLine(['simulate', '--scenario', EXAMPLE, '--port', 'x'])).toBe(
      'jobwait: Expected --port to be a whole number from 0 to 65535; got `x`\n',
    );
  });
});

describe('jobwait simulate --help', () => {
  it('prints the help of simulate and exits 0', async () => {
    const run = start(['simulate', '--help']);

    expect(await run.code).toBe(0);
    expect(run.stdout.text()).toBe(helpText('simulate'));
    expect(helpText('simulate')).toMatch(/^Usage: jobwait simulate --scenario FILE --port N/);
  });

  it('names simulate in the overview', () => {
    expect(helpText('jobwait')).toMatch(/\n {2}simulate --scenario FILE {4}serve a simulated/);
  });
});
