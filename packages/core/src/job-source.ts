import type { JsonValue } from './checkpoint.js';
import type { Classifier } from './verdict.js';

/** What the waiter hands to {@link JobSource.poll} on each poll. */
export interface PollContext {
  /**
   * Aborts when the poll must stop: the per-poll timeout passed, the wait's deadline passed,
   * or the caller cancelled the wait. Pass it to the HTTP client so the request is torn down.
   * Its `reason` is a `PollTimeoutError`, a `DOMException` named `TimeoutError` at the
   * deadline, or the reason the caller aborted with.
   */
  readonly signal: AbortSignal;
  /** The number of this poll in the wait, starting at 1. In-poll retries share the number. */
  readonly attempt: number;
}

/**
 * One job that can be observed. An adapter turns a provider's job id into a job source; the
 * waiter calls {@link JobSource.poll} until the job's observation is terminal.
 *
 * @typeParam T - the observation a poll returns, for example the parsed body of a jobs
 *   endpoint.
 */
export interface JobSource<T> {
  /** The provider's job id, used in events and errors. */
  readonly id: string;
  /** The adapter that produced the source, for example `'elb-classic'`. */
  readonly kind: string;
  /**
   * What kind of operation the job is, for example `'createELB'`, when the adapter knows it
   * before the first poll. Backoff strategies see it; `durationAwareBackoff` learns how long
   * jobs take per `kind` and `jobType`. Optional; when present, a string.
   */
  readonly jobType?: string;
  /**
   * Fetches one observation of the job. It may return the observation itself or a promise
   * (any thenable) of it, and may signal a transport or protocol error by throwing, at once
   * or by rejecting: the waiter classifies both alike. Throw `Error` objects; a `TypeError`
   * that is not a network error is never retried inside the poll.
   */
  poll(context: PollContext): T | PromiseLike<T>;
  /**
   * The adapter's reading of an observation or of an error from {@link JobSource.poll}. The
   * waiter uses it unless the caller gives its own `classify` option.
   */
  readonly classify?: Classifier<T>;
  /**
   * The adapter's fields that, with `id` and `kind`, let it rebuild this source in another
   * process, for example `{ projectId, endpoint }`. Checkpoints carry them; they must be plain
   * JSON and must never hold a secret. Optional: a source without it is resumed by `id` and
   * `kind` alone.
   */
  reference?(): Readonly<Record<string, JsonValue>>;
}

/**
 * Checks that `source` has what the waiter uses: a non-empty string `id`, a string `kind` and a
 * `poll` function.
 *
 * @param name - how the error names the source, for example `'sources[2]'`.
 * @throws TypeError naming the source and what it lacks.
 */
export function assertJobSource<T>(
  source: JobSource<T>,
  name = 'the job source',
): asserts source is JobSource<T> {
  let fields: { id: unknown; kind: unknown; poll: unknown; jobType: unknown };
  try {
    const candidate = source as Partial<JobSource<T>> | null;
    const { id, kind, poll, jobType } = candidate ?? {};
    fields = { id, kind, poll, jobType };
  } catch (error) {
    throw new TypeError(`Expected ${name} to be a job source whose fields can be read`, {
      cause: error,
    });
  }

  if (typeof fields.id !== 'string' || fields.id === '') {
    throw new TypeError(`Expected ${name} to have a non-empty string \`id\``);
  }

  if (typeof fields.kind !== 'string' || typeof fields.poll !== 'function') {
    throw new TypeError(`Expected ${name} to have a string \`kind\` and a \`poll\` function`);
  }

  if (fields.jobType !== undefined && typeof fields.jobType !== 'string') {
    throw new TypeError(`Expected the \`jobType\` of ${name} to be a string when present`);
  }
}
