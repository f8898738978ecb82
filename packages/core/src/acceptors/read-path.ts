import { TreeInterpreter, compile, type JSONValue } from '@jmespath-community/jmespath';

import { describeValue } from '../describe-value.js';

/**
 * Where a value sits in an observation: a JMESPath expression (`'Table.TableStatus'`), or a
 * function of the observation for those who prefer code.
 */
export type AcceptorPath<T> = string | ((observation: T) => unknown);

/** Reads one value from an observation. */
export type PathReader<T> = (observation: T) => unknown;

/**
 * Turns the path in option `name` into a reader. A JMESPath expression is parsed here, once.
 *
 * An expression that throws while it is evaluated, such as `length(@)` given a number, reads
 * as `undefined`: the shape of a response is the provider's, so a surprising one is "no
 * match" rather than a crash. A function is called as it is; what it throws is a bug of the
 * caller's and ends the wait, as any exception of a classifier does.
 *
 * @throws TypeError naming the option when `path` is neither a string nor a function, or is
 *   not a valid JMESPath expression (with the parser's message).
 */
export function compilePath<T>(name: string, path: unknown): PathReader<T> {
  if (typeof path === 'function') return path as PathReader<T>;

  if (typeof path !== 'string') {
    const got = describeValue(path);
    throw new TypeError(
      `Expected option \`${name}\` to be a JMESPath expression or a function, got ${got}`,
    );
  }

  const node = parse(name, path);

  return (observation) => {
    try {
      return TreeInterpreter.search(node, observation as JSONValue);
    } catch {
      return undefined;
    }
  };
}

function parse(name: string, expression: string): ReturnType<typeof compile> {
  try {
    return compile(expression);
  } catch (error) {
    const message = error instanceof Error ? error.message : describeValue(error);
    throw new TypeError(
      `Expected option \`${name}\` to be a valid JMESPath expression: ${message}`,
      { cause: error },
    );
  }
}
