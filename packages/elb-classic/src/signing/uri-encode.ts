const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Letters, digits and `-._~`: the bytes that stay as they are in a canonical component. */
function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x2d ||
    byte === 0x2e ||
    byte === 0x5f ||
    byte === 0x7e
  );
}

/** `bytes` percent-encoded: unreserved bytes as they are, every other byte as `%XX`. */
export function uriEncode(bytes: Uint8Array): string {
  let encoded = '';

  for (const byte of bytes) {
    encoded += isUnreserved(byte)
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }

  return encoded;
}

const ESCAPE = /%[0-9A-Fa-f]{2}/y;

/**
 * The bytes a URL component stands for: each `%XX` escape is one byte, `+` a space where
 * `plusIsSpace` (a query), and every other character its UTF-8 bytes. A `%` that starts no
 * escape stands for itself. Works on bytes, so that an escape that is not UTF-8 is kept
 * rather than replaced.
 */
export function componentBytes(text: string, { plusIsSpace = false } = {}): Uint8Array {
  const bytes: number[] = [];
  let literal = '';
  const flush = (): void => {
    bytes.push(...encoder.encode(literal));
    literal = '';
  };

  for (let i = 0; i < text.length; i += 1) {
    ESCAPE.lastIndex = i;
    if (ESCAPE.test(text)) {
      flush();
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (plusIsSpace && text[i] === '+') {
      flush();
      bytes.push(0x20);
    } else {
      literal += text[i];
    }
  }

  flush();

  return Uint8Array.from(bytes);
}

/** `bytes` read as UTF-8, with U+FFFD for what is not. */
export function textOf(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
