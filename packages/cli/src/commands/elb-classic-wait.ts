import { EventEmitter } from 'node:events';

import {
  WAITER_EVENT_NAMES,
  type Clock,
  type SettledEvent,
  type WaitOutcome,
  type WaiterEvents,
} from '@jobwait/core';
import { ELB_WAIT_DEFAULTS, waitForElbJob, type ElbAuth, type ElbJob } from '@jobwait/elb-classic';
import type { OutputStream } from '@jobwait/reporters';

import type { ElbClassicWaitArgs } from '../args.js';
import { authFromCredentials } from '../auth-from-credentials.js';
import { secretsIn } from '../credential-variables.js';
import { readCredentials } from '../credentials.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { warningLines, writeLine } from '../lines.js';
import { withOptionNames, type Sources } from '../option-names.js';
import { failedOutcome, type FailedOutcome } from '../outcome.js';
import { formatJob } from '../output.js';
import { attachProgress, reporterOf } from '../progress.js';
import { redactEvent, redactingStream } from '../redact.js';
import type { ReporterName } from '../reporter-args.js';
import { waitTarget, type WaitTarget } from '../wait-target.js';
import { startWebhook } from '../webhook.js';

/** What a command may touch of its process, injected so that tests can run it in-process. */
export interface CommandIo {
  /** Read for the credentials, the project id and region they may bring, and `NO_COLOR`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Receives the final job. */
  readonly stdout: OutputStream;
  /** Receives progress, warning and error lines. */
  readonly stderr: OutputStream;
  /** Stops the wait; abort it with the signal's name (`'SIGINT'`, `'SIGTERM'`) as reason. */
  readonly signal?: AbortSignal;
  /**
   * The time of the `--webhook` reporter: the timestamps it signs, the delays between its
   * retries and the deadline of its flush after the wait. Default: the process clock; a test
   * injects one to run a receiver's outage without waiting for it.
   */
  readonly webhookClock?: Clock;
}

/**
 * Runs `jobwait elb-classic wait`: waits for the job with the credentials from the environment
 * (a token, an access key pair or a password sign-in), shows progress on stderr with the
 * chosen reporter, sends the events to `--webhook` if given, prints the final job on stdout,
 * and tells how it ended. Every text from the server is made printable before it is written,
 * and every secret of the environment, and each token IAM issues, is redacted from all that
 * is written and sent.
 *
 * @returns the exit code (see {@link ExitCode}), once the webhook's messages are delivered or
 *   given up; those it could not deliver are told on stderr, but never change the code.
 * @throws UsageError, before any request, when there are no credentials, a half-set pair, no
 *   webhook secret for `--webhook`, or an option is invalid; it names the flag or variable,
 *   never a secret.
 */
export async function elbClassicWait(args: ElbClassicWaitArgs, io: CommandIo): Promise<ExitCode> {
  // The streams read this list at every write, so a token IAM issues later is hidden too.
  const secrets = secretsIn(io.env);
  const { target, auth, sources } = prepare(args, io.env, (token) => secrets.push(token));
  const stdout = redactingStream(io.stdout, secrets);
  const stderr = redactingStream(io.stderr, secrets);
  const reporting = startReporting(args, { ...io, stderr }, secrets);

  try {
    const result = await waitForElbJob({
      ...target.endpoint,
      ...timing(args),
      projectId: target.projectId,
      jobId: args.jobId,
      auth,
      signal: io.signal,
      on: relayTo(reporting.relay, secrets),
    });
    stdout.write(formatJob(result.jobId, result.observation, args.output));

    return ExitCode.Success;
  } catch (error) {
    if (!reporting.seen.started && (error instanceof TypeError || error instanceof RangeError)) {
      throw new UsageError(withOptionNames(error.message, sources), { cause: error });
    }

    const reason: unknown = io.signal?.reason;
    const signal = typeof reason === 'string' ? reason : undefined;
    const outcome = failedOutcome(error, signal, { projectIdFrom: sources.projectId });

    return report(outcome, args, { stdout, stderr, finalLine: reporting.seen.finalLine });
  } finally {
    await reporting.finish();
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
 * The reporters of a run, all fed by one relay of the wait's events: the progress reporter,
 * and the webhook, whose warnings wait for the end of the wait when the console reporter draws
 * on a terminal. `finish()` detaches them and flushes the webhook.
 *
 * @throws UsageError when `--webhook` has no usable secret; nothing is attached then.
 */
function startReporting(args: ElbClassicWaitArgs, io: CommandIo, secrets: readonly string[]) {
  const { stderr, env } = io;
  const reporter = reporterOf(args, stderr);
  const warnings = warningLines(stderr, { held: reporter === 'console' && stderr.isTTY === true });
  const webhook =
    args.webhook === undefined
      ? undefined
      : startWebhook(args.webhook, {
          env,
          warn: warnings.warn,
          clock: io.webhookClock,
          secrets,
        });
  const relay = new EventEmitter();
  const seen = watch(relay, reporter);
  const detach = attachProgress(reporter, args, relay, { stderr, env, secrets });
  webhook?.attach(relay);

  return {
    relay,
    seen,
    finish: async () => {
      detach();
      warnings.release();
      await webhook?.close();
    },
  };
}

/**
 * What the command notes of the events: whether the wait started, and which final line the
 * console reporter printed, named by the outcome it told (none with another reporter).
 */
function watch(relay: EventEmitter, reporter: ReporterName) {
  const seen: { started: boolean; finalLine?: WaitOutcome } = { started: false };

  relay.once('wait:start', () => (seen.started = true));
  relay.on('settled', (event: SettledEvent) => {
    if (reporter === 'console') seen.finalLine = event.outcome;
  });

  return seen;
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

/** Listeners that pass each event of the wait on to `relay`, with every secret redacted. */
function relayTo(relay: EventEmitter, secrets: readonly string[]): Partial<WaiterEvents<ElbJob>> {
  const entries = WAITER_EVENT_NAMES.map((name) => [
    name,
    (event: unknown) => relay.emit(name, redactEvent(event, secrets)),
  ]);

  return Object.fromEntries(entries) as Partial<WaiterEvents<ElbJob>>;
}
