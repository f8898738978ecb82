import {
  exponentialBackoff,
  resolveWaiterOptions,
  waitFor,
  type BackoffStrategy,
  type Clock,
  type JobSource,
  type WaiterEvents,
  type WaiterOptions,
  type WaitResult,
} from '@jobwait/core';

import { tokenAuth, type ElbAuth, type TokenProvider } from './auth.js';
import { ElbClient, type ElbClientOptions } from './client.js';
import { ELB_WAIT_DEFAULTS, pollTimeoutFor } from './defaults.js';
import type { ElbEndpointOptions } from './endpoint.js';
import { jobEntities, type ElbJobEntities } from './entities.js';
import { assertId, resolveJobId, type ElbCreateResponse } from './ids.js';
import type { ElbJob } from './job.js';
import { elbJobSource } from './job-source.js';
import type { RateLimitOptions } from './rate-limit/rate-limit-options.js';
import {
  SUB_JOB_CHANGE_EVENT,
  watchSubJobs,
  type SubJobListener,
  type WatchSubJobsOptions,
} from './sub-job-events.js';
import { assertFunction, assertNumber, assertObject, assertOptionalSignal } from './validate.js';

/**
 * The listeners `waitForElbJob` takes: core's waiter events, and `'sub-job:change'`, called
 * once for each change of a sub-job's status (see `watchSubJobs`).
 */
export type ElbWaitListeners = Partial<WaiterEvents<ElbJob>> & {
  'sub-job:change'?: SubJobListener;
};

/**
 * Options of {@link waitForElbJob}: where the job is, how to reach the API, and any core
 * waiter option. Every time is in milliseconds; every default is in {@link ELB_WAIT_DEFAULTS}.
 */
export interface WaitForElbJobOptions extends WaiterOptions<ElbJob>, ElbEndpointOptions {
  /** The project (tenant) id. Required. */
  projectId: string;
  /** The job id, or the create call's response `{ uri, job_id }`. Required. */
  jobId: string | ElbCreateResponse;
  /**
   * The job's type, such as `'createELB'`, when known: a duration-aware backoff plans the
   * whole wait, its first poll included, for jobs of that type. Default: the `job_type` the
   * first answer names (see `elbJobSource`).
   */
  jobType?: string;
  /** Adds credentials to each request. Give this or `token`, unless `client` is given. */
  auth?: ElbAuth;
  /** An IAM token, or a function that supplies one; shorthand for `auth: tokenAuth(token)`. */
  token?: string | TokenProvider;
  /**
   * A client to reuse, for example across many waits; it is left open. Without it the call
   * creates a client from `endpoint` (or `cloud` and `region`), `auth` or `token` and the
   * client options, and closes it when the wait settles.
   */
  client?: ElbClient;
  /** The longest one HTTP request may take. Default 10 000 ms. */
  requestTimeoutMs?: ElbClientOptions['requestTimeoutMs'];
  /** The largest response body accepted. Default 1 048 576 bytes. */
  maxResponseBytes?: ElbClientOptions['maxResponseBytes'];
  /** The most sockets open to the endpoint at once. Default 8. */
  maxSockets?: ElbClientOptions['maxSockets'];
  /**
   * Builds the transport of the client the call creates, such as `undiciTransport` from
   * `@jobwait/elb-classic/undici` (see `ElbClientOptions.transport`). Default `gotTransport`.
   */
  transport?: ElbClientOptions['transport'];
  /**
   * Paces requests under the gateway's limit, with one limiter per endpoint origin and project
   * id shared by every wait of the process that gives one (see `RateLimitOptions`); its clock
   * defaults to `clock`. Default: none.
   */
  rateLimit?: ElbClientOptions['rateLimit'];
  /** Cancels the wait: it rejects with core's `WaitAbortedError`. */
  signal?: AbortSignal;
  /**
   * Listeners for this wait's events: core's (`'state:change'`, `'poll:end'`, …) and
   * `'sub-job:change'`, which hears of each sub-job's change of status, once per change.
   */
  on?: ElbWaitListeners;
}

