import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { JOB_MODELS, type Simulator } from '@jobwait/elb-classic/testing';

import { main } from '../../src/main.js';
import { TOKEN, addJob, capture, startTestSimulator, waitArgs } from '../helpers.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});

afterAll(async () => {
  await sim.close();
});

interface RunOptions {
  env?: Record<string, string>;
  signal?: AbortSignal;
}

async function run(
  argv: string[],
  { env = { JOBWAIT_AUTH_TOKEN: TOKEN }, signal }: RunOptions = {},
) {
  const stdout = capture();
  const stderr = capture();
  const code = await main({
    argv,
    env,
    stdout: stdout.stream,
    stderr: stderr.stream,
    signal,
    version: '0.0.0-test',
  });

  expect(stdout.text() + stderr.text()).not.toContain(TOKEN);

  return { code, stdout: stdout.text(), stderr: stderr.lines() };
}

const ELB = JOB_MODELS['create-elb-success'].entities.elb;

describe('elb-classic wait', () => {
  it('prints the successful job as JSON and progress on stderr, and exits 0', async () => {
    const id = addJob(sim, 'success');
    const { code, stdout, stderr } = await run(waitArgs(sim, id));

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'SUCCESS',
      job_id: id,
      entities: { elb: { id: ELB.id } },
    });
    expect(stderr[0]).toBe(`${id}  waiting for elb-classic job, timeout 10m`);
    expect(stderr).toEqual(
      expect.arrayContaining([
        `${id}  INIT at 0.0s`,
        expect.stringMatching(new RegExp(`^${id} {2}RUNNING at \\d+\\.\\ds \\(sub-jobs 0/2\\)$`)),
        expect.stringMatching(new RegExp(`^${id} {2}RUNNING at \\d+\\.\\ds \\(sub-jobs 1/2\\)$`)),
      ]),
    );
    expect(stderr.at(-1)).toMatch(
      new RegExp(`^${id} {2}succeeded after \\d+\\.\\ds \\(SUCCESS, \\d+ polls\\)$`),
    );
  });

  it('prints a one-line summary of the load balancer with --output text', async () => {
    const id = addJob(sim, 'success');
    const { code, stdout } = await run(waitArgs(sim, id, '--output', 'text', '-q'));

    expect(code).toBe(0);
    expect(stdout).toBe(
      `job ${id} (createELB) succeeded: load balancer ${ELB.id} ` +
        `(name ${ELB.name}, ${ELB.type}, vip ${ELB.vip_address})\n`,
    );
  });

  it('prints nothing on stderr with --quiet when the job succeeds', async () => {
    const { code, stderr } = await run(waitArgs(sim, addJob(sim, 'success'), '--quiet'));

    expect(code).toBe(0);
    expect(stderr).toEqual([]);
  });

  it('reads the token from OS_AUTH_TOKEN when JOBWAIT_AUTH_TOKEN is unset', async () => {
    const argv = waitArgs(sim, addJob(sim, 'success'), '-q');

    expect(await run(argv, { env: { OS_AUTH_TOKEN: TOKEN } })).toMatchObject({ code: 0 });
  });

  it('prints the failed job and the provider code and reason, and exits 1', async () => {
    const id = addJob(sim, 'failure');
    const { code, stdout, stderr } = await run(waitArgs(sim, id));

    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'FAIL',
      error_code: 'ELB.1009',
      fail_reason: 'Insufficient quota',
    });
    expect(stderr.at(-1)).toBe(
      `jobwait: Job ${id} failed: ELB.1009: Insufficient quota [ERR_JOB_FAILED]`,
    );
  });

  it('names the failed sub-jobs in the text summary of a failed job', async () => {
    const id = addJob(sim, 'failure');
    const { code, stdout } = await run(waitArgs(sim, id, '-o', 'text', '-q'));

    expect(code).toBe(1);
    expect(stdout).toBe(
      `job ${id} (createELB) failed: ELB.1009: Insufficient quota; ` +
        'failed sub-jobs: createPort (ELB.2001)\n',
    );
  });

  it('exits 3 with the last status when the job outlasts --timeout', async () => {
    const id = addJob(sim, 'forever');
    const { code, stdout, stderr } = await run(waitArgs(sim, id, '--timeout', '300ms'));

    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr.at(-2)).toMatch(
      new RegExp(`^${id} {2}timed out after 0\\.3s \\(RUNNING, \\d+ polls\\)$`),
    );
    expect(stderr.at(-1)).toBe(
      `jobwait: timed out after 0.3s waiting for job ${id} ` +
        '(last status RUNNING) [ERR_WAIT_TIMEOUT]',
    );
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ])('exits with the code of %s (%p) when the signal aborts the wait', async (name, exitCode) => {
    const id = addJob(sim, 'forever');
    const controller = new AbortController();
    setTimeout(() => controller.abort(name), 150);
    const { code, stderr } = await run(waitArgs(sim, id), { signal: controller.signal });

    expect(code).toBe(exitCode);
    expect(stderr.at(-1)).toBe(
      `jobwait: interrupted by ${name}: stopped waiting for job ${id}; ` +
        'the job itself goes on [ERR_WAIT_ABORTED]',
    );
  });

  it('exits 4 with status, provider code and request id when the token is refused', async () => {
    const wrong = 'wrong-token-0123456789';
    const id = addJob(sim, 'success');
    const { code, stdout, stderr } = await run(waitArgs(sim, id, '-q'), {
      env: { JOBWAIT_AUTH_TOKEN: wrong },
    });

    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(
      new RegExp(
        `^jobwait: GET http://127\\.0\\.0\\.1:\\d+/v1\\.0/\\w+/jobs/${id} answered HTTP 401 ` +
          '\\(APIGW\\.\\d+: .+\\) \\[request id \\w+\\] \\[ERR_ELB_HTTP\\]$',
      ),
    );
    expect(stderr[0]).not.toContain(wrong);
  });

  it('exits 4 when the API answers with a fatal status', async () => {
    const id = addJob(sim, 'success');
    const fault = { errorCode: 'ELB.0403', errorMessage: 'Forbidden' };
    sim.setFault({ type: 'status', statusCode: 403, ...fault }, { jobId: id, times: 1 });
    const { code, stderr } = await run(waitArgs(sim, id, '-q'));

    expect(code).toBe(4);
    expect(stderr[0]).toContain('answered HTTP 403 (ELB.0403: Forbidden)');
  });

  it('replaces the token wherever it would appear in output', async () => {
    const id = addJob(sim, 'success');
    const fault = { errorCode: 'ELB.0400', errorMessage: `bad header ${TOKEN}` };
    sim.setFault({ type: 'status', statusCode: 400, ...fault }, { jobId: id, times: 1 });
    const { code, stderr } = await run(waitArgs(sim, id, '-q'));

    expect(code).toBe(4);
    expect(stderr[0]).toContain('(ELB.0400: bad header [redacted])');
  });
});

