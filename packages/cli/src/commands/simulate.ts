import { loadScenario, startSimulator, type Simulator } from '@jobwait/elb-classic/testing';

import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../lines.js';
import type { SimulateArgs } from '../simulate-args.js';
import type { CommandIo } from './elb-classic-wait.js';

/**
 * Runs `jobwait simulate`: starts the classic ELB simulator of `@jobwait/elb-classic/testing`
 * with the scenario file, writes one JSON line on stdout once it listens
 * (`{"url":…,"projectId":…,"jobIds":[…]}`), and serves until `io.signal` aborts; then it
 * closes the server and every connection. Without a signal it serves for as long as the
 * process lives.
 *
 * @returns 130 when the signal's reason is `'SIGINT'`, 143 for `'SIGTERM'`, 0 for any other;
 *   4 when it cannot listen (a port in use), with a `jobwait:` line on stderr.
 * @throws UsageError, before it listens, for a scenario file that cannot be read, is not JSON
 *   or is not a valid scenario (the message names the field), and for a `--host` that is not
 *   a loopback address.
 */
export async function simulate(args: SimulateArgs, io: CommandIo): Promise<ExitCode> {
  const scenario = await readScenario(args.scenario);

  if (io.signal?.aborted === true) {
    return exitCodeOf(io.signal.reason);
  }

  const sim = await listen(args, scenario, io);
  if (typeof sim === 'number') return sim;

  try {
    io.stdout.write(`${JSON.stringify(announcement(sim))}\n`);
    writeLine(io.stderr, startLine(sim));
    const reason = await abortReason(io.signal);
    const by = typeof reason === 'string' ? ` by ${reason}` : '';
    writeLine(io.stderr, `elb-classic simulator stopped${by} after ${count(sim.requests.length)}`);

    return exitCodeOf(reason);
  } finally {
    await sim.close();
  }
}

/** What a script reads of a running simulator: one JSON object on one line. */
function announcement(sim: Simulator) {
  return { url: sim.url, projectId: sim.projectId, jobIds: sim.jobIds };
}

function startLine(sim: Simulator): string {
  const jobs = sim.jobIds.length === 1 ? '1 job' : `${sim.jobIds.length} jobs`;

  return (
    `elb-classic simulator at ${sim.url} (project ${sim.projectId}, ${jobs}); ` +
    'stop it with Ctrl-C or SIGTERM'
  );
}

async function readScenario(file: string) {
  try {
    return await loadScenario(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Read and JSON errors name the file already; a field's error does not.
    const invalid = error instanceof TypeError || error instanceof RangeError;

    throw new UsageError(invalid ? `Invalid scenario ${file}: ${message}` : message, {
      cause: error,
    });
  }
}

/** The running simulator, or the exit code when it cannot listen. */
async function listen(
  { port, host }: SimulateArgs,
  scenario: Awaited<ReturnType<typeof loadScenario>>,
  io: CommandIo,
): Promise<Simulator | ExitCode> {
  try {
    return await startSimulator({ scenario, port, host });
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      const message = error.message.replace(/option `host`/, '--host');
      throw new UsageError(message, { cause: error });
    }

    const { code } = error as { code?: unknown };
    const why = typeof code === 'string' ? code : 'ERROR';
    writeLine(io.stderr, `jobwait: Cannot listen on ${host}:${port} [${why}]`);

    return ExitCode.Error;
  }
}

/** Resolves to the signal's reason once it aborts; never, without a signal. */
function abortReason(signal: AbortSignal | undefined): Promise<unknown> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) {
      resolve(signal.reason);
      return;
    }

    signal.addEventListener('abort', () => resolve(signal.reason), { once: true });
  });
}

function exitCodeOf(reason: unknown): ExitCode {
  if (reason === 'SIGINT') return ExitCode.Interrupted;
  if (reason === 'SIGTERM') return ExitCode.Terminated;

  return ExitCode.Success;
}

function count(requests: number): string {
  return requests === 1 ? '1 request' : `${requests} requests`;
}
