/**
 * The characters a terminal may act on instead of showing: C0 controls (newline, escape, bell
 * …), DEL, C1 controls (a lone U+009B starts a control sequence on some terminals), the Unicode
 * line and paragraph separators, and the bidirectional marks, embeddings, overrides and
 * isolates that reorder how a line reads.
 */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Makes text from outside (a job's status or failure reason, a server's error message) safe to
 * write to a terminal: every character a terminal could act on — control characters, C1
 * controls, line separators, bidirectional overrides — is replaced by a visible escape, so the
 * text can neither move the cursor, set the window title, clear the screen, nor start a line
 * that looks like one of ours. Newline, carriage return and tab become `\n`, `\r`, `\t`;
 * the others `\uXXXX` (for example `\u001b` for ESC). Everything else, backslashes included,
 * is kept as it is.
 *
 * The escapes are those of JSON strings, so applying it to each line of `JSON.stringify`
 * output keeps the JSON valid and its values unchanged.
 *
 * @throws TypeError when `text` is not a string.
 */
export function printable(text: string): string {
  if (typeof text !== 'string') {
    throw new TypeError(`Expected \`text\` to be a string, got ${typeof text}`);
  }

  return text.replace(UNPRINTABLE, (char) => SHORT_ESCAPES[char] ?? unicodeEscape(char));
}

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
