import { EventEmitter } from 'node:events';

/** A control sequence: CSI, optional `?`, numeric parameters, one final letter. */
// eslint-disable-next-line no-control-regex -- reading control sequences is the point
const CSI = /^\u001b\[(\??)([\d;]*)([A-Za-z])/;

// eslint-disable-next-line no-control-regex -- as above
const SGR = /\u001b\[[\d;]*m/g;

/** Removes colour codes, keeping everything else. */
export function stripColors(text: string): string {
  return text.replace(SGR, '');
}

/**
 * A stand-in for a TTY stream (`isTTY`, `columns`, `rows`, `write`, `'error'` events) that
 * interprets what is written the way a terminal would: it keeps a screen of lines with the
 * rows that scrolled off above it, moves the cursor, erases, and ignores colours. It counts
 * what a real terminal would show as a mess: a character written past the last column (the
 * line would wrap) and a cursor moved up past the top row (a redraw that cannot erase).
 */
export class FakeTerminal extends EventEmitter {
  readonly isTTY = true;
  columns: number;
  rows: number;
  /** Every chunk written, as it was written. */
  readonly writes: string[] = [];
  /** The screen and its scrollback, one string per row. */
  readonly screen: string[] = [''];
  /** Rows that had to wrap: a character was written past the last column. */
  wrapped = 0;
  /** Cursor moves up that would have left the visible screen. */
  offscreen = 0;
  cursorVisible = true;
  #row = 0;
  #col = 0;
  /** Rows that go on from the row above, because the terminal wrapped it. */
  readonly #continued = new Set<number>();

  constructor({ columns = 80, rows = 24 }: { columns?: number; rows?: number } = {}) {
    super();
    this.columns = columns;
    this.rows = rows;
  }

  write(chunk: string): boolean {
    this.writes.push(chunk);
    let rest = chunk;

    while (rest !== '') {
      const sequence = CSI.exec(rest);
      if (sequence !== null) {
        this.#control(sequence[1] === '?', sequence[2] ?? '', sequence[3] ?? '');
        rest = rest.slice(sequence[0].length);
      } else {
        const char = String.fromCodePoint(rest.codePointAt(0) ?? 0);
        this.#print(char);
        rest = rest.slice(char.length);
      }
    }

    return true;
  }

  /** Everything written, colours removed and control sequences as they were. */
  get text(): string {
    return stripColors(this.writes.join(''));
  }

  /**
   * The lines on the screen and in the scrollback, a line the terminal wrapped joined again,
   * trailing blanks and the cursor's empty row dropped.
   */
  lines(): string[] {
    const lines: string[] = [];

    for (const [index, row] of this.screen.entries()) {
      if (this.#continued.has(index)) lines[lines.length - 1] += row;
      else lines.push(row);
    }
    const trimmed = lines.map((line) => line.trimEnd());
    while (trimmed.length > 0 && trimmed.at(-1) === '') trimmed.pop();

    return trimmed;
  }

  #print(char: string): void {
    if (char === '\n') {
      this.#row += 1;
      this.#col = 0;
      if (this.#row === this.screen.length) this.screen.push('');
    } else if (char === '\r') {
      this.#col = 0;
    } else if (char === '\u001b') {
      throw new Error(`Unexpected escape sequence ${JSON.stringify(char)}`);
    } else {
      if (this.#col >= this.columns) this.#wrap();
      const row = (this.screen[this.#row] ?? '').padEnd(this.#col);
      this.screen[this.#row] = row.slice(0, this.#col) + char + row.slice(this.#col + 1);
      this.#col += 1;
    }
  }

  /** A character past the last column goes to the start of the next row, as terminals do. */
  #wrap(): void {
    this.wrapped += 1;
    this.#print('\n');
    this.#continued.add(this.#row);
  }

  #control(isPrivate: boolean, parameters: string, final: string): void {
    const n = parameters === '' ? 1 : Number(parameters);

    if (isPrivate) {
      // ?25 is the cursor; ?2026 brackets a synchronized update, which changes nothing shown.
      if (parameters === '25') this.cursorVisible = final === 'h';
      return;
    }
    switch (final) {
      case 'm':
        return;
      case 'A':
        this.#moveTo(this.#row - n);
        return;
      case 'B':
        this.#moveTo(this.#row + n);
        return;
      case 'G':
        this.#col = n - 1;
        return;
      case 'K':
        this.#erase(parameters);
        return;
      default:
        throw new Error(`Unexpected control sequence ${final} with ${parameters}`);
    }
  }

  #moveTo(row: number): void {
    const top = Math.max(0, this.screen.length - this.rows);
    if (row < top) this.offscreen += 1;
    this.#row = Math.max(top, row);
    while (this.screen.length <= this.#row) this.screen.push('');
  }

  #erase(parameters: string): void {
    const row = this.screen[this.#row] ?? '';
    if (parameters === '2') {
      this.screen[this.#row] = '';
      this.#continued.delete(this.#row);
    } else if (parameters === '' || parameters === '0')
      this.screen[this.#row] = row.slice(0, this.#col);
    else throw new Error(`Unexpected erase ${parameters}`);
  }
}
