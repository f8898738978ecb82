import { open, type FileHandle } from 'node:fs/promises';

import { assertId } from '../ids.js';
import { assertKnownFields, assertObject, describe, fieldName } from '../validate.js';
import { checkedAkskPairs, type SimulatorAkskCredential } from './aksk-check.js';
import { checkedFault, checkedScope, SCOPE_FIELDS, type FaultScope } from './faults.js';
import type { SimulatorFault } from './faults.js';
import { assertOptionalString, assertTokenText } from './fields.js';
import { deepFreeze } from './models/deep-freeze.js';
import { withSecretsRedacted } from './secret-redaction.js';
import { checkedThrottle, type SimulatorThrottle } from './throttle.js';
import { createSimulatedJob, type SimulatedJobSpec } from './timeline.js';

/** A fault of a scenario: the fault's fields and its scope's (`jobId`, `times`) in one object. */
export type ScenarioFault = SimulatorFault & FaultScope;

/**
 * What a simulator serves, as one JSON document: its project, credentials, jobs, faults and
 * throttle. Every field is optional; see {@link checkScenario} for the rules.
 *
 * @remarks A scenario that holds an SK is test data: give it keys made up for tests, never
 * those of a real account, since the file holds the SK in plain text.
 */
export interface SimulatorScenario {
  /** For people reading the file; not used. */
  description?: string;
  /** The project id served. Default: the project of the fixtures. */
  projectId?: string;
  /** The token requests must carry as `X-Auth-Token`. Default: none checked. */
  token?: string;
  /**
   * AK/SK pairs whose `SDK-HMAC-SHA256` signatures, in either form, are accepted, as the
   * simulator's option `aksk` takes them. Default none.
   */
  aksk?: readonly SimulatorAkskCredential[];
  /** The jobs served from the start, as `addJob` takes them. Default none. */
  jobs?: readonly SimulatedJobSpec[];
  /** The faults set from the start, in order, as `setFault` takes them. Default none. */
  faults?: readonly ScenarioFault[];
  /** Throttles requests as the API gateway does. Default: no throttling. */
  throttle?: SimulatorThrottle;
}

/** The largest scenario file read: 10 MiB, far beyond any scenario a test needs. */
const MAX_SCENARIO_BYTES = 10 * 1024 * 1024;

/** How much of a scenario file one read takes. */
const READ_CHUNK_BYTES = 1024 * 1024;

const SCENARIO_FIELDS = ['description', 'projectId', 'token', 'aksk', 'jobs', 'faults', 'throttle'];

/**
 * Checks a scenario and returns a frozen copy of it. A job is checked as `addJob` checks one,
 * a fault as `setFault` checks one and its scope; a fault's `jobId` must name a job of the
 * scenario that gives its `jobId`, and two jobs may not share one. Each `aksk` entry is an
 * object of an `ak` and an `sk` alone, and no AK is given twice. Errors name the field in
 * full, under `name`: `scenario.jobs[2].timeline[0].status`, `scenario.aksk[0].sk`.
 *
 * @throws TypeError or RangeError naming the field; never showing a token or an SK: the
 *   scenario's token and SKs (valid or not) are replaced by `[redacted]` wherever the message
 *   would quote them, such as an SK given again as `throttle.limit`.
 * @remarks A value that holds an SK only in part (its last characters, say) is not redacted.
 */
export function checkScenario(value: unknown, name = 'scenario'): SimulatorScenario {
  return withSecretsRedacted([value], () => checkedScenario(value, name));
}

function checkedScenario(value: unknown, name: string): SimulatorScenario {
  assertObject(name, value);
  assertKnownFields(name, value, SCENARIO_FIELDS);
  const { description, projectId, token, aksk, jobs, faults, throttle } =
    value as SimulatorScenario;

  assertOptionalString(fieldName(name, 'description'), description);
  if (projectId !== undefined) assertId(fieldName(name, 'projectId'), projectId);
  if (token !== undefined) assertTokenText(fieldName(name, 'token'), token);
  const checkedJobs = jobs === undefined ? undefined : checkedJobSpecs(`${name}.jobs`, jobs);
  const jobIds = new Set(checkedJobs?.flatMap((job) => job.jobId ?? []));

  return deepFreeze(
    withoutUndefined({
      description,
      projectId,
      token,
      aksk: aksk === undefined ? undefined : checkedAkskPairs(`${name}.aksk`, aksk),
      jobs: checkedJobs,
      faults: faults === undefined ? undefined : checkedFaults(`${name}.faults`, faults, jobIds),
      throttle: throttle === undefined ? undefined : checkedThrottle(`${name}.throttle`, throttle),
    }),
  );
}

