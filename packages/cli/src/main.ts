import type { OutputStream } from '@jobwait/reporters';

import { parseCommandLine, type Command } from './args.js';
import { elbClassicWait, type CommandIo } from './commands/elb-classic-wait.js';
import { simulate } from './commands/simulate.js';
import { secretsIn } from './credential-variables.js';
import { UsageError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { helpText } from './help.js';
import { writeLine } from './lines.js';
import { redactingStream } from './redact.js';

/** Everything `jobwait` needs of its process. */
export interface MainIo extends CommandIo {
  /** The arguments, without the node and script paths. */
  readonly argv: readonly string[];
  /** Printed by `--version`. */
  readonly version: string;
}

/**
 * Runs `jobwait` with `argv`: parses, dispatches, and turns every error into a line on stderr
 * and an exit code. Every secret in the environment (tokens, secret keys, security tokens,
 * passwords) is replaced by `[redacted]` in all it writes, usage errors included. Never throws
 * and never exits the process; `bin.ts` does that.
 */
export async function main(io: MainIo): Promise<ExitCode> {
  // Wrapped before parsing: a usage error may echo an argument, which may be a secret.
  const secrets = secretsIn(io.env);
  const stdout = redactingStream(io.stdout, secrets);
  const stderr = redactingStream(io.stderr, secrets);

  try {
    return await run(parseCommandLine(io.argv), { ...io, stdout, stderr });
  } catch (error) {
    return reportError(error, stderr);
  }
}

async function run(command: Command, io: MainIo): Promise<ExitCode> {
  switch (command.name) {
    case 'help':
      io.stdout.write(helpText(command.topic));
      return ExitCode.Success;
    case 'version':
      io.stdout.write(`${io.version}\n`);
      return ExitCode.Success;
    case 'elb-classic wait':
      for (const warning of command.warnings) writeLine(io.stderr, `jobwait: warning: ${warning}`);
      return await elbClassicWait(command.args, io);
    case 'simulate':
      return await simulate(command.args, io);
  }
}

function reportError(error: unknown, stderr: OutputStream): ExitCode {
  if (error instanceof UsageError) {
    writeLine(stderr, `jobwait: ${error.message}`);
    return ExitCode.Usage;
  }

  const text = error instanceof Error ? error.message : String(error);
  writeLine(stderr, `jobwait: unexpected error: ${text}`);
  return ExitCode.Error;
}
