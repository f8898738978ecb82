import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

import { JOB_MODELS, type Simulator } from '@jobwait/elb-classic/testing';

import {
  CONSOLE,
  FAST,
  HOSTILE_SHOWN,
  KEY_PAIRS,
  RAW_CONTROL,
  TOKEN,
  addJob,
  secretValues,
  shownSecrets,
  startTestSimulator,
  waitArgs,
} from './helpers.js';

// These tests run the built command, as a user would; `npm test` builds it first.
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

let sim: Simulator;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx tsc -b\` first`);
  sim = await startTestSimulator();
});

afterEach(() => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
});

afterAll(async () => {
  await sim.close();
});

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `node dist/bin.js …args` with only PATH and the token in its environment. */
function jobwait(args: string[], env: Record<string, string> = { JOBWAIT_AUTH_TOKEN: TOKEN }) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const finished = new Promise<Finished>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });

  return { child, finished, stderrSoFar: () => stderr };
}

/** Runs the command to its end, checking that it wrote no secret of `env`. */
async function run(args: string[], env?: Record<string, string>): Promise<Finished> {
  const result = await jobwait(args, env).finished;
  const secrets = [TOKEN, ...secretValues(env ?? {})];

  expect(shownSecrets(result.stdout + result.stderr, secrets)).toEqual([]);

  return result;
}

describe('jobwait (child process)', () => {
  it('exits 0 and prints the created load balancer as JSON when the job succeeds', async () => {
    const id = addJob(sim, 'success');
    const { code, stdout, stderr } = await run(waitArgs(sim, id, ...CONSOLE));

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'SUCCESS',
      job_id: id,
      entities: { elb: { id: JOB_MODELS['create-elb-success'].entities.elb.id } },
    });
    expect(stderr).toMatch(new RegExp(`^${id} {2}waiting for elb-classic job, timeout 10m\n`));
    expect(stderr).toMatch(
      new RegExp(`\n${id} {2}succeeded after \\d+\\.\\ds \\(SUCCESS, \\d+ polls?\\)\n$`),
    );
    expect(stderr).not.toContain('\u001b[');
  });

  it('writes one NDJSON log record per event on stderr when stderr is a pipe', async () => {
    const id = addJob(sim, 'success');
    const { code, stdout, stderr } = await run(waitArgs(sim, id));
    const records = stderr
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'SUCCESS', job_id: id });
    expect(records.map((record) => [record['event'], record['state']])).toEqual([
      ['wait:start', undefined],
      ['state:change', 'INIT'],
      ['state:change', 'RUNNING'],
      ['state:change', 'SUCCESS'],
      ['settled', 'SUCCESS'],
    ]);
    expect(records.every((record) => record['name'] === 'jobwait' && record['jobId'] === id)).toBe(
      true,
    );
    expect(records.at(-1)).toMatchObject({
      level: 30,
      outcome: 'succeeded',
      msg: 'wait succeeded',
    });
  });

  it('exits 1 and tells the provider code and reason once when the job fails', async () => {
    const id = addJob(sim, 'failure');
    const { code, stdout, stderr } = await run(waitArgs(sim, id, ...CONSOLE));

    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'FAIL',
      error_code: 'ELB.1009',
      fail_reason: 'Insufficient quota',
    });
    expect(stderr).toMatch(
      new RegExp(
        `\n${id} {2}failed after \\d+\\.\\ds: ELB\\.1009: Insufficient quota; failed sub-jobs: `,
      ),
    );
    expect(stderr.split('Insufficient quota')).toHaveLength(2);
    expect(stderr).not.toContain('jobwait:');
  });

  it('writes no control character a server sent when the job failure holds some', async () => {
    const id = addJob(sim, 'hostile');
    const { code, stdout, stderr } = await run(waitArgs(sim, id, '-o', 'text', ...CONSOLE));

    expect(code).toBe(1);
    expect(stdout + stderr).not.toMatch(RAW_CONTROL);
    expect(stdout + stderr).not.toMatch(/^jobwait: fake line/m);
    expect(stdout).toContain(`failed: ELB\\u001b[2J: ${HOSTILE_SHOWN}; failed sub-jobs: `);
    expect(stderr).toContain(`failed after `);
    expect(stderr).toContain(
      `: ELB\\u001b[2J: ${HOSTILE_SHOWN}; failed sub-jobs: create\\u001b[31mPort `,
    );
  });

  it('exits 3 and names the timeout when the job outlasts --timeout', async () => {
    const id = addJob(sim, 'forever');
    const { code, stdout, stderr } = await run(waitArgs(sim, id, '--timeout', '400ms'));

    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(
        `\njobwait: timed out after 0\\.4s waiting for job ${id} ` +
          '\\(last status RUNNING\\) \\[ERR_WAIT_TIMEOUT\\]\n$',
      ),
    );
  });

  it('still exits 3 on a timeout when the reader of stderr has gone', async () => {
    const id = addJob(sim, 'forever');
    const { child, finished } = jobwait(waitArgs(sim, id, '--timeout', '400ms'));
    // The reader leaves at once: every later write to stderr meets a closed pipe (EPIPE).
    child.stderr?.destroy();

    const { code, stdout } = await finished;

    expect(code).toBe(3);
    expect(stdout).toBe('');
  });

  it('exits 2 with one line and sends nothing when a flag is missing', async () => {
    const before = sim.requests.length;
    const { code, stdout, stderr } = await run([
      'elb-classic',
      'wait',
      'job-1',
      '--endpoint',
      sim.url,
    ]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'jobwait: Missing --project-id; give it, or set one of HUAWEICLOUD_SDK_PROJECT_ID, ' +
        'HW_PROJECT_ID, OS_PROJECT_ID, OS_TENANT_ID\n',
    );
    expect(sim.requests.length).toBe(before);
  });

  it('redacts the token when it is passed as an argument by mistake', async () => {
    const { code, stdout, stderr } = await run([...waitArgs(sim, 'job-1'), TOKEN]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('jobwait: Unexpected argument `[redacted]` after <job-id>\n');
  });

  it('refuses a --token flag after -- without echoing its value', async () => {
    const { code, stderr } = await run([...waitArgs(sim, 'job-1'), '--', '--token=SECRET-42']);

    expect(code).toBe(2);
    expect(stderr).toBe(
      'jobwait: The token is never given as a flag (--token); ' +
        'set JOBWAIT_AUTH_TOKEN (or HW_AUTH_TOKEN, OS_AUTH_TOKEN) instead\n',
    );
  });

  it.each([
    [['elb-classic', '--help']],
    [['--help', 'elb-classic']],
    [['elb-classic', 'wait', 'X', '--bogus', '--help']],
  ])('exits 0 with the help of elb-classic wait when given %j', async (args) => {
    const { code, stdout, stderr } = await run(args);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: jobwait elb-classic wait <job-id> \[--project-id ID\]\n/);
  });

  it('exits 130 without a stack trace when SIGINT arrives mid-wait', async () => {
    const id = addJob(sim, 'forever');
    const { child, finished, stderrSoFar } = jobwait(waitArgs(sim, id, ...CONSOLE));

    await until(() => stderrSoFar().includes('RUNNING at'));
    child.kill('SIGINT');
    const { code, stdout, stderr } = await finished;

    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(`\n${id} {2}aborted after \\d+\\.\\ds \\(RUNNING, \\d+ polls?\\)\n`),
    );
    expect(stderr).toMatch(
      new RegExp(
        `\njobwait: interrupted by SIGINT: stopped waiting for job ${id}; ` +
          'the job itself goes on \\[ERR_WAIT_ABORTED\\]\n$',
      ),
    );
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr + stdout).not.toContain(TOKEN);
  });
});

