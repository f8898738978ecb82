/** The part of a writable stream the console reporter uses. `process.stderr` is one. */
export interface OutputStream {
  write(chunk: string): unknown;
  /** Whether the stream is a terminal; decides the live mode and colour by default. */
  readonly isTTY?: boolean;
  /** The terminal's width in columns; live lines are cut to fit it. Default 80. */
  readonly columns?: number;
  /** The terminal's height in rows; the live block stays below it. Default 24. */
  readonly rows?: number;
  /**
   * Whether the terminal shows colours, as a Node.js TTY stream answers it; consulted only when
   * the environment does not decide colour by itself.
   */
  hasColors?(env: Readonly<Record<string, string | undefined>>): boolean;
  on?(event: 'error', listener: (error: unknown) => void): unknown;
  off?(event: 'error', listener: (error: unknown) => void): unknown;
}

/** Writes to a stream that may fail, and stops at its first failure. */
export interface GuardedWriter {
  /** Writes `line` and a newline, unless the stream has failed before. Never throws. */
  write(line: string): void;
  /** Writes `text` as it is, unless the stream has failed before. Never throws. */
  raw(text: string): void;
  /** Whether a write threw or the stream emitted `'error'`; nothing is written after that. */
  readonly failed: boolean;
  /** Removes the error listener the writer added to the stream. */
  release(): void;
}

/**
 * Guards writes to `stream`. A write that throws, or an `'error'` event (such as `EPIPE` once
 * the reader of a pipe has gone), turns the writer off instead of reaching the wait or
 * crashing the process for want of an error listener.
 */
export function guardedWriter(stream: OutputStream): GuardedWriter {
  let failed = false;
  const onError = (): void => {
    failed = true;
  };
  const raw = (text: string): void => {
    if (failed) return;
    try {
      stream.write(text);
    } catch {
      failed = true;
    }
  };

  stream.on?.('error', onError);

  return {
    write: (line) => raw(`${line}\n`),
    raw,
    get failed() {
      return failed;
    },
    release() {
      stream.off?.('error', onError);
    },
  };
}
