import { pino } from 'pino';

import type { OutputStream } from '../console/guarded-writer.js';
import type { LoggerLike } from './logger-like.js';
import { REDACTED } from '../redactor.js';

/** The thresholds a default logger takes: pino's levels, and `'silent'` for none. */
export type LogThreshold = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** The thresholds of {@link LogThreshold}, from the most to the least verbose, `silent` last. */
export const LOG_THRESHOLDS: readonly LogThreshold[] = Object.freeze([
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
  'silent',
]);

/** A logger the reporter made, and the stream it writes to. */
export interface DefaultLogger {
  readonly logger: LoggerLike;
  readonly destination: OutputStream;
}

/**
 * A pino logger named `jobwait` that writes NDJSON at `level` and above to `stream`, or to
 * stderr (file descriptor 2) written synchronously. Values at `redactPaths` are replaced by
 * `[redacted]` by pino itself.
 *
 * @throws TypeError naming option `redactPaths` when pino refuses one of the paths.
 */
export function defaultLogger({
  level,
  stream,
  redactPaths,
}: {
  level: LogThreshold;
  stream: OutputStream | undefined;
  redactPaths: readonly string[];
}): DefaultLogger {
  const redact =
    redactPaths.length === 0 ? {} : { redact: { paths: [...redactPaths], censor: REDACTED } };
  // Synchronous, so that no record is lost when the program exits right after a wait.
  const destination = stream ?? pino.destination({ dest: 2, sync: true });

  try {
    return { logger: pino({ name: 'jobwait', level, ...redact }, destination), destination };
  } catch (error) {
    if (redactPaths.length === 0) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new TypeError(`Expected option \`redactPaths\` to hold pino redaction paths: ${reason}`, {
      cause: error,
    });
  }
}
