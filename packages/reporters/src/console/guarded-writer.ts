/** The part of a writable stream the console reporter uses. `process.stderr` is one. */
export interface OutputStream {
  write(chunk: string): unknown;
  /** Whether the stream is a terminal; decides colour by default. */
  readonly isTTY?: boolean;
  on?(event: 'error', listener: (error: unknown) => void): unknown;
  off?(event: 'error', listener: (error: unknown) => void): unknown;
}

/** Writes lines to a stream that may fail, and stops at its first failure. */
export interface GuardedWriter {
  /** Writes `line` and a newline, unless the stream has failed before. Never throws. */
  write(line: string): void;
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

  stream.on?.('error', onError);

  return {
    write(line) {
      if (failed) return;
      try {
        stream.write(`${line}\n`);
      } catch {
        failed = true;
      }
    },
    release() {
      stream.off?.('error', onError);
    },
  };
}