/**
 * Reads and checks a scenario: from a JSON file when given a path (a string or a `file:` URL),
 * or from the object given. A file may hold at most 10 MiB.
 *
 * @throws Error naming the file when it cannot be read or holds more than 10 MiB; SyntaxError
 *   when it is not JSON, without quoting the file; TypeError or RangeError naming the field of
 *   an invalid scenario (see {@link checkScenario}).
 */
export async function loadScenario(
  source: string | URL | SimulatorScenario,
): Promise<SimulatorScenario> {
  if (typeof source !== 'string' && !(source instanceof URL)) {
    return checkScenario(source);
  }

  return checkScenario(parseScenarioText(await readScenarioFile(source), String(source)));
}

async function readScenarioFile(path: string | URL): Promise<string> {
  let bytes: Buffer | undefined;

  try {
    bytes = await readAtMost(path, MAX_SCENARIO_BYTES);
  } catch (error) {
    const { code } = error as { code?: unknown };
    const why = typeof code === 'string' ? code : String(error);
    throw new Error(`Cannot read the scenario file ${String(path)}: ${why}`, { cause: error });
  }

  if (bytes === undefined) {
    throw new Error(
      `Cannot read the scenario file ${String(path)}: it is over 10 MiB ` +
        `(${MAX_SCENARIO_BYTES} bytes), the most a scenario file may hold`,
    );
  }

  return bytes.toString('utf8');
}

/**
 * The bytes of file `path`, or `undefined` when it holds more than `limit`. Its size is read
 * first, but the read is bounded too: a device (`/dev/zero`) or a pipe has size 0, however
 * much it gives. It reads on from the current position, so a pipe can be read as well.
 */
async function readAtMost(path: string | URL, limit: number): Promise<Buffer | undefined> {
  const file = await open(path, 'r');

  try {
    if ((await file.stat()).size > limit) {
      return undefined;
    }

    return await readChunks(file, limit);
  } finally {
    await file.close();
  }
}

async function readChunks(file: FileHandle, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;

  for (;;) {
    const chunk = Buffer.alloc(Math.min(READ_CHUNK_BYTES, limit + 1 - size));
    const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, size);

    size += bytesRead;
    if (size > limit) return undefined;
    chunks.push(chunk.subarray(0, bytesRead));
  }
}

function parseScenarioText(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const why = error instanceof Error ? unquoted(error.message) : 'a parse error';
    // eslint-disable-next-line preserve-caught-error -- its message may quote an SK of the file
    throw new SyntaxError(`The scenario file ${path} is not JSON: ${why}`);
  }
}

/**
 * A JSON parse error's message without the text it quotes: V8 quotes the file around an
 * unexpected token (`Unexpected token 's', ..."sk": secret"... is not valid JSON`), which
 * may be a secret key. Its other messages quote only JSON punctuation, and stay as they are.
 */
function unquoted(message: string): string {
  if (!message.includes('"')) {
    return message;
  }

  return `${message.slice(0, message.search(/['"]/)).trim()} (the text is not shown)`;
}

function checkedJobSpecs(name: string, jobs: unknown): SimulatedJobSpec[] {
  if (!Array.isArray(jobs)) {
    throw new TypeError(
      `Expected option \`${name}\` to be an array of job specs, got ${describe(jobs)}`,
    );
  }

  const seen = new Set<string>();

  return jobs.map((spec: SimulatedJobSpec, index) => {
    const job = createSimulatedJob(spec, 0, `${name}[${index}]`);
    const jobId = spec.jobId === undefined ? undefined : job.jobId;

    if (jobId !== undefined && seen.has(jobId)) {
      throw new TypeError(
        `Expected option \`${name}[${index}].jobId\` to be new, got ${describe(jobId)}`,
      );
    }
    if (jobId !== undefined) seen.add(jobId);

    const { jobType, timeline, createdAt } = job;

    const given = spec.createdAt === undefined ? undefined : createdAt;

    return withoutUndefined({ jobId, jobType, timeline, createdAt: given });
  });
}

function checkedFaults(
  name: string,
  faults: unknown,
  jobIds: ReadonlySet<string>,
): ScenarioFault[] {
  if (!Array.isArray(faults)) {
    throw new TypeError(
      `Expected option \`${name}\` to be an array of faults, got ${describe(faults)}`,
    );
  }

  return faults.map((entry: unknown, index) => {
    const at = `${name}[${index}]`;
    const fault = checkedFault(entry, at, SCOPE_FIELDS);
    const { jobId, times } = checkedScope(at, entry as FaultScope);

    if (jobId !== undefined && !jobIds.has(jobId)) {
      throw new TypeError(
        `Expected option \`${at}.jobId\` to name a job of the scenario's \`jobs\` ` +
          `(one that gives its \`jobId\`), got ${describe(jobId)}`,
      );
    }

    return withoutUndefined({ ...fault, jobId, times });
  });
}

/** A copy of `value` without its `undefined` fields, so that a scenario prints as it reads. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
