import { printable, type OutputStream } from '@jobwait/reporters';

/**
 * Writes `text` and a newline to `stream`, with every character a terminal could act on
 * escaped ({@link printable}): text from a server, such as a failure reason, can then neither
 * break the line, forge another, nor steer the terminal.
 */
export function writeLine(stream: OutputStream, text: string): void {
  stream.write(`${printable(text)}\n`);
}
