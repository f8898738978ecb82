import { parseCommandLine } from './args.js';
import { elbClassicWait, type CommandIo } from './commands/elb-classic-wait.js';
import { UsageError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { helpText } from './help.js';

/** Everything `jobwait` needs of its process. */
export interface MainIo extends CommandIo {
  /** The arguments, without the node and script paths. */
  readonly argv: readonly string[];
  /** Printed by `--version`. */
  readonly version: string;
}

/**
 * Runs `jobwait` with `argv`: parses, dispatches, and turns every error into a line on stderr
 * and an exit code. Never throws and never exits the process; `bin.ts` does that.
 */
export async function main(io: MainIo): Promise<ExitCode> {
  try {
    const command = parseCommandLine(io.argv);

    switch (command.name) {
      case 'help':
        io.stdout.write(helpText(command.topic));
        return ExitCode.Success;
      case 'version':
        io.stdout.write(`${io.version}\n`);
        return ExitCode.Success;
      case 'elb-classic wait':
        return await elbClassicWait(command.args, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`jobwait: ${error.message}\n`);
      return ExitCode.Usage;
    }

    const text = error instanceof Error ? error.message : String(error);
    io.stderr.write(`jobwait: unexpected error: ${text}\n`);
    return ExitCode.Error;
  }
}
