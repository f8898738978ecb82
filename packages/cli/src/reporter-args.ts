import { WAITER_EVENT_NAMES, type WaiterEventName } from '@jobwait/core';
import { LOG_THRESHOLDS, type LogThreshold } from '@jobwait/reporters';

import type { ProgressLevel } from './args.js';
import { UsageError } from './errors.js';

/**
 * What shows progress on stderr: `console`, lines for people (a live line per job on a
 * terminal); `log`, one NDJSON record per event; `none`, nothing but errors and warnings.
 */
export type ReporterName = 'console' | 'log' | 'none';

/** The values of `--reporter`. */
export const REPORTERS: readonly ReporterName[] = ['console', 'log', 'none'];

/** Where `--webhook` sends the events of the wait, and which. */
export interface WebhookArgs {
  /** From `--webhook`: an absolute `http:` or `https:` URL. */
  readonly url: string;
  /**
   * From `--webhook-events`, without repeats. Absent: the webhook reporter's default,
   * `state:change` and `settled`.
   */
  readonly events?: readonly WaiterEventName[];
}

/** The arguments of `elb-classic wait` that say how the wait is reported. */
export interface ReporterArgs {
  readonly progress: ProgressLevel;
  readonly reporter?: ReporterName;
  readonly logLevel?: LogThreshold;
  readonly webhook?: WebhookArgs;
}

/** The flags {@link reporterArgs} reads, as `parseArgs` gives them. */
export interface ReporterFlags {
  readonly reporter?: string | undefined;
  readonly 'log-level'?: string | undefined;
  readonly webhook?: string | undefined;
  readonly 'webhook-events'?: string | undefined;
  readonly quiet?: boolean | undefined;
  readonly verbose?: boolean | undefined;
}

/**
 * Reads the reporter flags. `--quiet` means `--reporter none`; `--log-level` alone means
 * `--reporter log`; without either or `--reporter`, the reporter is left for the command to
 * choose by its stderr. `--verbose` shows more of what the reporter shows, so it cannot go with
 * `none`, nor with `--log-level`, which says how much the log shows by itself.
 *
 * @throws UsageError naming the flag whose value is wrong, or the flags that contradict each
 *   other. The webhook URL is never echoed: it may hold credentials.
 */
export function reporterArgs(flags: ReporterFlags): ReporterArgs {
  const { quiet = false, verbose = false } = flags;

  if (quiet && verbose) throw new UsageError('Give --quiet or --verbose, not both');

  const reporter = chosenReporter(flags);
  const logLevel = logLevelOf(flags, reporter);

  if (verbose && reporter === 'none') {
    throw new UsageError('Give --verbose or --reporter none, not both');
  }
  if (verbose && logLevel !== undefined) {
    throw new UsageError('Give --verbose or --log-level, not both; --verbose means debug');
  }

  const progress = reporter === 'none' ? 'quiet' : verbose ? 'verbose' : 'normal';
  const webhook = webhookArgs(flags);

  return {
    progress,
    ...(reporter === undefined ? {} : { reporter }),
    ...(logLevel === undefined ? {} : { logLevel }),
    ...(webhook === undefined ? {} : { webhook }),
  };
}

function chosenReporter(flags: ReporterFlags): ReporterName | undefined {
  const named = oneOf('reporter', flags.reporter, REPORTERS);

  if (flags.quiet === true) {
    if (named !== undefined && named !== 'none') {
      throw new UsageError(`Give --quiet or --reporter ${named}, not both`);
    }
    return 'none';
  }

  return named ?? (flags['log-level'] === undefined ? undefined : 'log');
}

function logLevelOf(flags: ReporterFlags, reporter: ReporterName | undefined) {
  const level = oneOf('log-level', flags['log-level'], LOG_THRESHOLDS);

  // With a level and no `--reporter`, the reporter is `log`; it is undefined only without one.
  if (level !== undefined && reporter !== undefined && reporter !== 'log') {
    const other = flags.quiet === true ? '--quiet' : `--reporter ${reporter}`;
    throw new UsageError(`--log-level goes with --reporter log, not ${other}`);
  }

  return level;
}

/** `value` when it is one of `allowed`; the flags that take such a value name no secret. */
function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || allowed.includes(value as T)) return value as T | undefined;

  throw new UsageError(`Expected --${flag} to be one of ${allowed.join(', ')}; got \`${value}\``);
}

function webhookArgs(flags: ReporterFlags): WebhookArgs | undefined {
  const { webhook: url, 'webhook-events': events } = flags;

  if (url === undefined) {
    if (events !== undefined) throw new UsageError('--webhook-events goes with --webhook URL');
    return undefined;
  }
  if (!isHttpUrl(url)) {
    // Not echoed: a receiver's URL may carry a token or a password.
    throw new UsageError('Expected --webhook to be an http: or https: URL');
  }

  return events === undefined ? { url } : { url, events: eventNames(events) };
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;

  const { protocol } = new URL(text);

  return protocol === 'http:' || protocol === 'https:';
}

/** `state:change, settled` as a list of event names, each known, none repeated. */
function eventNames(list: string): WaiterEventName[] {
  const names = list.split(',').map((name) => name.trim());

  for (const name of names) {
    if (!WAITER_EVENT_NAMES.includes(name as WaiterEventName)) {
      const got = name === '' ? 'an empty name' : `\`${name}\``;
      throw new UsageError(
        `Expected --webhook-events to be a comma-separated list of ` +
          `${WAITER_EVENT_NAMES.join(', ')}; got ${got}`,
      );
    }
  }

  return [...new Set(names as WaiterEventName[])];
}
