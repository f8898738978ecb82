import {
  isJobwaitError,
  type JobFailedError,
  type WaitAbortedError,
  type WaitTimeoutError,
} from '@jobwait/core';
import type { ElbJob } from '@jobwait/elb-classic';
import { formatDuration } from '@jobwait/reporters';

import { ExitCode } from './exit-codes.js';

/** How a wait that did not succeed ends the command. */
export interface FailedOutcome {
  readonly exitCode: ExitCode;
  /**
   * The error line for stderr, without the `jobwait:` prefix and the newline. It may hold a
   * server's text verbatim: write it with `writeLine`, which makes it printable.
   */
  readonly message: string;
  /**
   * Whether `message` tells nothing that the console reporter's final line of a `failed` wait
   * does not: the error's own message and code (for a job failure, the provider's code and
   * reason, which exit code 1 completes), and no cause. Always false for a timeout, an
   * interruption, and an error that is not a jobwait error, whose final lines differ.
   */
  readonly toldByFailedLine: boolean;
  /** The job's last observation, for stdout, when the job reached its failure state. */
  readonly job?: ElbJob;
}

/** What the command knows that makes an error line more useful. */
export interface OutcomeHints {
  /** What gave the project id, such as `--project-id` or `HW_PROJECT_ID`. */
  readonly projectIdFrom?: string;
}

/**
 * Reads the error a wait rejected with: its exit code, one line naming what went wrong (the
 * provider's code and reason, the request id when the adapter kept one, the error's code and
 * those of its causes), and the failed job. `signal` tells whether the interruption was
 * SIGINT (130) or SIGTERM (143). A job not found gets a hint, since a wrong job id or project
 * id is the usual reason: the API answers both with a 404.
 */
export function failedOutcome(
  error: unknown,
  signal: string | undefined,
  hints: OutcomeHints = {},
): FailedOutcome {
  if (!isJobwaitError(error)) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      exitCode: ExitCode.Error,
      message: `unexpected error: ${text}`,
      toldByFailedLine: false,
    };
  }

  switch (error.code) {
    case 'ERR_JOB_FAILED': {
      const failed = error as JobFailedError<ElbJob>;
      return { exitCode: ExitCode.JobFailed, ...ownLine(failed), job: failed.observation };
    }
    case 'ERR_WAIT_TIMEOUT':
      return {
        exitCode: ExitCode.Timeout,
        message: timeoutText(error as WaitTimeoutError<ElbJob>),
        toldByFailedLine: false,
      };
    case 'ERR_WAIT_ABORTED':
      return abortedOutcome(error as WaitAbortedError<ElbJob>, signal);
    case 'ERR_JOB_NOT_FOUND':
      return { exitCode: ExitCode.Error, ...ownLine(error, notFoundHint(hints)) };
    default:
      return { exitCode: ExitCode.Error, ...ownLine(error) };
  }
}

/**
 * The line of an error that ends a wait as `failed`, and whether it is only the error's own
 * message and code, as the reporter's final line tells them, or adds what causes say.
 */
function ownLine(error: Error & { code: string }, hint?: string) {
  const message = withCauses(error.message, error, hint);

  return { message, toldByFailedLine: message === `${error.message} [${error.code}]` };
}

function notFoundHint({ projectIdFrom }: OutcomeHints): string {
  const from = projectIdFrom === undefined ? '' : ` (from ${projectIdFrom})`;

  return `check the job id and the project id${from}`;
}

function abortedOutcome(error: WaitAbortedError<ElbJob>, signal: string | undefined) {
  const exitCode = signal === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted;
  const by = signal === undefined ? 'interrupted' : `interrupted by ${signal}`;
  const text = `${by}: stopped waiting for job ${error.jobId}; the job itself goes on`;

  return { exitCode, message: `${text} [${error.code}]`, toldByFailedLine: false };
}

function timeoutText(error: WaitTimeoutError<ElbJob>): string {
  const last = error.lastObservation?.status;
  const seen = last === undefined ? '' : ` (last status ${last})`;
  const lastError = error.lastError === undefined ? [] : causesOf({ cause: error.lastError });
  const because = lastError[0] === undefined ? '' : `; last error: ${lastError[0].message}`;
  const text = `timed out after ${formatDuration(error.timeoutMs)} waiting for job ${error.jobId}`;

  return withCauses(`${text}${seen}${because}`, error);
}

/**
 * Says each fact once: `text`, then the message of each cause that the text does not already
 * hold, then the `hint` if any, then the error's code and its causes' codes, outermost first.
 * For example `Polling job 4a… failed 6 times in a row; last error: GET … failed: connect
 * ECONNREFUSED 127.0.0.1:1 [ERR_POLL_FAILED, cause ERR_ELB_NETWORK]`.
 */
function withCauses(text: string, error: Error & { code: string }, hint?: string): string {
  const codes = [error.code];
  let line = text;

  for (const cause of causesOf(error)) {
    if (cause.message !== '' && !line.includes(cause.message)) line += `; cause: ${cause.message}`;
    if (cause.code !== undefined && !codes.includes(cause.code)) codes.push(cause.code);
  }
  if (hint !== undefined) line += `; ${hint}`;

  return `${line} [${codes.join(', cause ')}]`;
}

interface CauseText {
  readonly message: string;
  readonly code?: string;
}

/** The messages and codes of `error`'s chain of causes, nearest first, at most five deep. */
function causesOf(error: { cause?: unknown }): CauseText[] {
  const causes: CauseText[] = [];
  let cause = error.cause;

  while (causes.length < 5) {
    if (typeof cause === 'string') return [...causes, { message: cause }];
    if (!(cause instanceof Error)) return causes;

    const code = (cause as { code?: unknown }).code;
    causes.push({ message: cause.message, ...(typeof code === 'string' ? { code } : {}) });
    cause = cause.cause;
  }

  return causes;
}