describe('elb-classic wait usage errors', () => {
  async function usage(argv: string[], env?: Record<string, string>) {
    const before = sim.requests.length;
    const result = await run(argv, env === undefined ? {} : { env });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(sim.requests.length).toBe(before);
    expect(result.stderr).toHaveLength(1);

    return result.stderr[0];
  }

  it('exits 2 before any request when no token is set', async () => {
    expect(await usage(waitArgs(sim, 'job-1'), {})).toBe(
      'jobwait: No token: set JOBWAIT_AUTH_TOKEN or OS_AUTH_TOKEN to an IAM token',
    );
  });

  it('exits 2 naming the variable when the token cannot be sent as a header', async () => {
    expect(await usage(waitArgs(sim, 'job-1'), { OS_AUTH_TOKEN: 'has space' })).toBe(
      'jobwait: Expected OS_AUTH_TOKEN to be a non-empty string of printable ASCII characters',
    );
  });

  it('exits 2 naming <job-id> when the job id is not a valid id', async () => {
    expect(await usage(waitArgs(sim, '../x'))).toMatch(
      /^jobwait: Expected <job-id> to be an id without/,
    );
  });

  it('exits 2 naming --project-id when the project id is not a valid id', async () => {
    const argv = waitArgs(sim, 'job-1');
    argv[4] = 'a b';

    expect(await usage(argv)).toMatch(/^jobwait: Expected --project-id to be an id without/);
  });

  it('exits 2 naming --endpoint when the endpoint is not an http URL', async () => {
    const argv = ['elb-classic', 'wait', 'job-1', '--project-id', 'p', '--endpoint', 'ftp://x'];

    expect(await usage(argv)).toBe('jobwait: Expected --endpoint to be an http: or https: URL');
  });

  it('exits 2 naming --region when the region is malformed', async () => {
    const argv = ['elb-classic', 'wait', 'job-1', '--project-id', 'p', '--cloud', 'otc'];

    expect(await usage([...argv, '--region', 'EU'])).toBe(
      'jobwait: Expected --region to be a region name such as \'eu-de\', got "EU"',
    );
  });

  it('exits 2 for a flag error', async () => {
    expect(await usage(['elb-classic', 'wait', 'job-1'])).toBe('jobwait: Missing --project-id');
  });
});

describe('jobwait help and version', () => {
  it('prints the help of the command on stdout with exit code 0', async () => {
    const { code, stdout, stderr } = await run(['elb-classic', 'wait', '--help']);

    expect(code).toBe(0);
    expect(stderr).toEqual([]);
    expect(stdout).toContain('Usage: jobwait elb-classic wait <job-id> --project-id ID');
    expect(stdout).toMatch(/^ {2}3 {4}timed out/m);
  });

  it('prints the version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: '0.0.0-test\n', stderr: [] });
  });
});
