/**
 * `String(value)`, or a safe stand-in when that throws, as it does for an object with a null
 * prototype or a `toString` that throws: the value's tag, such as `[object Object]`. Never
 * throws, so an error message or an event built from a thrown value cannot fail in turn.
 */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return `[${typeof value}]`;
    }
  }
}

/**
 * A short description of any value for the end of a message (`…, got <description>`):
 * strings quoted, `10n` for a bigint, `an array`, `a function` or `an object` for those, and
 * the text of anything else. Never throws.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return `${value}n`;
    case 'function':
      return 'a function';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? 'an array' : 'an object';
    default:
      return safeString(value);
  }
}
