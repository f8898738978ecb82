import { describeValue } from '../describe-value.js';
import type { PollOutcome } from '../verdict.js';
import { ACCEPTOR_STATES, type AcceptorState, type ErrorClass } from './acceptor.js';
import { COMPARATORS, isComparator } from './comparators.js';
import { errorNamesOf } from './error-fields.js';
import { compilePath, type PathReader } from './read-path.js';
import { assertFields } from './validate.js';

/** An acceptor checked and made ready to run: its paths parsed, its matcher a function. */
export interface CompiledAcceptor<T> {
  readonly state: AcceptorState;
  readonly matches: (outcome: PollOutcome<T>) => boolean;
  readonly reason?: PathReader<T>;
  readonly code?: PathReader<T>;
}

type Matches<T> = CompiledAcceptor<T>['matches'];

const MATCHER_KINDS = ['output', 'success', 'errorType', 'errorClass'];

/**
 * Checks the `acceptors` option and compiles each acceptor, in order.
 *
 * @throws TypeError naming the offending option (`acceptors[2].matcher.output.path`) when the
 *   list is not a non-empty array, has no success acceptor, or an acceptor is invalid.
 */
export function compileAcceptors<T>(list: unknown): CompiledAcceptor<T>[] {
  if (!Array.isArray(list) || list.length === 0) {
    const got = Array.isArray(list) ? 'an empty array' : describeValue(list);
    throw new TypeError(`Expected option \`acceptors\` to be a non-empty array, got ${got}`);
  }

  // Array.from visits holes, so a sparse list is refused like any missing acceptor.
  const compiled = Array.from(list, (acceptor, index) => compileAcceptor<T>(acceptor, index));
  if (!compiled.some((acceptor) => acceptor.state === 'success')) {
    throw new TypeError('Expected option `acceptors` to have an acceptor with state "success"');
  }

  return compiled;
}

function compileAcceptor<T>(acceptor: unknown, index: number): CompiledAcceptor<T> {
  const name = `acceptors[${index}]`;
  assertFields(name, acceptor, ['state', 'matcher', 'reason', 'code']);
  const { state, matcher, reason, code } = acceptor;

  if (!ACCEPTOR_STATES.includes(state as AcceptorState)) {
    const known = ACCEPTOR_STATES.map((s) => JSON.stringify(s)).join(', ');
    const got = describeValue(state);
    throw new TypeError(`Expected option \`${name}.state\` to be one of ${known}, got ${got}`);
  }

  return {
    state: state as AcceptorState,
    matches: compileMatcher<T>(`${name}.matcher`, matcher),
    ...failurePath<T>(`${name}.reason`, reason, state, 'reason'),
    ...failurePath<T>(`${name}.code`, code, state, 'code'),
  };
}

/** Compiles an acceptor's `reason` or `code` path, which only a failure acceptor reads. */
function failurePath<T>(name: string, path: unknown, state: unknown, field: 'reason' | 'code') {
  if (path === undefined) return {};

  if (state !== 'failure') {
    throw new TypeError(`Option \`${name}\` is only read on an acceptor with state "failure"`);
  }

  return { [field]: compilePath<T>(name, path) };
}

function compileMatcher<T>(name: string, matcher: unknown): Matches<T> {
  assertFields(name, matcher, MATCHER_KINDS);
  const kinds = Object.keys(matcher).filter((kind) => matcher[kind] !== undefined);

  if (kinds.length !== 1) {
    const known = MATCHER_KINDS.map((kind) => `\`${kind}\``).join(', ');
    const got = kinds.length === 0 ? 'none' : kinds.map((kind) => `\`${kind}\``).join(' and ');
    throw new TypeError(`Expected option \`${name}\` to have exactly one of ${known}, got ${got}`);
  }

  const kind = kinds[0]!;
  const value = matcher[kind];
  switch (kind) {
    case 'output':
      return compileOutputMatcher<T>(`${name}.output`, value);
    case 'success':
      return successMatcher<T>(`${name}.success`, value);
    case 'errorType':
      return errorTypeMatcher<T>(`${name}.errorType`, value);
    default:
      return errorClassMatcher<T>(`${name}.errorClass`, value);
  }
}

function compileOutputMatcher<T>(name: string, matcher: unknown): Matches<T> {
  assertFields(name, matcher, ['path', 'expected', 'comparator']);
  const { path, expected, comparator } = matcher;
  const read = compilePath<T>(`${name}.path`, path);

  if (!isComparator(comparator)) {
    const known = Object.keys(COMPARATORS)
      .map((c) => JSON.stringify(c))
      .join(', ');
    const got = describeValue(comparator);
    throw new TypeError(`Expected option \`${name}.comparator\` to be one of ${known}, got ${got}`);
  }

  const expectedType = comparator === 'booleanEquals' ? 'boolean' : 'string';
  if (typeof expected !== expectedType) {
    throw new TypeError(
      `Expected option \`${name}.expected\` to be a ${expectedType} for comparator ` +
        `"${comparator}", got ${describeValue(expected)}`,
    );
  }

  const compare = COMPARATORS[comparator];

  return (outcome) => outcome.ok && compare(read(outcome.value), expected as string | boolean);
}

function successMatcher<T>(name: string, success: unknown): Matches<T> {
  if (typeof success !== 'boolean') {
    const got = describeValue(success);
    throw new TypeError(`Expected option \`${name}\` to be a boolean, got ${got}`);
  }

  return (outcome) => outcome.ok === success;
}

function errorTypeMatcher<T>(name: string, errorType: unknown): Matches<T> {
  if (typeof errorType !== 'string' || errorType === '') {
    const got = describeValue(errorType);
    throw new TypeError(`Expected option \`${name}\` to be a non-empty string, got ${got}`);
  }

  // A Smithy shape id names the error by the part after its namespace.
  const wanted = errorType.slice(errorType.indexOf('#') + 1);

  return (outcome) => !outcome.ok && errorNamesOf(outcome.error).includes(wanted);
}

function errorClassMatcher<T>(name: string, errorClass: unknown): Matches<T> {
  // `instanceof` throws on a function without a prototype, such as an arrow function.
  if (typeof errorClass !== 'function' || typeof errorClass.prototype !== 'object') {
    const got = describeValue(errorClass);
    throw new TypeError(`Expected option \`${name}\` to be a class, got ${got}`);
  }

  const type = errorClass as ErrorClass;

  return (outcome) => !outcome.ok && outcome.error instanceof type;
}
