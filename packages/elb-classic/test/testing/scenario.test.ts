import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

import { akskAuth } from '../../src/aksk-auth.js';
import { ElbClient } from '../../src/client.js';
import { ElbHttpError } from '../../src/errors.js';
import {
  checkScenario,
  loadScenario,
  REDACTED,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../src/testing/index.js';
import { everythingShown, ManualClock, rejectionOf } from '../helpers.js';

const EXAMPLE = new URL('../../scenarios/example.json', import.meta.url);
const AKSK_EXAMPLE = new URL('../../scenarios/aksk.json', import.meta.url);
const PACKAGE = new URL('../../package.json', import.meta.url);
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

const JOB_A = 'ff8080827a1b2c3d017a1b2c3d4e0a01';
// The pair of scenarios/aksk.json; the SK of a refused pair must never be shown.
const AK = 'JOBWAITTESTAK0000001';
const SK = 'jobwait-test-sk-not-a-real-secret-0001';
const HIDDEN_SK = 'hidden-sk-value-9f3e';

let folder: string;
let sim: Simulator | undefined;
let client: ElbClient | undefined;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'jobwait-scenario-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

afterEach(async () => {
  client?.close();
  await sim?.close();
  sim = client = undefined;
});

async function scenarioFile(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);

  return path;
}

/** What checkScenario throws for `scenario`, failing when it accepts it. */
function refusalOf(scenario: unknown): unknown {
  try {
    checkScenario(scenario);
  } catch (error) {
    return error;
  }

  throw new Error('Expected checkScenario to refuse the scenario, but it accepted it');
}

