/**
 * How an error message may show a value given for an option that holds no secret: strings
 * quoted, numbers and booleans as they are, anything else by its kind.
 */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);

  return kindOf(value);
}

/**
 * The kind of a value, for error messages that must not show the value itself, since it may
 * be a secret given in the wrong place: `null`, `array`, or what `typeof` says.
 */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';

  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Checks option `name`, a list of secrets such as `redact`: an array of non-empty strings (an
 * empty one would match everywhere). Its errors say what was wrong by kind, never by value.
 *
 * @throws TypeError naming the option, or the entry, that is wrong.
 */
export function assertSecretList(name: string, value: unknown): asserts value is readonly string[] {
  if (!Array.isArray(value)) {
    throw new TypeError(
      `Expected option \`${name}\` to be an array of strings, got ${kindOf(value)}`,
    );
  }

  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string' || item === '') {
      const got = item === '' ? 'an empty string' : kindOf(item);
      throw new TypeError(
        `Expected option \`${name}[${index}]\` to be a non-empty string, got ${got}`,
      );
    }
  });
}
