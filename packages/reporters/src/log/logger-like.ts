/** The levels the log reporter writes at, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One logging method: a record of fields and a message, as pino's `logger.info(obj, msg)`. */
export type LogMethod = (record: object, message: string) => unknown;

/**
 * What the log reporter needs of a logger: one method per level it writes at, each taking the
 * record and then the message. A pino logger fits, and so does a child of one.
 */
export interface LoggerLike {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  /**
   * Whether records of `level` are written. Optional; when present, the reporter skips the
   * records the logger would drop, as pino's `isLevelEnabled` says.
   */
  isLevelEnabled?(level: string): boolean;
}

const LEVEL_METHODS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * Checks that `logger` has a method for each level the reporter writes at.
 *
 * @throws TypeError naming option `logger` and the method it lacks.
 */
export function assertLoggerLike(logger: unknown): asserts logger is LoggerLike {
  if (typeof logger !== 'object' || logger === null) {
    throw new TypeError(`Expected option \`logger\` to be a logger object, got ${String(logger)}`);
  }

  const candidate = logger as Record<string, unknown>;
  const missing = LEVEL_METHODS.find((level) => typeof candidate[level] !== 'function');

  if (missing !== undefined) {
    throw new TypeError(`Expected option \`logger\` to have a \`${missing}\` method`);
  }
  if (
    candidate['isLevelEnabled'] !== undefined &&
    typeof candidate['isLevelEnabled'] !== 'function'
  ) {
    throw new TypeError('Expected `logger.isLevelEnabled` to be a function when present');
  }
}