describe('checkScenario', () => {
  it('returns a frozen copy without the fields left out', () => {
    const given = {
      jobs: [{ jobId: JOB_A, timeline: [{ status: 'SUCCESS' }] }],
      faults: [{ type: 'status' as const, statusCode: 503, jobId: JOB_A, times: 1 }],
      throttle: { limit: 5, windowMs: 1000 },
    };

    const checked = checkScenario(given);

    expect(checked).toEqual({
      jobs: [{ jobId: JOB_A, jobType: 'createELB', timeline: [{ status: 'SUCCESS' }] }],
      faults: [{ type: 'status', statusCode: 503, jobId: JOB_A, times: 1 }],
      throttle: { limit: 5, windowMs: 1000, per: 'global' },
    });
    expect(Object.isFrozen(checked.jobs?.[0]?.timeline?.[0])).toBe(true);
    expect(checked.jobs?.[0]).not.toBe(given.jobs[0]);
  });

  it('accepts an empty scenario', () => {
    expect(checkScenario({})).toEqual({});
  });

  const steps = (status: unknown) => [{ status: 'INIT', forMs: 10 }, { status }];

  it.each([
    ['not an object', [], TypeError, 'Expected option `scenario` to be an object, got an array'],
    [
      'an unknown field',
      { job: [] },
      TypeError,
      'Unknown option `scenario.job`; known: description, projectId, token, aksk, jobs, faults, ' +
        'throttle',
    ],
    [
      'a snake_case field',
      { project_id: 'p' },
      TypeError,
      /^Unknown option `scenario.project_id` \(did you mean `projectId`\?\)/,
    ],
    ['a description that is no string', { description: 1 }, TypeError, /`scenario.description`/],
    ['a project id with a slash', { projectId: 'a/b' }, TypeError, /`scenario.projectId`/],
    ['a token with a space', { token: 'a b' }, TypeError, /`scenario.token` to be a non-empty/],
    ['jobs that are no array', { jobs: {} }, TypeError, /`scenario.jobs` to be an array/],
    [
      'a step without a status',
      { jobs: [{}, {}, { timeline: steps(5) }] },
      TypeError,
      'Expected option `scenario.jobs[2].timeline[1].status` to be a non-empty string, got 5',
    ],
    [
      'a step without forMs before the last',
      { jobs: [{ timeline: [{ status: 'INIT' }, { status: 'SUCCESS' }] }] },
      TypeError,
      /`scenario.jobs\[0\].timeline\[0\].forMs` to be a number, got undefined/,
    ],
    [
      'a negative forMs',
      { jobs: [{ timeline: [{ status: 'INIT', forMs: -1 }, { status: 'SUCCESS' }] }] },
      RangeError,
      /`scenario.jobs\[0\].timeline\[0\].forMs`/,
    ],
    [
      'a sub-job in snake_case',
      { jobs: [{ timeline: [{ status: 'RUNNING', subJobs: [{ job_type: 'x', status: 'y' }] }] }] },
      TypeError,
      /`scenario.jobs\[0\].timeline\[0\].subJobs\[0\].job_type` \(did you mean `jobType`\?\)/,
    ],
    [
      'a job with an unknown field',
      { jobs: [{ timeline: [{ status: 'SUCCESS' }], faults: [] }] },
      TypeError,
      /Unknown option `scenario.jobs\[0\].faults`/,
    ],
    [
      'two jobs with one id',
      { jobs: [{ jobId: JOB_A }, { jobId: JOB_A }] },
      TypeError,
      /`scenario.jobs\[1\].jobId` to be new/,
    ],
    ['faults that are no array', { faults: 'reset' }, TypeError, /`scenario.faults` to be an/],
    [
      'a fault of no known type',
      { faults: [{ type: 'reset' }, { type: 'explode' }] },
      TypeError,
      /^Expected option `scenario.faults\[1\].type` to be one of status, delay/,
    ],
    [
      'a status fault without a status',
      { faults: [{ type: 'status' }] },
      TypeError,
      /`scenario.faults\[0\].statusCode` to be a number/,
    ],
    [
      'a fault applied 0 times',
      { faults: [{ type: 'reset', times: 0 }] },
      RangeError,
      /`scenario.faults\[0\].times`/,
    ],
    [
      'a fault for a job the scenario does not name',
      { jobs: [{ jobId: JOB_A }], faults: [{ type: 'hang', jobId: 'other' }] },
      TypeError,
      /`scenario.faults\[0\].jobId` to name a job of the scenario's `jobs`.*"other"/,
    ],
    [
      'a fault with a field of another type',
      { faults: [{ type: 'hang', delayMs: 5 }] },
      TypeError,
      /Unknown option `scenario.faults\[0\].delayMs`/,
    ],
    [
      'a throttle without a window',
      { throttle: { limit: 1 } },
      TypeError,
      /`scenario.throttle.windowMs`/,
    ],
  ])('refuses a scenario with %s, naming the field', (_, scenario, type, message) => {
    const check = () => checkScenario(scenario);

    expect(check).toThrow(type);
    expect(check).toThrow(message);
  });

  it('returns a copy of its key pairs', () => {
    const given = {
      aksk: [
        { ak: AK, sk: SK },
        { ak: 'OTHER-AK', sk: 's' },
      ],
    };

    const checked = checkScenario(given);

    expect(checked).toEqual(given);
    expect(checked.aksk?.[0]).not.toBe(given.aksk[0]);
    expect(Object.isFrozen(checked.aksk?.[0])).toBe(true);
  });

  it.each([
    ['aksk that is no array', { aksk: { ak: AK, sk: SK } }, /^.*`scenario.aksk` to be an array/],
    ['a pair that is no object', { aksk: [`${AK}:${SK}`] }, /`scenario.aksk\[0\]` to be an obj/],
    ['a pair that is null', { aksk: [{ ak: AK, sk: SK }, null] }, /`scenario.aksk\[1\]` to be/],
    [
      'a pair with an unknown field',
      { aksk: [{ ak: AK, sk: SK, form: 'access' }] },
      'Unknown option `scenario.aksk[0].form`; known: ak, sk',
    ],
    ['a pair without an AK', { aksk: [{ sk: SK }] }, /^Expected option `scenario.aksk\[0\].ak` /],
    ['an AK with a space', { aksk: [{ ak: 'A K', sk: SK }] }, /`scenario.aksk\[0\].ak` to be/],
    ['a pair without an SK', { aksk: [{ ak: AK }] }, /^Expected option `scenario.aksk\[0\].sk` /],
    ['an empty SK', { aksk: [{ ak: AK, sk: '' }] }, /`scenario.aksk\[0\].sk` to be a non-empty/],
    ['an SK that is no string', { aksk: [{ ak: AK, sk: 7 }] }, /`scenario.aksk\[0\].sk`/],
    [
      'one AK given twice',
      {
        aksk: [
          { ak: AK, sk: SK },
          { ak: AK, sk: 'other' },
        ],
      },
      'Expected option `scenario.aksk[1].ak` to be given once',
    ],
  ])('refuses a scenario with %s, naming the field', (_, scenario, message) => {
    const check = () => checkScenario(scenario);

    expect(check).toThrow(TypeError);
    expect(check).toThrow(message);
  });

  it.each([
    ['aksk that is a string', { aksk: `${AK}:${HIDDEN_SK}` }],
    ['a pair that is a string', { aksk: [`${AK}:${HIDDEN_SK}`] }],
    ['a pair with an unknown field', { aksk: [{ ak: AK, sk: HIDDEN_SK, secret: HIDDEN_SK }] }],
    ['an SK where the AK goes', { aksk: [{ ak: `${HIDDEN_SK} `, sk: HIDDEN_SK }] }],
    ['an SK with a bad AK beside it', { aksk: [{ ak: 7, sk: HIDDEN_SK }] }],
    [
      'an AK given twice',
      {
        aksk: [
          { ak: AK, sk: HIDDEN_SK },
          { ak: AK, sk: HIDDEN_SK },
        ],
      },
    ],
  ])('never shows an SK when it refuses %s', (_, scenario) => {
    const error = refusalOf(scenario);

    expect(error).toBeInstanceOf(TypeError);
    expect(everythingShown(error)).not.toContain(HIDDEN_SK);
  });

  const keyed = (fields: object) => ({ aksk: [{ ak: AK, sk: HIDDEN_SK }], ...fields });

  it.each([
    ['throttle.limit', keyed({ throttle: { limit: HIDDEN_SK, windowMs: 1 } })],
    [
      'jobs[0].timeline[0].forMs',
      keyed({ jobs: [{ timeline: [{ status: 'X', forMs: HIDDEN_SK }, {}] }] }),
    ],
    ['faults[0].statusCode', keyed({ faults: [{ type: 'status', statusCode: HIDDEN_SK }] })],
    ['faults[0].type', keyed({ faults: [{ type: HIDDEN_SK }] })],
    ['projectId', keyed({ projectId: `${HIDDEN_SK}/` })],
    ['jobs[0].jobId', keyed({ jobs: [{ jobId: `${HIDDEN_SK}?` }] })],
    ['projectId', { projectId: `${HIDDEN_SK} `, token: `${HIDDEN_SK} ` }],
    ['projectId', { projectId: `${HIDDEN_SK}/`, aksk: [{ ak: 7, sk: HIDDEN_SK, form: 'access' }] }],
  ])(
    'redacts the SKs and the token of the scenario from an error about `%s`',
    (field, scenario) => {
      const error = refusalOf(scenario);

      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain(`\`scenario.${field}\``);
      expect(everythingShown(error)).not.toContain(HIDDEN_SK);
    },
  );

  it('redacts an SK that the error shows only in part, or quoted, when it is short', () => {
    const long = `${HIDDEN_SK}-${'x'.repeat(90)}`;
    const message = (scenario: object) => (refusalOf(scenario) as Error).message;

    expect(message(keyed({ aksk: [{ ak: AK, sk: long }], throttle: { limit: long } }))).toBe(
      'Expected option `scenario.throttle.limit` to be a number, got "[redacted]…"',
    );
    expect(message({ aksk: [{ ak: AK, sk: 'ab' }], throttle: { limit: 'ab', windowMs: 1 } })).toBe(
      'Expected option `scenario.throttle.limit` to be a number, got [redacted]',
    );
  });

  it('never shows the token it refuses', () => {
    const check = () => checkScenario({ token: 'secret token\n' });

    expect(check).toThrow(/`scenario.token`/);
    expect(check).not.toThrow(/secret/);
  });
});

