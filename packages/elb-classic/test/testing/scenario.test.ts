import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

import {
  checkScenario,
  loadScenario,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../src/testing/index.js';
import { rejectionOf } from '../helpers.js';

const EXAMPLE = new URL('../../scenarios/example.json', import.meta.url);
const PACKAGE = new URL('../../package.json', import.meta.url);
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

const JOB_A = 'ff8080827a1b2c3d017a1b2c3d4e0a01';

let folder: string;
let sim: Simulator | undefined;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'jobwait-scenario-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function scenarioFile(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);

  return path;
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
      'Unknown option `scenario.job`; known: description, projectId, token, jobs, faults, throttle',
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

  it('ships the example scenario in the package files', async () => {
    const manifest = JSON.parse(await readFile(PACKAGE, 'utf8')) as { files: string[] };

    expect(manifest.files).toContain('scenarios');
  });

  it('accepts the scenario the README shows', () => {
    const section = README.slice(README.indexOf('### Scenarios'));
    const json = /```json\n([^]*?)\n```/.exec(section)?.[1] ?? '';

    expect(checkScenario(JSON.parse(json))).toMatchObject({ projectId: expect.any(String) });
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
    ['jobs', { jobs: [] }],
    ['throttle', { throttle: { limit: 1, windowMs: 1 } }],
  ] as const)('refuses %s given both as an option and in the scenario', async (key, option) => {
    const scenario = {
      projectId: 'p-1',
      token: 't-1',
      jobs: [],
      throttle: { limit: 1, windowMs: 1 },
    };
    const options: SimulatorOptions = { ...option, scenario };

    await expect(startSimulator(options)).rejects.toThrow(
      `Give option \`${key}\` or \`scenario.${key}\`, not both`,
    );
  });

  it('refuses an invalid scenario before it listens', async () => {
    const error = await rejectionOf(
      startSimulator({ scenario: { jobs: [{ timeline: [] }] }, port: 1 }),
    );

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/`scenario.jobs\[0\].timeline`/);
  });
});
