import { EventEmitter } from 'node:events';

import {
  WAITER_EVENT_NAMES,
  type SettledEvent,
  type WaitOutcome,
  type WaiterEvents,
} from '@jobwait/core';
import { ELB_WAIT_DEFAULTS, waitForElbJob, type ElbJob } from '@jobwait/elb-classic';
import { consoleReporter, type Detach, type OutputStream } from '@jobwait/reporters';

import type { ElbClassicWaitArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../lines.js';
import { failedOutcome, type FailedOutcome } from '../outcome.js';
import { formatJob } from '../output.js';
import { redactingStream } from '../redact.js';
import { readToken } from '../token.js';

/** What a command may touch of its process, injected so that tests can run it in-process. */
export interface CommandIo {
  /** Read for the token and `NO_COLOR`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Receives the final job. */
  readonly stdout: OutputStream;
  /** Receives progress and error lines. */
  readonly stderr: OutputStream;
  /** Stops the wait; abort it with the signal's name (`'SIGINT'`, `'SIGTERM'`) as reason. */
  readonly signal?: AbortSignal;
}

/**
 * Runs `jobwait elb-classic wait`: waits for the job with the token from the environment,
 * prints progress on stderr and the final job on stdout, and tells how it ended. Every text
 * from the server is made printable before it is written, and the token is redacted.
 *
 * @returns the exit code (see {@link ExitCode}).
 * @throws UsageError, before any request, when there is no token or an option is invalid.
 */
export async function elbClassicWait(args: ElbClassicWaitArgs, io: CommandIo): Promise<ExitCode> {
  const { token, variable } = readToken(io.env);
  const stdout = redactingStream(io.stdout, [token]);
  const stderr = redactingStream(io.stderr, [token]);
  const relay = new EventEmitter();
  const seen = watch(relay, args);
  const detach = attachReporter(args, relay, { ...io, stderr });

  try {
    const result = await waitForElbJob({
      ...args.endpoint,
      ...timing(args),
      projectId: args.projectId,
      jobId: args.jobId,
      token,
      signal: io.signal,
      on: relayTo(relay),
    });
    stdout.write(formatJob(result.jobId, result.observation, args.output));

    return ExitCode.Success;
  } catch (error) {
    if (!seen.started && (error instanceof TypeError || error instanceof RangeError)) {
      throw new UsageError(withFlagNames(error.message, variable), { cause: error });
    }

    const reason: unknown = io.signal?.reason;
    const outcome = failedOutcome(error, typeof reason === 'string' ? reason : undefined);

    return report(outcome, args, { stdout, stderr, finalLine: seen.finalLine });
  } finally {
    detach();
  }
}

/**
 * What the command notes of the events: whether the wait started, and which final line the
 * reporter printed, named by the outcome it told (none with `--quiet`).
 */
function watch(relay: EventEmitter, args: ElbClassicWaitArgs) {
  const seen: { started: boolean; finalLine?: WaitOutcome } = { started: false };

  relay.once('wait:start', () => (seen.started = true));
  relay.on('settled', (event: SettledEvent) => {
    if (args.progress !== 'quiet') seen.finalLine = event.outcome;
  });

  return seen;
}

function attachReporter(args: ElbClassicWaitArgs, relay: EventEmitter, io: CommandIo): Detach {
  if (args.progress === 'quiet') return () => {};

  const verbose = args.progress === 'verbose';

  return consoleReporter({ stream: io.stderr, verbose, env: io.env }).attach(relay);
}

/**
 * Prints the failed job on stdout, if there is one, and the `jobwait:` error line on stderr;
 * except when the reporter's final line (`<job>  failed after …: <message> [CODE] (…)`) has
 * already told all that line would: the error's own message and code, or a job failure's
 * provider code and reason. A line that adds causes, or follows a timeout, an interruption or
 * no final line at all, is always written, so no message or code is lost.
 */
function report(
  outcome: FailedOutcome,
  args: ElbClassicWaitArgs,
  io: { stdout: OutputStream; stderr: OutputStream; finalLine: WaitOutcome | undefined },
): ExitCode {
  if (outcome.job !== undefined) io.stdout.write(formatJob(args.jobId, outcome.job, args.output));

  if (!(io.finalLine === 'failed' && outcome.toldByFailedLine)) {
    writeLine(io.stderr, `jobwait: ${outcome.message}`);
  }

  return outcome.exitCode;
}

/** The timing flags, with the API's defaults moved where needed to keep min <= max. */
function timing({ timeoutMs, initialDelayMs, minDelayMs, maxDelayMs }: ElbClassicWaitArgs) {
  const min = minDelayMs ?? Math.min(ELB_WAIT_DEFAULTS.minDelayMs, maxDelayMs ?? Infinity);
  const max = maxDelayMs ?? Math.max(ELB_WAIT_DEFAULTS.maxDelayMs, min);

  return { timeoutMs, initialDelayMs, minDelayMs: min, maxDelayMs: max };
}

function relayTo(relay: EventEmitter): Partial<WaiterEvents<ElbJob>> {
  const entries = WAITER_EVENT_NAMES.map((name) => [
    name,
    (event: unknown) => relay.emit(name, event),
  ]);

  return Object.fromEntries(entries) as Partial<WaiterEvents<ElbJob>>;
}

/** The adapter names options as its API does; on the command line they are flags. */
function withFlagNames(message: string, tokenVariable: string): string {
  const flags: Readonly<Record<string, string>> = {
    projectId: '--project-id',
    jobId: '<job-id>',
    endpoint: '--endpoint',
    cloud: '--cloud',
    region: '--region',
    timeoutMs: '--timeout',
    initialDelayMs: '--initial-delay',
    minDelayMs: '--min-delay',
    maxDelayMs: '--max-delay',
    token: tokenVariable,
  };

  return message.replace(/option `([^`]+)`/g, (match, name: string) => flags[name] ?? match);
}
