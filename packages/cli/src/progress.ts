import {
  consoleReporter,
  logReporter,
  type Detach,
  type LogThreshold,
  type OutputStream,
  type WaiterLike,
} from '@jobwait/reporters';

import type { ElbClassicWaitArgs } from './args.js';
import { printableLines } from './lines.js';
import type { ReporterName } from './reporter-args.js';

/**
 * The reporter that shows the progress of a run: the one of `--reporter` (or `--quiet`, or
 * `--log-level`), else `console` when stderr is a TTY, where a person reads it, and `log`
 * anywhere else, where a machine most often does.
 */
export function reporterOf(args: ElbClassicWaitArgs, stderr: OutputStream): ReporterName {
  return args.reporter ?? (stderr.isTTY === true ? 'console' : 'log');
}

/** Where progress goes and what it must not show. */
export interface ProgressIo {
  readonly stderr: OutputStream;
  /** Read by the console reporter for `CI`, `TERM`, `NO_COLOR` and `FORCE_COLOR`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Secrets the log reporter replaces in its records, besides those `stderr` replaces. */
  readonly secrets: readonly string[];
}

/**
 * Shows the progress of `waiter` with `reporter`: plain or live lines of the console reporter
 * (with retries and delays when verbose), NDJSON records of the log reporter at `--log-level`
 * (`debug` when verbose, else `info`) with every line made printable, or nothing.
 *
 * @returns what detaches the reporter.
 */
export function attachProgress(
  reporter: ReporterName,
  args: ElbClassicWaitArgs,
  waiter: WaiterLike,
  { stderr, env, secrets }: ProgressIo,
): Detach {
  const verbose = args.progress === 'verbose';

  switch (reporter) {
    case 'none':
      return () => {};
    case 'console':
      return consoleReporter({ stream: stderr, verbose, env }).attach(waiter);
    case 'log': {
      const level: LogThreshold = args.logLevel ?? (verbose ? 'debug' : 'info');
      // Shorter secrets are left alone, as `redact` leaves them: replacing a two-letter
      // password wherever it occurs would garble every record.
      const redact = secrets.filter((secret) => secret.length >= 4);

      return logReporter({ stream: printableLines(stderr), level, redact }).attach(waiter);
    }
  }
}
