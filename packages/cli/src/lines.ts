import { printable, type OutputStream } from '@jobwait/reporters';

/**
 * Writes `text` and a newline to `stream`, with every character a terminal could act on
 * escaped ({@link printable}): text from a server, such as a failure reason, can then neither
 * break the line, forge another, nor steer the terminal.
 */
export function writeLine(stream: OutputStream, text: string): void {
  stream.write(`${printable(text)}\n`);
}

/** Writes `jobwait: warning:` lines, at once or, while held, when released. */
export interface WarningLines {
  /** Writes `jobwait: warning: <text>`, or keeps it while the lines are held. */
  readonly warn: (text: string) => void;
  /** Writes the lines kept, in order; later warnings are written at once. */
  readonly release: () => void;
}

/**
 * Warning lines for `stream`. `held` keeps them until `release()`: a line written under the
 * console reporter's live block would scroll it, and its next frame would leave a copy behind.
 */
export function warningLines(stream: OutputStream, { held }: { held: boolean }): WarningLines {
  const kept: string[] = [];
  let holding = held;
  const write = (text: string): void => writeLine(stream, `jobwait: warning: ${text}`);

  return {
    warn: (text) => {
      if (holding) kept.push(text);
      else write(text);
    },
    release: () => {
      holding = false;
      kept.splice(0).forEach(write);
    },
  };
}

/**
 * A stream that writes each line it is given through {@link printable}, newlines kept. For
 * NDJSON: the escaping of JSON leaves C1 controls, line separators and bidirectional controls
 * raw, which `printable` writes as `\uXXXX` escapes, so each record stays valid JSON with the
 * same values, and a server's text cannot steer the terminal through a log record.
 */
export function printableLines(stream: OutputStream): OutputStream {
  return {
    isTTY: stream.isTTY,
    write: (chunk) => stream.write(chunk.split('\n').map(printable).join('\n')),
    on: (event, listener) => stream.on?.(event, listener),
    off: (event, listener) => stream.off?.(event, listener),
  };
}
