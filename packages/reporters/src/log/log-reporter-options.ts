import type { OutputStream } from '../console/guarded-writer.js';
import { assertSecretList, kindOf, shown } from '../option-values.js';
import { LOG_THRESHOLDS, type LogThreshold } from './default-logger.js';
import { assertLoggerLike, type LoggerLike } from './logger-like.js';

/** Options of {@link logReporter}. */
export interface LogReporterOptions {
  /**
   * The logger records go to: any pino-compatible logger, such as your application's pino
   * logger or a child of it. Default: a pino logger named `jobwait` writing NDJSON to stderr,
   * made with `level`, `stream` and `redactPaths`, which cannot be combined with `logger`.
   */
  logger?: LoggerLike;
  /**
   * The lowest level the default logger writes: `'trace'`, `'debug'`, `'info'`, `'warn'`,
   * `'error'`, `'fatal'` or `'silent'`. Default `'info'`, which leaves out the `debug`
   * records of each poll and each backoff.
   */
  level?: LogThreshold;
  /** Where the default logger writes. Default: stderr (file descriptor 2), synchronously. */
  stream?: OutputStream;
  /**
   * Secrets (tokens, keys, passwords) to replace by `[redacted]` in every string field of every
   * record, as given and percent-encoded, whichever logger is used. Default none.
   */
  redact?: readonly string[];
  /**
   * pino redaction paths, such as `'failureReason'` or `'error.message'`, whose values the
   * default logger replaces by `[redacted]` whatever they hold. Default none.
   */
  redactPaths?: readonly string[];
}

const OPTION_NAMES: ReadonlySet<string> = new Set([
  'logger',
  'level',
  'stream',
  'redact',
  'redactPaths',
] satisfies (keyof LogReporterOptions)[]);

/** The options that shape the default logger, refused next to `logger`. */
const DEFAULT_LOGGER_OPTIONS = ['level', 'stream', 'redactPaths'] as const;

/**
 * Checks the options of {@link logReporter}.
 *
 * @throws TypeError naming the option that is unknown, of the wrong type, or given with
 *   `logger` although it only shapes the default logger.
 */
export function assertLogReporterOptions(options: unknown): asserts options is LogReporterOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    // By kind only: a string here may well be a secret meant for `redact`.
    throw new TypeError(`Expected the options to be an object, got ${kindOf(options)}`);
  }

  const given = options as Record<string, unknown>;
  const unknown = Object.keys(given).find((name) => !OPTION_NAMES.has(name));

  if (unknown !== undefined) {
    throw new TypeError(`Unknown option \`${unknown}\``);
  }
  if (given['logger'] !== undefined) {
    assertLoggerLike(given['logger']);
    const clash = DEFAULT_LOGGER_OPTIONS.find((name) => given[name] !== undefined);
    if (clash !== undefined) {
      throw new TypeError(
        `Option \`${clash}\` shapes the default logger; with \`logger\`, set it on that logger`,
      );
    }
  }
  assertLevel(given['level']);
  assertStream(given['stream']);
  for (const name of ['redact', 'redactPaths'] as const) {
    if (given[name] !== undefined) assertSecretList(name, given[name]);
  }
}

function assertLevel(level: unknown): void {
  if (level !== undefined && !LOG_THRESHOLDS.includes(level as LogThreshold)) {
    const names = LOG_THRESHOLDS.map((name) => `'${name}'`).join(', ');
    throw new TypeError(`Expected option \`level\` to be one of ${names}, got ${shown(level)}`);
  }
}

function assertStream(stream: unknown): void {
  if (stream === undefined) return;

  const write =
    typeof stream === 'object' && stream !== null
      ? (Reflect.get(stream, 'write') as unknown)
      : undefined;

  if (typeof write !== 'function') {
    throw new TypeError('Expected option `stream` to be a writable stream');
  }
}
