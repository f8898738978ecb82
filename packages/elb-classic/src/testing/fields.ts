/*
 * Checks of the simulator's scripts (jobs, timelines, faults). Whatever they let through is
 * served later from inside the request handler, so a value that cannot go on the wire is
 * refused here, naming the field, rather than failing there.
 */
import { isHeaderName, isHeaderValue } from '../header-check.js';
import { assertObject, describe } from '../validate.js';

/** Checks that option `name` is a string, or absent. */
export function assertOptionalString(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'string') {
    throw new TypeError(`Expected option \`${name}\` to be a string, got ${describe(value)}`);
  }
}

/** Checks that option `name` is a non-empty string. */
export function assertNonEmptyString(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(
      `Expected option \`${name}\` to be a non-empty string, got ${describe(value)}`,
    );
  }
}

/**
 * The JSON text of option `name`.
 *
 * @throws TypeError naming the option for a value `JSON.stringify` refuses (a BigInt, a
 *   circular or too deep structure) or turns into nothing (a function, a symbol).
 */
export function jsonText(name: string, value: unknown): string {
  let text: string | undefined;

  try {
    text = JSON.stringify(value);
  } catch (error) {
    const why = error instanceof Error ? `: ${error.message.split('\n', 1)[0]}` : '';
    throw new TypeError(`Expected option \`${name}\` to be serialisable as JSON${why}`, {
      cause: error,
    });
  }

  if (text === undefined) {
    throw new TypeError(`Expected option \`${name}\` to be serialisable as JSON, got nothing`);
  }

  return text;
}

/** A copy of option `name` as JSON would carry it; see {@link jsonText}. */
export function jsonCopy(name: string, value: unknown): unknown {
  return JSON.parse(jsonText(name, value));
}

/**
 * Checks that option `name` can be sent as the value of an HTTP header: a string of Latin-1
 * characters without line breaks or other control characters (a tab is allowed).
 */
export function assertHeaderValue(name: string, value: unknown): asserts value is string {
  if (!isHeaderValue(value)) {
    throw new TypeError(
      `Expected option \`${name}\` to be a header value: a string of Latin-1 characters ` +
        'without line breaks or other control characters',
    );
  }
}

/** A copy of option `name`, an object of headers whose names and values can all be sent. */
export function checkedHeaders(name: string, headers: unknown): Record<string, string> {
  assertObject(name, headers);
  const copy: Record<string, string> = {};

  for (const [header, value] of Object.entries(headers)) {
    if (!isHeaderName(header)) {
      throw new TypeError(
        `Expected option \`${name}\` to hold valid header names, got ${describe(header)}`,
      );
    }
    assertHeaderValue(`${name}[${JSON.stringify(header)}]`, value);
    copy[header] = value;
  }

  return copy;
}

/**
 * Checks that option `name` is a token the simulator can compare with a header: a non-empty
 * string of printable ASCII. The message never shows the value.
 */
export function assertTokenText(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !/^[\x21-\x7e]+$/.test(value)) {
    throw new TypeError(`Expected option \`${name}\` to be a non-empty string of printable ASCII`);
  }
}