/** What {@link waitForElbJob} resolves to: core's result, plus the typed entities. */
export interface ElbWaitResult extends WaitResult<ElbJob> {
  /** The job's result, typed by job type (see `jobEntities`). */
  readonly entities: ElbJobEntities | undefined;
}

const CLIENT_KEYS = [
  'endpoint',
  'cloud',
  'region',
  'auth',
  'token',
  'requestTimeoutMs',
  'maxResponseBytes',
  'maxSockets',
  'transport',
  'rateLimit',
] as const;

/**
 * Waits for one classic ELB job to finish, with defaults suited to this API: first poll after
 * 3 s, then every 2 s growing to 15 s, for at most 10 minutes, each request cut at 10 s.
 *
 * With `backoff: elbDurationAwareBackoff()` it polls when a job of its type is likely to have
 * ended instead: that backoff places the first poll too, unless `initialDelayMs` is given.
 *
 * @returns the successful observation, its typed entities, the attempts and the time taken.
 * @throws TypeError or RangeError naming the first invalid option, before any request; core's
 *   `JobFailedError` (with the job's `error_code` as `providerCode`, and as `reason` its
 *   `fail_reason`, what a known code means and the failed sub-jobs; `failedSubJobs(error)`
 *   lists those as data), `WaitTimeoutError`, `WaitAbortedError`, `UnexpectedStateError`,
 *   `NotFoundError` or `PollFailedError`; ElbHttpError or ElbProtocolError for a fatal answer.
 */
export async function waitForElbJob(options: WaitForElbJobOptions): Promise<ElbWaitResult> {
  assertObject('options', options);
  const { projectId, client: given, signal, on } = options;
  assertId('projectId', projectId);
  const jobId = resolveJobId('jobId', options.jobId);
  assertOptionalSignal('signal', signal);
  const { coreOn, onSubJob } = splitListeners(on);
  // Checked first, since the default per-poll timeout is derived from it.
  if (options.requestTimeoutMs !== undefined) {
    assertNumber('requestTimeoutMs', options.requestTimeoutMs, { min: 1 });
  }
  const waiterOptions = elbWaiterOptions(options);
  resolveWaiterOptions(waiterOptions);

  const client = given === undefined ? new ElbClient(clientOptions(options)) : checked(options);

  try {
    const polled = elbJobSource({ client, projectId, jobId, jobType: options.jobType });
    const { clock } = waiterOptions;
    const source =
      onSubJob === undefined ? polled : watchingSubJobs(polled, onSubJob, clock ? { clock } : {});
    const result = await waitFor(source, { ...waiterOptions, signal, on: coreOn });

    return { ...result, entities: jobEntities(result.observation) };
  } finally {
    if (given === undefined) client.close();
  }
}

/**
 * `source` wrapped by `watchSubJobs`, with the source's `jobType` read through, as the source
 * may learn it from its first answer.
 */
function watchingSubJobs(
  source: JobSource<ElbJob>,
  onChange: SubJobListener,
  options: WatchSubJobsOptions,
): JobSource<ElbJob> {
  const watched = watchSubJobs(source, onChange, options);

  return {
    ...watched,
    get jobType() {
      return source.jobType;
    },
  };
}

/** The `on` option split into core's listeners and the sub-job listener, each checked. */
function splitListeners(on: ElbWaitListeners | undefined): {
  coreOn: Partial<WaiterEvents<ElbJob>> | undefined;
  onSubJob: SubJobListener | undefined;
} {
  if (on === undefined) return { coreOn: undefined, onSubJob: undefined };

  assertObject('on', on);
  if (!Object.hasOwn(on, SUB_JOB_CHANGE_EVENT)) return { coreOn: on, onSubJob: undefined };

  const { [SUB_JOB_CHANGE_EVENT]: onSubJob, ...coreOn } = on;
  if (onSubJob !== undefined) assertFunction(`on.${SUB_JOB_CHANGE_EVENT}`, onSubJob);

  return { coreOn, onSubJob };
}

