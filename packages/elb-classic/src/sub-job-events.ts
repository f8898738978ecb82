import { systemClock, type Clock, type JobSource, type PollContext } from '@jobwait/core';

import { bodyText } from './body-text.js';
import { errorMeaning } from './error-codes.js';
import type { ElbJob, ElbSubJob } from './job.js';
import { SubJobTracker, type SubJobChange } from './sub-job-tracker.js';
import { assertFunction, assertObject } from './validate.js';

/** The name under which `waitForElbJob`'s `on` option takes a {@link SubJobListener}. */
export const SUB_JOB_CHANGE_EVENT = 'sub-job:change';

/** A sub-job of the job being waited for changed its status, or was seen for the first time. */
export interface SubJobChangeEvent {
  /** The adapter kind of the parent job's source, `'elb-classic'`. */
  readonly kind: string;
  /** The id of the job being waited for, whose `sub_jobs` list this sub-job. */
  readonly parentJobId: string;
  /** The sub-job's `job_id`, when the provider gave it as a non-empty string. */
  readonly jobId: string | undefined;
  /** The sub-job's `job_type`, such as `createMember`, when given as a non-empty string. */
  readonly jobType: string | undefined;
  /** The sub-job's position in the list, from 0. */
  readonly index: number;
  /** The status before; absent the first time the sub-job is seen. */
  readonly from?: string;
  /** The status now, such as `RUNNING`, `SUCCESS` or `FAIL`. */
  readonly to: string;
  /** The poll of the wait that saw the change, from 1. */
  readonly attempt: number;
  /** When the change was seen, ISO 8601 in UTC, from the wait's clock. */
  readonly time: string;
  /** The sub-job's `error_code`, when given (usually at `FAIL`). */
  readonly errorCode?: string;
  /** The sub-job's `fail_reason`, when given. */
  readonly failReason?: string;
  /** What `errorCode` means, when it is a known code (see `ELB_ERROR_MEANINGS`). */
  readonly meaning?: string;
  /** The sub-job as the provider sent it. */
  readonly subJob: ElbSubJob;
}

/** Called once for each change of a sub-job's status. */
export type SubJobListener = (event: SubJobChangeEvent) => void;

/** Options of {@link watchSubJobs}. */
export interface WatchSubJobsOptions {
  /** Where the events' `time` comes from. Default: the process clock (`Date.now`). */
  clock?: Pick<Clock, 'now'>;
}

/**
 * Wraps a classic ELB job source so that `onChange` hears of every change of a sub-job's
 * status: each observation the source returns is compared with the previous one, and each
 * sub-job that is new or has another status gives one {@link SubJobChangeEvent}, in list
 * order, before the waiter reads the observation. Core's events carry the parent job's
 * observation only when its own status changes, so this is how a core `Waiter` of your own
 * reports sub-jobs; `waitForElbJob` does the same for its `on['sub-job:change']` listener.
 *
 * Use one wrapped source for one wait. An observation that arrives after its poll was
 * abandoned (per-poll timeout, deadline, abort) is not compared, since the waiter ignores it
 * too. A listener that throws is skipped and the wait goes on.
 *
 * @returns a job source with the same `id`, `kind`, `classify` and `reference`.
 * @throws TypeError naming `source` or `onChange`, when one is not what it should be.
 */
export function watchSubJobs(
  source: JobSource<ElbJob>,
  onChange: SubJobListener,
  options: WatchSubJobsOptions = {},
): JobSource<ElbJob> {
  assertSource(source);
  assertFunction('onChange', onChange);
  assertObject('options', options);
  const { clock = systemClock } = options;
  assertObject('clock', clock);
  assertFunction('clock.now', clock.now);

  const tracker = new SubJobTracker();
  const report = (job: ElbJob, attempt: number): void => {
    const time = new Date(clock.now()).toISOString();
    for (const change of tracker.changes(job)) {
      const event = eventOf(change, { kind: source.kind, parentJobId: source.id, attempt, time });
      callSafely(onChange, event);
    }
  };

  return { ...identity(source), poll: (context) => pollAndReport(source, context, report) };
}

async function pollAndReport(
  source: JobSource<ElbJob>,
  context: PollContext,
  report: (job: ElbJob, attempt: number) => void,
): Promise<ElbJob> {
  const job = await source.poll(context);

  if (!context.signal.aborted) report(job, context.attempt);

  return job;
}

/** The parts of a source other than `poll`, read once; methods stay bound to the source. */
function identity(source: JobSource<ElbJob>): Omit<JobSource<ElbJob>, 'poll'> {
  const { id, kind, classify } = source;
  const reference = source.reference?.bind(source);

  return {
    id,
    kind,
    ...(classify === undefined ? {} : { classify }),
    ...(reference === undefined ? {} : { reference }),
  };
}

interface EventContext {
  readonly kind: string;
  readonly parentJobId: string;
  readonly attempt: number;
  readonly time: string;
}

function eventOf(
  { subJob, index, from, to }: SubJobChange,
  context: EventContext,
): SubJobChangeEvent {
  const errorCode = bodyText(subJob.error_code);
  const failReason = bodyText(subJob.fail_reason);
  const meaning = errorMeaning(errorCode);

  return {
    kind: context.kind,
    parentJobId: context.parentJobId,
    jobId: bodyText(subJob.job_id),
    jobType: bodyText(subJob.job_type),
    index,
    ...(from === undefined ? {} : { from }),
    to,
    attempt: context.attempt,
    time: context.time,
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(failReason === undefined ? {} : { failReason }),
    ...(meaning === undefined ? {} : { meaning }),
    subJob,
  };
}

function callSafely(listener: SubJobListener, event: SubJobChangeEvent): void {
  try {
    listener(event);
  } catch {
    // A listener's fault must not turn a good observation into a failed poll.
  }
}

function assertSource(source: unknown): asserts source is JobSource<ElbJob> {
  const candidate = source as Partial<JobSource<ElbJob>> | null;

  if (
    typeof candidate?.id !== 'string' ||
    typeof candidate.kind !== 'string' ||
    typeof candidate.poll !== 'function'
  ) {
    throw new TypeError(
      'Expected option `source` to be a job source with a string `id` and `kind` and a `poll`',
    );
  }
}
