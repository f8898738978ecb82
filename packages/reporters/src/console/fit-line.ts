import type { Style } from './ansi.js';

/** A piece of a line and the style it is shown in. */
export type Segment = readonly [text: string, style: Style];

const ELLIPSIS = '…';

/**
 * The columns a character may take, erring wide: 1 below U+1100 and for braille (the
 * spinner), 2 for everything above, where the wide scripts and emoji are. Control characters
 * never get here: event texts are made printable first.
 */
function columnsOf(char: string): number {
  const code = char.codePointAt(0) ?? 0;

  return code < 0x1100 || (code >= 0x2800 && code <= 0x28ff) ? 1 : 2;
}

/** The columns `text` may take on a terminal, never fewer than it does. */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += columnsOf(char);

  return width;
}

/** The longest start of `text` that fits in `width` columns. */
function takeColumns(text: string, width: number): string {
  let used = 0;
  let end = 0;

  for (const char of text) {
    used += columnsOf(char);
    if (used > width) break;
    end += char.length;
  }

  return text.slice(0, end);
}

/**
 * Joins `segments` into one styled line of at most `width` columns: a line too long is cut
 * and ends with `…`, so that the terminal never wraps it and a redraw knows how many rows it
 * has to erase. Styles are applied after cutting, so no escape sequence is ever cut in two.
 */
export function fitLine(segments: readonly Segment[], width: number): string {
  const total = segments.reduce((sum, [text]) => sum + textWidth(text), 0);

  if (total <= width) {
    return segments.map(([text, style]) => style(text)).join('');
  }

  let room = Math.max(0, width - 1);
  let line = '';

  for (const [text, style] of segments) {
    const kept = takeColumns(text, room);
    if (kept !== '') line += style(kept);
    room -= textWidth(kept);
    if (kept.length < text.length) break;
  }

  return width > 0 ? line + ELLIPSIS : line;
}