/** The core waiter options of a wait: the caller's, over this API's defaults. */
function elbWaiterOptions(options: WaitForElbJobOptions): WaiterOptions<ElbJob> {
  const waiterOptions: Record<string, unknown> = { ...options };
  for (const key of [...CLIENT_KEYS, 'projectId', 'jobId', 'jobType', 'client', 'signal', 'on']) {
    delete waiterOptions[key];
  }

  const requestTimeoutMs =
    options.client?.requestTimeoutMs ??
    options.requestTimeoutMs ??
    ELB_WAIT_DEFAULTS.requestTimeoutMs;
  const {
    minDelayMs = ELB_WAIT_DEFAULTS.minDelayMs,
    maxDelayMs = ELB_WAIT_DEFAULTS.maxDelayMs,
    timeoutMs = ELB_WAIT_DEFAULTS.timeoutMs,
    pollTimeoutMs = pollTimeoutFor(requestTimeoutMs),
    backoff = elbBackoff(),
  } = options;
  const first = firstPoll(options.initialDelayMs, backoff);

  const defaulted = { minDelayMs, maxDelayMs, timeoutMs, pollTimeoutMs, backoff, ...first };

  return { ...waiterOptions, ...defaulted };
}

/**
 * The `initialDelayMs` of a wait: the caller's; none when the caller set none and the backoff
 * places the first poll itself (has `initialDelay`, as a duration-aware one does); otherwise
 * this API's default.
 */
function firstPoll(
  initialDelayMs: number | undefined,
  backoff: BackoffStrategy,
): { initialDelayMs?: number } {
  if (initialDelayMs !== undefined) return { initialDelayMs };

  // Read with care: a backoff of the wrong type is refused later, naming the option.
  const placesFirstPoll =
    typeof (backoff as Partial<BackoffStrategy> | null)?.initialDelay === 'function';

  return placesFirstPoll ? {} : { initialDelayMs: ELB_WAIT_DEFAULTS.initialDelayMs };
}

/** The backoff of {@link waitForElbJob}: 2 s, doubling, up to 15 s, without jitter. */
export function elbBackoff(): BackoffStrategy {
  return exponentialBackoff({
    baseDelayMs: ELB_WAIT_DEFAULTS.baseDelayMs,
    factor: ELB_WAIT_DEFAULTS.backoffFactor,
    capDelayMs: ELB_WAIT_DEFAULTS.maxDelayMs,
    jitter: 'none',
  });
}

function clientOptions(options: WaitForElbJobOptions): ElbClientOptions {
  const { auth, token, endpoint, cloud, region } = options;
  const { requestTimeoutMs, maxResponseBytes, maxSockets, transport, clock } = options;

  if ((auth === undefined) === (token === undefined)) {
    throw new TypeError('Expected exactly one of options `auth` and `token`');
  }

  const limits = { requestTimeoutMs, maxResponseBytes, maxSockets, transport };
  const rateLimit = withClock(options.rateLimit, clock);

  return {
    endpoint,
    cloud,
    region,
    ...limits,
    ...(rateLimit === undefined ? {} : { rateLimit }),
    auth: auth ?? tokenAuth(token as string | TokenProvider),
  };
}

/** The rate limit of a wait, on the waiter's clock unless it names its own. */
function withClock(rateLimit: RateLimitOptions | undefined, clock: Clock | undefined) {
  const plain = typeof rateLimit === 'object' && rateLimit !== null && !Array.isArray(rateLimit);
  // Anything else goes to the client as it is, to be refused there with the option's name.
  if (!plain || clock === undefined || rateLimit.clock !== undefined) return rateLimit;

  return { ...rateLimit, clock };
}

/** The caller's client, once sure that no option meant for a new client came with it. */
function checked({ client, ...options }: WaitForElbJobOptions): ElbClient {
  if (!(client instanceof ElbClient)) {
    throw new TypeError('Expected option `client` to be an ElbClient');
  }

  const clash = CLIENT_KEYS.find((key) => options[key] !== undefined);
  if (clash !== undefined) {
    throw new TypeError(`Option \`${clash}\` cannot be given with option \`client\``);
  }

  return client;
}