describe('jobwait credentials (child process)', () => {
  it('signs with the access keys, project and region of the environment', async () => {
    const id = addJob(sim, 'success');
    const env = {
      HUAWEICLOUD_SDK_AK: KEY_PAIRS.sdk.ak,
      HUAWEICLOUD_SDK_SK: KEY_PAIRS.sdk.sk,
      HUAWEICLOUD_SDK_PROJECT_ID: sim.projectId,
      OS_REGION_NAME: 'eu-de',
    };
    const args = ['elb-classic', 'wait', id, '--endpoint', sim.url, ...FAST, '-q'];
    const { code, stdout, stderr } = await run([...args, '--signing', 'credential'], env);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchObject({ status: 'SUCCESS', job_id: id });
  });

  /** Every secret variable set, each pair whole, so that the token is what is used. */
  const EVERY_SECRET = {
    HW_AUTH_TOKEN: 'hw-auth-token-0d93a1c5',
    OS_AUTH_TOKEN: 'os-auth-token-7b2e48f0',
    HUAWEICLOUD_SDK_AK: KEY_PAIRS.sdk.ak,
    HUAWEICLOUD_SDK_SK: KEY_PAIRS.sdk.sk,
    HUAWEICLOUD_SDK_SECURITY_TOKEN: 'sdk-security-token-5c1f',
    HW_ACCESS_KEY: KEY_PAIRS.hw.ak,
    HW_SECRET_KEY: KEY_PAIRS.hw.sk,
    HW_SECURITY_TOKEN: 'hw-security-token-92ad',
    OS_ACCESS_KEY: KEY_PAIRS.os.ak,
    OS_SECRET_KEY: KEY_PAIRS.os.sk,
    OS_SECURITY_TOKEN: 'os-security-token-3e07',
    HW_USER_NAME: 'hw-deployer',
    HW_USER_PASSWORD: 'hw-user-password-b8c2',
    OS_USERNAME: 'os-deployer',
    OS_PASSWORD: 'os-password-61d4e0',
    OS_DOMAIN_NAME: 'acme-account',
  };

  it('shows no secret of the environment when the token is refused', async () => {
    const env = { ...EVERY_SECRET, JOBWAIT_AUTH_TOKEN: 'wrong-jobwait-token-4f1a' };
    const { code, stdout, stderr } = await run(waitArgs(sim, addJob(sim, 'success'), '-v'), env);

    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(stderr).toContain('answered HTTP 401 (APIGW.0307: ');
    expect(secretValues(env)).toHaveLength(11);
  });

  it('shows no secret of the environment when the server echoes every one', async () => {
    const echo = `echo ${Object.values(EVERY_SECRET).join(' ')}`;
    const timeline = [{ status: 'FAIL', errorCode: 'ELB.1009', failReason: echo }];
    const id = sim.addJob({ jobType: 'createELB', timeline }).job_id;
    sim.setFault({ type: 'status', statusCode: 503, errorMessage: echo }, { jobId: id, times: 1 });
    const env = { ...EVERY_SECRET, JOBWAIT_AUTH_TOKEN: TOKEN };
    const { code, stdout, stderr } = await run(waitArgs(sim, id, '-v'), env);
    const shown = JSON.parse(stdout) as { fail_reason: string };

    expect(code).toBe(1);
    expect(shown.fail_reason.split('[redacted]')).toHaveLength(11);
    expect(shown.fail_reason).toContain(KEY_PAIRS.sdk.ak);
    expect(stderr).toMatch(/HTTP 503 \(.*\[redacted\]/);
  });
});

/** Resolves once `condition` holds, checking every 10 ms, or rejects after 5 s. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;

  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
