import { EventEmitter } from 'node:events';

import {
  WAITER_EVENT_NAMES,
  type SettledEvent,
  type WaitOutcome,
  type WaiterEvents,
} from '@jobwait/core';
import { ELB_WAIT_DEFAULTS, waitForElbJob, type ElbAuth, type ElbJob } from '@jobwait/elb-classic';
import { consoleReporter, type Detach, type OutputStream } from '@jobwait/reporters';

import type { ElbClassicWaitArgs } from '../args.js';
import { authFromCredentials } from '../auth-from-credentials.js';
import { secretsIn } from '../credential-variables.js';
import { readCredentials } from '../credentials.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../lines.js';
import { withOptionNames, type Sources } from '../option-names.js';
import { failedOutcome, type FailedOutcome } from '../outcome.js';
import { formatJob } from '../output.js';
import { redactingStream } from '../redact.js';
import { waitTarget, type WaitTarget } from '../wait-target.js';

/** What a command may touch of its process, injected so that tests can run it in-process. */
export interface CommandIo {
  /** Read for the credentials, the project id and region they may bring, and `NO_COLOR`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Receives the final job. */
  readonly stdout: OutputStream;
  /** Receives progress and error lines. */
  readonly stderr: OutputStream;
  /** Stops the wait; abort it with the signal's name (`'SIGINT'`, `'SIGTERM'`) as reason. */
  readonly signal?: AbortSignal;
}

/**
 * Runs `jobwait elb-classic wait`: waits for the job with the credentials from the environment
 * (a token, an access key pair or a password sign-in), prints progress on stderr and the final
 * job on stdout, and tells how it ended. Every text from the server is made printable before
 * it is written, and every secret of the environment, and each token IAM issues, is redacted.
 *
 * @returns the exit code (see {@link ExitCode}).
 * @throws UsageError, before any request, when there are no credentials, a half-set pair, or
 *   an option is invalid; it names the flag or variable, never a secret.
 */
export async function elbClassicWait(args: ElbClassicWaitArgs, io: CommandIo): Promise<ExitCode> {
  // The streams read this list at every write, so a token IAM issues later is hidden too.
  const secrets = secretsIn(io.env);
  const { target, auth, sources } = prepare(args, io.env, (token) => secrets.push(token));
  const stdout = redactingStream(io.stdout, secrets);
  const stderr = redactingStream(io.stderr, secrets);
  const relay = new EventEmitter();
  const seen = watch(relay, args);
  const detach = attachReporter(args, relay, { ...io, stderr });

  try {
    const result = await waitForElbJob({
      ...target.endpoint,
      ...timing(args),
      projectId: target.projectId,
      jobId: args.jobId,
      auth,
      signal: io.signal,
      on: relayTo(relay),
    });
    stdout.write(formatJob(result.jobId, result.observation, args.output));

    return ExitCode.Success;
  } catch (error) {
    if (!seen.started && (error instanceof TypeError || error instanceof RangeError)) {
      throw new UsageError(withOptionNames(error.message, sources), { cause: error });
    }

    const reason: unknown = io.signal?.reason;
    const outcome = failedOutcome(error, typeof reason === 'string' ? reason : undefined);

    return report(outcome, args, { stdout, stderr, finalLine: seen.finalLine });
  } finally {
    detach();
  }
}

/**
 * Reads the credentials, the project and the endpoint, and builds the auth, all before any
 * request. `onToken` hears of each token IAM issues.
 */
function prepare(
  args: ElbClassicWaitArgs,
  env: CommandIo['env'],
  onToken: (token: string) => void,
): { target: WaitTarget; auth: ElbAuth; sources: Sources } {
  const credentials = readCredentials(env, args);
  const target = waitTarget(args, credentials);
  const auth = authFromCredentials(credentials, { target, signing: args.signing, onToken });

  return { target, auth, sources: credentials.sources };
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
