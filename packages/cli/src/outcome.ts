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
  /** One line for stderr, without the `jobwait:` prefix and the newline. */
  readonly message: string;
  /** The job's last observation, for stdout, when the job reached its failure state. */
  readonly job?: ElbJob;
}

/**
 * Reads the error a wait rejected with: its exit code, one line naming what went wrong (the
 * error's code, the provider's code and reason, the request id when the adapter kept one), and
 * the failed job. `signal` tells whether the interruption was SIGINT (130) or SIGTERM (143).
 */
export function failedOutcome(error: unknown, signal: string | undefined): FailedOutcome {
  if (!isJobwaitError(error)) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { exitCode: ExitCode.Error, message: `unexpected error: ${oneLine(text)}` };
  }

  switch (error.code) {
    case 'ERR_JOB_FAILED': {
      const failed = error as JobFailedError<ElbJob>;
      return { exitCode: ExitCode.JobFailed, message: withCode(failed), job: failed.observation };
    }
    case 'ERR_WAIT_TIMEOUT':
      return {
        exitCode: ExitCode.Timeout,
        message: timeoutText(error as WaitTimeoutError<ElbJob>),
      };
    case 'ERR_WAIT_ABORTED':
      return abortedOutcome(error as WaitAbortedError<ElbJob>, signal);
    default:
      return { exitCode: ExitCode.Error, message: withCode(error) };
  }
}

function abortedOutcome(error: WaitAbortedError<ElbJob>, signal: string | undefined) {
  const exitCode = signal === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted;
  const by = signal === undefined ? 'interrupted' : `interrupted by ${signal}`;
  const text = `${by}: stopped waiting for job ${error.jobId}; the job itself goes on`;

  return { exitCode, message: `${text} [${error.code}]` };
}

function timeoutText(error: WaitTimeoutError<ElbJob>): string {
  const last = error.lastObservation?.status;
  const seen = last === undefined ? '' : ` (last status ${last})`;
  const lastError =
    error.lastError === undefined ? '' : `; last error: ${causeText(error.lastError)}`;
  const text = `timed out after ${formatDuration(error.timeoutMs)} waiting for job ${error.jobId}`;

  return oneLine(`${text}${seen}${lastError} [${error.code}]`);
}

function withCode(error: Error & { code: string }): string {
  const cause = error.cause === undefined ? '' : causeText(error.cause);
  const extra = cause === '' || error.message.includes(cause) ? '' : `; cause: ${cause}`;

  return oneLine(`${error.message}${extra} [${error.code}]`);
}

function causeText(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;

  return typeof code === 'string' ? `${cause.message} [${code}]` : cause.message;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