describe('loadScenario', () => {
  it('loads the example scenario shipped with the package', async () => {
    const scenario = await loadScenario(EXAMPLE);

    expect(scenario.jobs?.map((job) => job.jobId)).toEqual([
      'ff8080827a1b2c3d017a1b2c3d4e0101',
      'ff8080827a1b2c3d017a1b2c3d4e0102',
      'ff8080827a1b2c3d017a1b2c3d4e0103',
    ]);
    expect(scenario.faults?.map((fault) => fault.type)).toEqual(['not-found', 'status']);
    expect(scenario.throttle).toEqual({ limit: 20, windowMs: 10_000, per: 'project' });
  });

  it('loads the example of AK/SK signing shipped with the package', async () => {
    const scenario = await loadScenario(AKSK_EXAMPLE);

    expect(scenario.aksk).toEqual([{ ak: AK, sk: SK }]);
    expect(scenario.token).toBeUndefined();
  });

  it('ships the example scenario in the package files', async () => {
    const manifest = JSON.parse(await readFile(PACKAGE, 'utf8')) as { files: string[] };

    expect(manifest.files).toContain('scenarios');
  });

  it('accepts the scenarios the README shows', () => {
    const start = README.indexOf('### Scenarios');
    const section = README.slice(start, README.indexOf('\n## ', start));
    const [first, signed] = [...section.matchAll(/```json\n([^]*?)\n```/g)].map(
      ([, json]) => JSON.parse(json ?? '') as unknown,
    );

    expect(checkScenario(first)).toMatchObject({ projectId: expect.any(String) });
    expect(checkScenario(signed)).toMatchObject({ aksk: [{ ak: AK, sk: SK }] });
  });

  it('reads a scenario from a path given as a string', async () => {
    const path = await scenarioFile('one.json', JSON.stringify({ projectId: 'p-1' }));

    await expect(loadScenario(path)).resolves.toEqual({ projectId: 'p-1' });
  });

  it('checks an object it is given', async () => {
    await expect(loadScenario({ faults: [{ type: 'hang', times: -1 }] as never })).rejects.toThrow(
      /`scenario.faults\[0\].times`/,
    );
  });

  it('fails with the path and the reason when the file cannot be read', async () => {
    const path = join(folder, 'missing.json');
    const error = await rejectionOf(loadScenario(path));

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`Cannot read the scenario file ${path}: ENOENT`);
  });

  it('fails with a SyntaxError naming the file when it is not JSON', async () => {
    const path = await scenarioFile('broken.json', '{"jobs": [');
    const error = await rejectionOf(loadScenario(path));

    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toMatch(`The scenario file ${path} is not JSON: `);
  });

  it('never quotes the file when it is not JSON, since the file may hold an SK', async () => {
    const text = `{ "aksk": [{ "ak": "${AK}", "sk": ${HIDDEN_SK} }] }`;
    const path = await scenarioFile('unquoted-sk.json', text);
    const error = await rejectionOf(loadScenario(path));

    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toBe(
      `The scenario file ${path} is not JSON: Unexpected token (the text is not shown)`,
    );
    expect(everythingShown(error)).not.toContain(HIDDEN_SK.slice(1, 5));
  });

  it('keeps the position where the JSON breaks, when the parser gives it', async () => {
    const text = `{ "aksk": [{ "ak": "${AK}" "sk": "${HIDDEN_SK}" }] }`;
    const path = await scenarioFile('no-comma.json', text);
    const error = await rejectionOf(loadScenario(path));

    expect((error as Error).message).toBe(
      `The scenario file ${path} is not JSON: ` +
        `Expected ',' or '}' after property value in JSON at position ${text.indexOf('"sk"')}`,
    );
  });
});

