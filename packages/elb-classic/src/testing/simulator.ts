import { createServer, type Server } from 'node:http';
import { isIPv4, type AddressInfo } from 'node:net';

import { assertId, type ElbCreateResponse } from '../ids.js';
import {
  assertFunction,
  assertKnownFields,
  assertNumber,
  assertObject,
  describe,
} from '../validate.js';
import { akskCredentials } from './aksk-check.js';
import type { FaultScope, SimulatorFault } from './faults.js';
import { FaultList } from './faults.js';
import { assertTokenText } from './fields.js';
import { handleRequest, type SimulatorState } from './handle-request.js';
import type { SimulatedRequest } from './request-log.js';
import { loadScenario, type ScenarioFault, type SimulatorScenario } from './scenario.js';
import { withSecretsRedacted } from './secret-redaction.js';
import { checkedThrottle, ThrottleWindows, type SimulatorThrottle } from './throttle.js';
import { createSimulatedJob, type SimulatedJobSpec } from './timeline.js';

/** The simulator's source of time; a core `Clock` will do. */
export interface SimulatorClock {
  /** Current time in milliseconds since the epoch. */
  now(): number;
}

/** Options of {@link startSimulator}; an unknown one is refused with a `TypeError` naming it. */
export interface SimulatorOptions {
  /** The port to listen on. Default 0: any free port. */
  port?: number;
  /**
   * A loopback address to listen on: an IPv4 address in 127.0.0.0/8 (such as `127.0.0.2`),
   * `::1` or `localhost`, which means `127.0.0.1` (DNS is not asked, since a hosts file may
   * map `localhost` beyond loopback). Default `127.0.0.1`.
   */
  host?: string;
  /** The project id served. Default: the project of the fixtures. */
  projectId?: string;
  /** When set, requests must carry it as `X-Auth-Token`, or get the gateway's 401. */
  token?: string;
  /**
   * AK/SK pairs whose `SDK-HMAC-SHA256` signatures, in either form, are accepted besides
   * `token`, with `X-Sdk-Date` at most 15 minutes from `clock`. A signed request that fails
   * gets the gateway's 401 `APIGW.0301` saying why; with `aksk` and no `token`, so does a
   * request without a signature. Default none.
   */
  aksk?: readonly { readonly ak: string; readonly sk: string }[];
  /** Jobs served from the start, an array checked as `addJob` checks one. Default none. */
  jobs?: readonly SimulatedJobSpec[];
  /**
   * Reads the time that timelines and throttle windows follow. Default `Date.now`. Fault
   * delays use real timers.
   */
  clock?: SimulatorClock;
  /**
   * Throttles requests as the API gateway does: at most `limit` in each window of `windowMs`
   * milliseconds of `clock`, the rest answered 429 `APIGW.0308` with `Retry-After`. Default:
   * no throttling.
   */
  throttle?: SimulatorThrottle;
  /**
   * A scenario: a path to its JSON file (a string or a `file:` URL), or the object, read by
   * `loadScenario`. It gives `projectId`, `token`, `aksk`, `jobs`, `throttle` and faults; an
   * option given both here and in the scenario is refused. Default none.
   */
  scenario?: SimulatorScenario | string | URL;
}

/** A running simulator of the classic ELB jobs endpoint. */
export interface Simulator {
  /** The base URL, such as `http://127.0.0.1:40123`: give it as the client's `endpoint`. */
  readonly url: string;
  /** The project id whose jobs are served. */
  readonly projectId: string;
  /** Every request received, in order, credentials redacted. */
  readonly requests: readonly SimulatedRequest[];
  /** The ids of the jobs served, in the order they were added. */
  readonly jobIds: readonly string[];
  /**
   * Adds a job, created now (or at `spec.createdAt`), and answers as a create call does:
   * `{ uri, job_id }`, the `uri` with its `/v1/` path.
   *
   * @throws TypeError or RangeError naming an invalid field.
   */
  addJob(spec?: SimulatedJobSpec): ElbCreateResponse;
  /**
   * Injects a fault into the next `scope.times` requests (default: all) matching `scope`.
   *
   * @throws TypeError or RangeError naming an invalid field, such as a header value with a
   *   line break or a body that JSON cannot carry.
   */
  setFault(fault: SimulatorFault, scope?: FaultScope): void;
  /** Removes every fault. */
  clearFaults(): void;
  /**
   * Throttles requests from now on, with fresh windows; `undefined` stops throttling.
   *
   * @throws TypeError or RangeError naming an invalid field.
   */
  setThrottle(throttle: SimulatorThrottle | undefined): void;
  /** How many client connections are open now, answered or not. */
  connections(): Promise<number>;
  /** Changes the token requests must carry; `undefined` stops checking. */
  setToken(token: string | undefined): void;
  /** Closes the server and every connection, answered or not. Idempotent. */
  close(): Promise<void>;
}

const OPTION_FIELDS = [
  'port',
  'host',
  'projectId',
  'token',
  'aksk',
  'jobs',
  'clock',
  'throttle',
  'scenario',
];

/** The project id of the fixtures, used when none is given. */
export const DEFAULT_PROJECT_ID = '3f0c9a1e6b7d4c2a9e8f1a2b3c4d5e6f';

