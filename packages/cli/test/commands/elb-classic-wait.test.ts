import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { JOB_MODELS, type Simulator } from '@jobwait/elb-classic/testing';

import { helpText } from '../../src/help.js';
import { main } from '../../src/main.js';
import {
  COLOUR,
  CONSOLE,
  FAST,
  HOSTILE,
  HOSTILE_SHOWN,
  RAW_CONTROL,
  TOKEN,
  addJob,
  capture,
  runMain,
  startTestSimulator,
  waitArgs,
} from '../helpers.js';
import { refusedPort } from '../servers.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});

afterAll(async () => {
  await sim.close();
});

const run = runMain;

const ELB = JOB_MODELS['create-elb-success'].entities.elb;

describe('elb-classic wait', () => {
  it('prints the successful job as JSON and progress on stderr, and exits 0', async () => {
    const id = addJob(sim, 'success');
    const { code, stdout, stderr } = await run(waitArgs(sim, id, ...CONSOLE));

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'SUCCESS',
      job_id: id,
      entities: { elb: { id: ELB.id } },
    });
    expect(stderr[0]).toBe(`${id}  waiting for elb-classic job, timeout 10m`);
    expect(stderr).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${id} {2}INIT at \\d+\\.\\ds$`)),
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

  it('tells a job failure once, in the progress line, when progress is shown', async () => {
    const id = addJob(sim, 'failure');
    const { code, stdout, stderr } = await run(waitArgs(sim, id, ...CONSOLE));

    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'FAIL',
      error_code: 'ELB.1009',
      fail_reason: 'Insufficient quota',
    });
    expect(stderr.at(-1)).toMatch(
      new RegExp(
        `^${id} {2}failed after \\d+\\.\\ds: ` +
          'ELB\\.1009: Insufficient quota; failed sub-jobs: createPort [0-9a-f]{32} ELB\\.2001 ' +
          '\\(the limit of backend servers is reached\\) \\(FAIL, sub-jobs 0/1, \\d+ polls\\)$',
      ),
    );
    expect(stderr.filter((line) => line.startsWith('jobwait:'))).toEqual([]);
  });

  it('prints the jobwait: line of a job failure when --quiet hides progress', async () => {
    const id = addJob(sim, 'failure');
    const { code, stderr } = await run(waitArgs(sim, id, '-q', '-o', 'text'));

    expect(code).toBe(1);
    expect(stderr).toEqual([
      `jobwait: Job ${id} failed: ELB.1009: Insufficient quota; failed sub-jobs: createPort ` +
        `${id.slice(0, -4)}0001 ELB.2001 ` +
        '(the limit of backend servers is reached) [ERR_JOB_FAILED]',
    ]);
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
    const { code, stdout, stderr } = await run(waitArgs(sim, id, '--timeout', '300ms', ...CONSOLE));

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

describe('elb-classic wait with a hostile server', () => {
  function expectPrintable(text: string): void {
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).not.toMatch(/^jobwait: fake line/m);
  }

  it('escapes control characters in every text line when the job failure holds them', async () => {
    const id = addJob(sim, 'hostile');
    const stdout = capture();
    const stderr = capture();
    const argv = waitArgs(sim, id, '-o', 'text', ...CONSOLE);
    const env = { JOBWAIT_AUTH_TOKEN: TOKEN };
    const code = await main({
      argv,
      env,
      stdout: stdout.stream,
      stderr: stderr.stream,
      version: '',
    });

    expect(code).toBe(1);
    expectPrintable(stdout.text() + stderr.text());
    expect(stdout.text()).toBe(
      `job ${id} (createELB) failed: ELB\\u001b[2J: ${HOSTILE_SHOWN}; ` +
        'failed sub-jobs: create\\u001b[31mPort (ELB.2001)\n',
    );
    expect(stderr.lines().at(-1)).toMatch(
      new RegExp(`^${id} {2}failed after \\d+\\.\\ds: ELB\\\\u001b\\[2J: x\\\\n\\\\u001b`),
    );
  });

  it('escapes them in the jobwait: line when --quiet leaves that line to tell', async () => {
    const id = addJob(sim, 'hostile');
    const { code, stderr } = await run(waitArgs(sim, id, '-q'));

    expect(code).toBe(1);
    expect(stderr).toEqual([
      `jobwait: Job ${id} failed: ELB\\u001b[2J: ${HOSTILE_SHOWN}; failed sub-jobs: ` +
        `create\\u001b[31mPort ${id.slice(0, -4)}0001 ELB.2001 ` +
        '(the limit of backend servers is reached) [ERR_JOB_FAILED]',
    ]);
  });

  it('keeps JSON output valid and its values exact when they hold control characters', async () => {
    const id = addJob(sim, 'hostile');
    const { code, stdout } = await run(waitArgs(sim, id, '-q'));

    expect(code).toBe(1);
    expect(stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(stdout)).toMatchObject({
      error_code: 'ELB\u001b[2J',
      fail_reason: HOSTILE,
      sub_jobs: [{ job_type: 'create\u001b[31mPort' }],
    });
    expect(stdout).toContain(
      '"fail_reason": "x\\n\\u001b]0;pwned\\u0007\\u001b[2Jjobwait: fake line\\u009b31m"',
    );
  });

  it('escapes them in the error line when an error body holds them', async () => {
    const id = addJob(sim, 'success');
    const fault = { errorCode: 'ELB.0400', errorMessage: HOSTILE };
    sim.setFault({ type: 'status', statusCode: 400, ...fault }, { jobId: id, times: 1 });
    const { code, stderr } = await run(waitArgs(sim, id, '-q'));

    expect(code).toBe(4);
    expect(stderr).toHaveLength(1);
    expectPrintable(stderr.join('\n'));
    expect(stderr[0]).toContain(`answered HTTP 400 (ELB.0400: ${HOSTILE_SHOWN})`);
  });

  it('escapes them in the final progress line when the status holds them', async () => {
    const id = addJob(sim, 'unknown');
    const { code, stderr } = await run(waitArgs(sim, id, ...CONSOLE));

    expect(code).toBe(4);
    expectPrintable(stderr.join('\n'));
    expect(stderr).toContainEqual(expect.stringMatching(/^\w+ {2}WEIRD\\u001b\[2J\\r at /));
    expect(stderr.at(-1)?.replace(/after \d+\.\ds/, 'after T')).toBe(
      `${id}  failed after T: Job ${id} is in an unexpected state: "WEIRD\\u001b[2J\\r" ` +
        '[ERR_UNEXPECTED_STATE] (WEIRD\\u001b[2J\\r, 1 poll)',
    );
    expect(stderr.filter((line) => line.startsWith('jobwait:'))).toEqual([]);
  });
});

describe('elb-classic wait error lines', () => {
  it('says the refused connection once and both codes when every poll fails', async () => {
    const port = await refusedPort();
    const argv = waitArgs(sim, 'job-1', '-q');
    argv[6] = `http://127.0.0.1:${port}`;
    const { code, stderr } = await run(argv);

    expect(code).toBe(4);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(
      /^jobwait: Polling job job-1 failed \d+ times in a row; last error: /,
    );
    expect(stderr[0]).toMatch(/ \[ERR_POLL_FAILED, cause ERR_ELB_NETWORK\]$/);
    expect(stderr[0]?.split(`ECONNREFUSED 127.0.0.1:${port}`)).toHaveLength(2);
  });

  it('says the 404 once and both codes when the job is not found', async () => {
    const { code, stderr } = await run(waitArgs(sim, 'no-such-job', '-q'));

    expect(code).toBe(4);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(
      /^jobwait: Job no-such-job was not found on 4 consecutive polls; cause: GET /,
    );
    expect(stderr[0]).toMatch(/ \[ERR_JOB_NOT_FOUND, cause ERR_ELB_HTTP\]$/);
    expect(stderr[0]).toContain('; check the job id and the project id (from --project-id) [');
    expect(stderr[0]?.split('answered HTTP 404')).toHaveLength(2);
  });

  it('names the variable of the project id in the hint when it came from there', async () => {
    const argv = ['elb-classic', 'wait', 'no-such-job', '--endpoint', sim.url, ...FAST, '-q'];
    const env = { JOBWAIT_AUTH_TOKEN: TOKEN, HW_PROJECT_ID: sim.projectId };
    const { code, stderr } = await run(argv, { env });

    expect(code).toBe(4);
    expect(stderr).toEqual([
      expect.stringContaining('; check the job id and the project id (from HW_PROJECT_ID) ['),
    ]);
  });

  /** `lines` with the parts that vary from run to run (elapsed time, request id) made fixed. */
  function steady(lines: string[]): string[] {
    return lines.map((line) =>
      line.replace(/ after \d+\.\ds/, ' after T').replace(/\[request id \w+\]/, '[request id R]'),
    );
  }

  it('tells a 401 once, in the final progress line, when progress is shown', async () => {
    const id = addJob(sim, 'success');
    const env = { JOBWAIT_AUTH_TOKEN: 'wrong-token-0123456789' };
    const { code, stdout, stderr } = await run(waitArgs(sim, id, ...CONSOLE), { env });
    const url = `${sim.url}/v1.0/${sim.projectId}/jobs/${id}`;

    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(steady(stderr)).toEqual([
      `${id}  waiting for elb-classic job, timeout 10m`,
      `${id}  failed after T: GET ${url} answered HTTP 401 (APIGW.0307: The token must be ` +
        'updated.; meaning: the token has expired or is for another region, and must be renewed) ' +
        '[request id R] [ERR_ELB_HTTP] (1 poll, 1 poll error)',
    ]);
  });

  it('writes the jobwait: line after the final line when it adds a cause', async () => {
    const { code, stderr } = await run(waitArgs(sim, 'no-such-job', ...CONSOLE));
    const url = `${sim.url}/v1.0/${sim.projectId}/jobs/no-such-job`;
    const missing = `Job no-such-job of project ${sim.projectId} does not exist`;

    expect(code).toBe(4);
    expect(steady(stderr)).toEqual([
      'no-such-job  waiting for elb-classic job, timeout 10m',
      'no-such-job  failed after T: Job no-such-job was not found on 4 consecutive polls ' +
        '[ERR_JOB_NOT_FOUND] (4 polls, 4 poll errors)',
      'jobwait: Job no-such-job was not found on 4 consecutive polls; cause: ' +
        `GET ${url} answered HTTP 404 (SIM.JOB_NOT_FOUND: ${missing}) [request id R]; ` +
        'check the job id and the project id (from --project-id) ' +
        '[ERR_JOB_NOT_FOUND, cause ERR_ELB_HTTP]',
    ]);
  });

  it('exits 3 naming the last error when the endpoint is unreachable until --timeout', async () => {
    const port = await refusedPort();
    const argv = waitArgs(sim, 'job-1', '--timeout', '2s', ...CONSOLE);
    argv[6] = `http://127.0.0.1:${port}`;
    const { code, stdout, stderr } = await run(argv);
    const url = `http://127.0.0.1:${port}/v1.0/${sim.projectId}/jobs/job-1`;

    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr.at(-1)).toBe(
      `jobwait: timed out after 2.0s waiting for job job-1; last error: GET ${url} failed: ` +
        `connect ECONNREFUSED 127.0.0.1:${port} [ERR_WAIT_TIMEOUT, cause ERR_ELB_NETWORK]`,
    );
    expect(stderr.at(-2)).toMatch(
      /^job-1 {2}timed out after \d+\.\ds \(\d+ polls?, \d+ poll errors?\)$/,
    );
  });

  it('warns before waiting when --timeout has no unit', async () => {
    const id = addJob(sim, 'forever');
    const { code, stderr } = await run(waitArgs(sim, id, '-q', '--timeout', '900'));

    expect(code).toBe(3);
    expect(stderr[0]).toBe(
      'jobwait: warning: --timeout 900 has no unit, so it is 900 ms; ' +
        'write 900ms, or 900s for seconds',
    );
    expect(stderr[1]).toMatch(/^jobwait: timed out after 0\.9s /);
  });
});

describe('elb-classic wait environment', () => {
  it.each([
    [{}, true],
    [{ NO_COLOR: '' }, true],
    [{ NO_COLOR: '1' }, false],
  ])('colours progress on a TTY when the environment is %j: %p', async (extra, coloured) => {
    const argv = waitArgs(sim, addJob(sim, 'success'));
    const { stderr } = await run(argv, {
      env: { JOBWAIT_AUTH_TOKEN: TOKEN, ...extra },
      isTTY: true,
    });

    expect(COLOUR.test(stderr.join('\n'))).toBe(coloured);
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
    expect(await usage(['elb-classic', 'wait', 'job-1'])).toBe(
      'jobwait: Missing --endpoint, or --cloud and --region',
    );
  });

  it('exits 2 naming --project-id and its variables when neither gives the project', async () => {
    expect(await usage(['elb-classic', 'wait', 'job-1', '--endpoint', sim.url])).toBe(
      'jobwait: Missing --project-id; give it, or set one of HUAWEICLOUD_SDK_PROJECT_ID, ' +
        'HW_PROJECT_ID, OS_PROJECT_ID, OS_TENANT_ID',
    );
  });

  it('exits 2 naming the repeated flag when a flag that takes a value is given twice', async () => {
    const argv = [...waitArgs(sim, 'job-1'), '--project-id', 'other'];

    expect(await usage(argv)).toBe('jobwait: Give --project-id only once');
  });

  it('exits 2 saying the subcommand is missing when given only elb-classic', async () => {
    expect(await usage(['elb-classic'])).toBe(
      'jobwait: Missing the subcommand `wait`: `jobwait elb-classic wait <job-id> …`; ' +
        'see `jobwait elb-classic wait --help`',
    );
  });
});

describe('elb-classic wait secrets in usage errors', () => {
  const OS_TOKEN = 'os-token-8d1e44a0c2';

  it.each([
    ['JOBWAIT_AUTH_TOKEN', TOKEN],
    ['OS_AUTH_TOKEN', OS_TOKEN],
  ])('redacts the token of %s when it is echoed as an argument', async (_name, secret) => {
    const env = { JOBWAIT_AUTH_TOKEN: TOKEN, OS_AUTH_TOKEN: OS_TOKEN };
    const { code, stderr } = await run([...waitArgs(sim, 'job-1'), secret], { env });

    expect(code).toBe(2);
    expect(stderr).toEqual(['jobwait: Unexpected argument `[redacted]` after <job-id>']);
  });

  it('redacts the token when it holds a control character and is echoed', async () => {
    const secret = 'tok\u0007en-4411';
    const { code, stderr } = await run(['elb', secret], { env: { OS_AUTH_TOKEN: secret } });

    expect(code).toBe(2);
    expect(stderr).toEqual([
      'jobwait: Unknown command `elb [redacted]`; the commands are ' +
        '`jobwait elb-classic wait` and `jobwait simulate`',
    ]);
  });

  it('refuses a --token after -- without echoing its value', async () => {
    const { code, stderr } = await run([...waitArgs(sim, 'job-1'), '--', '--token=SECRET-9']);

    expect(code).toBe(2);
    expect(stderr).toEqual([
      'jobwait: The token is never given as a flag (--token); ' +
        'set JOBWAIT_AUTH_TOKEN (or HW_AUTH_TOKEN, OS_AUTH_TOKEN) instead',
    ]);
  });
});

describe('jobwait help and version', () => {
  it.each([
    [['elb-classic', 'wait', '--help']],
    [['elb-classic', '--help']],
    [['--help', 'elb-classic']],
  ])('prints the help of the command on stdout with exit code 0 when given %j', async (argv) => {
    const { code, stdout, stderr } = await run(argv);

    expect(code).toBe(0);
    expect(stderr).toEqual([]);
    expect(stdout).toContain('Usage: jobwait elb-classic wait <job-id> [--project-id ID]');
    expect(stdout).toMatch(/^ {2}3 {4}timed out/m);
  });

  it('describes the token and colour variables as the command reads them', async () => {
    const { stdout } = await run(['elb-classic', '--help']);

    expect(stdout).toContain('       JOBWAIT_AUTH_TOKEN, HW_AUTH_TOKEN, OS_AUTH_TOKEN\n');
    expect(stdout).toContain(
      '  NO_COLOR                when set and not empty, progress has no colours\n',
    );
  });

  it('prints the help of the command named so far when --help follows a usage error', async () => {
    const wait = await run(['elb-classic', 'wait', 'X', '--bogus', '--help']);
    const overview = await run(['elb', '--nope', '-h']);

    expect(wait).toEqual({ code: 0, stdout: helpText('elb-classic wait'), stderr: [] });
    expect(overview).toEqual({ code: 0, stdout: helpText('jobwait'), stderr: [] });
  });

  it('points a usage error of elb-classic wait to its own help', async () => {
    expect(await run(['elb-classic', 'wait', 'X', '--bogus'])).toEqual({
      code: 2,
      stdout: '',
      stderr: ['jobwait: Unknown flag --bogus; see `jobwait elb-classic wait --help`'],
    });
  });

  it('prints the version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: '0.0.0-test\n', stderr: [] });
  });
});