describe('loadScenario of a large file', () => {
  const CAP = 10 * 1024 * 1024;
  const over = (path: string) =>
    `Cannot read the scenario file ${path}: it is over 10 MiB (${CAP} bytes), ` +
    'the most a scenario file may hold';

  it('reads a file of exactly 10 MiB', async () => {
    const text = JSON.stringify({ projectId: 'p-1' });
    const path = await scenarioFile('at-cap.json', text.padEnd(CAP, ' '));

    await expect(loadScenario(path)).resolves.toEqual({ projectId: 'p-1' });
  });

  it('refuses a file over 10 MiB, naming the file and the cap', async () => {
    const text = JSON.stringify({ projectId: 'p-1' });
    const path = await scenarioFile('over-cap.json', text.padEnd(CAP + 1, ' '));

    const error = await rejectionOf(loadScenario(path));

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(over(path));
  });

  it('stops reading a file that never ends, such as /dev/zero', async () => {
    const error = await rejectionOf(loadScenario('/dev/zero'));

    expect((error as Error).message).toBe(over('/dev/zero'));
  });

  it('reads a scenario from a pipe, whose size is not known beforehand', async () => {
    const path = join(folder, 'pipe');
    execFileSync('mkfifo', [path]);
    const writing = writeFile(path, JSON.stringify({ projectId: 'p-3' }));

    await expect(loadScenario(path)).resolves.toEqual({ projectId: 'p-3' });
    await writing;
  });
});