/**
 * Starts a simulator of `GET /v1.0/{project_id}/jobs/{job_id}`: a real HTTP server on
 * loopback that serves jobs from scripted timelines, checks `X-Auth-Token` when given a token,
 * answers unknown paths with the gateway's `404 APIGW.0101`, throttles, and injects faults.
 * Close it with `close()`; nothing of it remains afterwards.
 *
 * @throws TypeError or RangeError naming an invalid or unknown option, before anything
 *   listens; for a scenario, what `loadScenario` throws. A message never shows the token or an
 *   SK of the options or the scenario, even one given again in another field: it says
 *   `[redacted]` instead. The same holds for the errors of `addJob`, `setFault` and
 *   `setThrottle`.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  assertObject('options', options);
  assertKnownFields('', options, OPTION_FIELDS);
  const settings = await settingsOf(options);
  const { state, port, host } = withSecretsRedacted([settings], () =>
    checkedSetup(options, settings),
  );

  const server = createServer((req, res) => handleRequest(state, req, res));
  // Never `localhost` itself: a hosts file may map it to an address beyond loopback.
  const address = await listen(server, port, host === 'localhost' ? '127.0.0.1' : host);

  return simulatorApi(state, server, address);
}

/**
 * The simulator's state, port and host, from its options and the settings of its scenario.
 *
 * @throws TypeError or RangeError naming an invalid option.
 */
function checkedSetup(options: SimulatorOptions, settings: SimulatorScenario) {
  const { port = 0, host = '127.0.0.1', clock = { now: () => Date.now() } } = options;
  const { projectId = DEFAULT_PROJECT_ID, token, jobs = [], faults = [], throttle } = settings;

  assertNumber('port', port, { max: 65_535, integer: true });
  assertJobs(jobs);
  assertLoopback(host);
  assertId('projectId', projectId);
  assertFunction('clock.now', (clock as Partial<SimulatorClock> | null)?.now);
  if (token !== undefined) assertSimulatorToken(token);
  const aksk = akskCredentials(settings.aksk);

  const state: SimulatorState = {
    projectId,
    clock,
    token,
    aksk,
    jobs: new Map(),
    faults: new FaultList(),
    log: [],
    timers: new Set(),
    throttle: throttle === undefined ? undefined : throttleWindows('throttle', throttle),
  };
  jobs.forEach((spec, index) => addJob(state, spec, `jobs[${index}]`));
  faults.forEach((fault) => addScenarioFault(state, fault));

  return { state, port, host };
}

function simulatorApi(state: SimulatorState, server: Server, address: AddressInfo): Simulator {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}:${address.port}`,
    projectId: state.projectId,
    get requests() {
      return state.log;
    },
    get jobIds() {
      return [...state.jobs.keys()];
    },
    addJob: (spec = {}) => redacting(state, () => addJob(state, spec)),
    setFault: (fault, scope) => redacting(state, () => state.faults.add(fault, scope)),
    clearFaults: () => state.faults.clear(),
    setThrottle(throttle) {
      state.throttle = redacting(state, () =>
        throttle === undefined ? undefined : throttleWindows('throttle', throttle),
      );
    },
    connections: () => countConnections(server),
    setToken(token) {
      if (token !== undefined) assertSimulatorToken(token);
      state.token = token;
    },
    close: () => (closing ??= closeServer(state, server)),
  };
}

/** Runs `check` with the simulator's token and SKs redacted from what it throws. */
function redacting<T>(state: SimulatorState, check: () => T): T {
  const aksk = [...(state.aksk?.values() ?? [])].map((sk) => ({ sk }));

  return withSecretsRedacted([{ token: state.token, aksk }], check);
}

function addJob(state: SimulatorState, spec: SimulatedJobSpec, name = ''): ElbCreateResponse {
  const job = createSimulatedJob(spec, state.clock.now(), name);

  if (state.jobs.has(job.jobId)) {
    const field = name === '' ? 'jobId' : `${name}.jobId`;
    throw new TypeError(`Expected option \`${field}\` to be new, got ${describe(job.jobId)}`);
  }

  state.jobs.set(job.jobId, job);

  return { uri: `/v1/${state.projectId}/jobs/${job.jobId}`, job_id: job.jobId };
}

/**
 * The project, credentials, jobs, faults and throttle to serve: from the options and the
 * scenario.
 *
 * @throws TypeError when one is given both ways.
 */
async function settingsOf(options: SimulatorOptions): Promise<SimulatorScenario> {
  const { projectId, token, aksk, jobs, throttle, scenario } = options;
  const own = { projectId, token, aksk, jobs, throttle };

  if (scenario === undefined) {
    return own;
  }

  const loaded = await loadScenario(scenario);

  for (const key of Object.keys(own) as (keyof typeof own)[]) {
    if (own[key] !== undefined && loaded[key] !== undefined) {
      throw new TypeError(`Give option \`${key}\` or \`scenario.${key}\`, not both`);
    }
  }

  return {
    ...loaded,
    ...Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)),
  };
}

function addScenarioFault(state: SimulatorState, { jobId, times, ...fault }: ScenarioFault): void {
  state.faults.add(fault, { jobId, times });
}

function throttleWindows(name: string, throttle: unknown): ThrottleWindows {
  return new ThrottleWindows(checkedThrottle(name, throttle));
}

function countConnections(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.getConnections((error, count) => (error ? reject(error) : resolve(count)));
  });
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

async function closeServer(state: SimulatorState, server: Server): Promise<void> {
  for (const timer of state.timers) clearTimeout(timer);
  state.timers.clear();

  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

function assertJobs(jobs: unknown): asserts jobs is readonly SimulatedJobSpec[] {
  if (!Array.isArray(jobs)) {
    throw new TypeError(
      `Expected option \`jobs\` to be an array of job specs, got ${describe(jobs)}`,
    );
  }
}

function assertLoopback(host: unknown): asserts host is string {
  // isIPv4 refuses octets over 255 (`127.999.0.1`), which would otherwise go to DNS.
  const loopback =
    typeof host === 'string' &&
    (host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.')));

  if (!loopback) {
    throw new TypeError(`Expected option \`host\` to be a loopback address, got ${describe(host)}`);
  }
}

function assertSimulatorToken(token: unknown): asserts token is string {
  assertTokenText('token', token);
}