describe('startSimulator with a scenario', () => {
  it('serves the example scenario: its project, token, jobs, faults and throttle', async () => {
    sim = await startSimulator({ scenario: EXAMPLE });
    const [first, , third] = sim.jobIds;
    const get = (jobId: string | undefined, token = 'example-token-5d1f7c3a9b') =>
      fetch(`${sim?.url}/v1.0/${sim?.projectId}/jobs/${jobId}`, {
        headers: { 'x-auth-token': token },
      });

    const statuses = [
      (await get(first, 'wrong-token')).status,
      (await get(first)).status,
      (await get(third)).status,
      (await get(third)).status,
      (await get(third)).status,
      (await get(third)).status,
    ];

    expect(sim.projectId).toBe('3f0c9a1e6b7d4c2a9e8f1a2b3c4d5e6f');
    expect(sim.jobIds).toHaveLength(3);
    expect(statuses).toEqual([401, 200, 404, 404, 503, 200]);
    expect(sim.requests.map((r) => r.fault)).toEqual([
      undefined,
      undefined,
      'not-found',
      'not-found',
      'status',
      undefined,
    ]);
  });

  it('reads the scenario file when given its path', async () => {
    const path = await scenarioFile(
      'jobs.json',
      JSON.stringify({ jobs: [{ jobId: JOB_A }, { timeline: [{ status: 'SUCCESS' }] }] }),
    );

    sim = await startSimulator({ scenario: path });

    expect(sim.jobIds).toEqual([JOB_A, expect.stringMatching(/^[0-9a-f]{32}$/)]);
  });

  it.each([
    ['projectId', { projectId: 'p-2' }],
    ['token', { token: 'token-2' }],
    ['aksk', { aksk: [{ ak: 'AK-2', sk: 'sk-2' }] }],
    ['jobs', { jobs: [] }],
    ['throttle', { throttle: { limit: 1, windowMs: 1 } }],
  ] as const)('refuses %s given both as an option and in the scenario', async (key, option) => {
    const scenario = {
      projectId: 'p-1',
      token: 't-1',
      aksk: [{ ak: 'AK-1', sk: 'sk-1' }],
      jobs: [],
      throttle: { limit: 1, windowMs: 1 },
    };
    const options: SimulatorOptions = { ...option, scenario };

    await expect(startSimulator(options)).rejects.toThrow(
      `Give option \`${key}\` or \`scenario.${key}\`, not both`,
    );
  });

  it('redacts the SK of a scenario file from the error about another field', async () => {
    const scenario = { aksk: [{ ak: AK, sk: HIDDEN_SK }], throttle: { limit: HIDDEN_SK } };
    const path = await scenarioFile('echo.json', JSON.stringify(scenario));

    const error = await rejectionOf(startSimulator({ scenario: path }));

    expect((error as Error).message).toBe(
      'Expected option `scenario.throttle.limit` to be a number, got "[redacted]"',
    );
    expect(everythingShown(error)).not.toContain(HIDDEN_SK);
  });

  it('refuses an invalid scenario before it listens', async () => {
    const error = await rejectionOf(
      startSimulator({ scenario: { jobs: [{ timeline: [] }] }, port: 1 }),
    );

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/`scenario.jobs\[0\].timeline`/);
  });
});

describe('startSimulator with the key pairs of a scenario', () => {
  const JOB = 'ff8080827a1b2c3d017a1b2c3d4e0201';
  const FORMS = [
    ['access', {}],
    ['credential', { form: 'credential', region: 'eu-de' }],
  ] as const;

  /** Serves scenarios/aksk.json, with a client that signs with `sk` in `form` on its clock. */
  async function signing(sk: string, form: (typeof FORMS)[number][1]) {
    const clock = new ManualClock();
    const s = await startSimulator({ scenario: AKSK_EXAMPLE, clock });
    const auth = akskAuth({ ak: AK, sk, ...form, clock: () => clock.now() });
    const c = new ElbClient({ endpoint: s.url, auth });
    [sim, client] = [s, c];

    return { clock, getJob: () => c.getJob({ projectId: s.projectId, jobId: JOB }) };
  }

  it.each(FORMS)('accepts requests signed in the %s form by a pair it holds', async (_, form) => {
    const { clock, getJob } = await signing(SK, form);

    const running = await getJob();
    clock.advance(3000);
    const done = await getJob();

    expect([running.status, done.status]).toEqual(['RUNNING', 'SUCCESS']);
    expect(sim?.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(sim?.requests[0]?.headers['authorization']).toBe(REDACTED);
  });

  it.each(FORMS)('answers the gateway 401 to a wrong SK in the %s form', async (_, form) => {
    const { getJob } = await signing(HIDDEN_SK, form);

    const error = await rejectionOf(getJob());

    expect(error).toBeInstanceOf(ElbHttpError);
    expect(error).toMatchObject({
      statusCode: 401,
      errorCode: 'APIGW.0301',
      errorMessage:
        'Incorrect IAM authentication information: verify aksk signature fail, ' +
        'the signature does not match the request',
    });
    expect(everythingShown(error)).not.toContain(HIDDEN_SK);
  });

  it('answers the gateway 401 to a request without a signature', async () => {
    sim = await startSimulator({ scenario: AKSK_EXAMPLE });

    const answer = await fetch(`${sim.url}/v1.0/${sim.projectId}/jobs/${JOB}`);

    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: x-auth-token not found',
    });
  });
});
