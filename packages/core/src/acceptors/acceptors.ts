import { assertOptionsObject } from '../backoff/validate.js';
import { classifyCommonError } from '../state-sets.js';
import type { Classifier, Verdict } from '../verdict.js';
import type { Acceptor } from './acceptor.js';
import { compileAcceptors, type CompiledAcceptor } from './compile-acceptor.js';
import { errorFailureFields } from './error-fields.js';
import { compilePath, type AcceptorPath, type PathReader } from './read-path.js';
import { assertKnownFields, assertOptionalFunction } from './validate.js';

/** Options of {@link acceptors}. */
export interface AcceptorsOptions<T> {
  /** The rules, tried in order on every poll outcome; the first that matches decides. */
  acceptors: readonly Acceptor<T>[];
  /**
   * Where the job's state sits in an observation, so that `state:change` events and the
   * result carry it. A result that is not a string is left out. Default none.
   */
  state?: AcceptorPath<T>;
  /**
   * Where the provider's reason sits in a failed observation, for failure acceptors without a
   * `reason` of their own. A string, or an array of strings joined with `'; '`. Default none.
   */
  reason?: AcceptorPath<T>;
  /**
   * Where the provider's error code sits in a failed observation, for failure acceptors
   * without a `code` of their own. A result that is not a string is left out. Default none.
   */
  code?: AcceptorPath<T>;
  /**
   * A short progress note for an observation, carried by events (`'2/3 running'`). Default
   * none.
   */
  detail?: (observation: T) => string | undefined;
  /** Reads an error that no acceptor matches. Default: {@link classifyCommonError}. */
  classifyError?: (error: unknown) => Verdict;
}

interface Readers<T> {
  readonly state?: PathReader<T>;
  readonly reason?: PathReader<T>;
  readonly code?: PathReader<T>;
  readonly detail?: (observation: T) => string | undefined;
}

const OPTION_NAMES = ['acceptors', 'state', 'reason', 'code', 'detail', 'classifyError'];

/**
 * A terminal-state strategy given as an ordered list of acceptors, as in Smithy waiters
 * (`smithy.waiters#waitable`): the first acceptor whose matcher matches a poll outcome
 * decides, `success` and `failure` end the wait and `retry` polls again.
 *
 * - An observation: `success` and `failure` give those verdicts, `retry` gives `pending`, and
 *   so does an observation no acceptor matches. Each of these verdicts carries the `state`
 *   and `detail` read from the observation; a failure also carries the provider's `code` and
 *   `reason`, read by the acceptor's own paths or else the strategy's.
 * - An error: `success` and `failure` give those verdicts, the failure with the error's code
 *   and message; `retry` gives `transient`, so the error is retried within the poll and
 *   counted against `maxTransientPolls`. An error no acceptor matches goes to `classifyError`.
 *
 * @remarks
 * Smithy ends a wait on an error no acceptor matches. Here it goes to `classifyError`
 * instead, by default {@link classifyCommonError}: a network fault that a new request may
 * not meet again is retried, and every other error still ends the wait at once, so
 * acceptors do not have to list every way a connection can drop.
 *
 * A JMESPath expression that fails while it is evaluated (a function given a value of the
 * wrong type, such as `length(@)` on a number) matches nothing and reads no state, code or
 * reason; a function path that throws ends the wait with its exception.
 *
 * Smithy's `inputOutput` matcher is not supported: a classifier sees the observation only,
 * never the request that produced it.
 *
 * @throws TypeError naming the offending option (`acceptors[2].matcher.output.path`): the
 *   options are not a plain object or name an unknown field; `acceptors` is not a non-empty
 *   array or has no acceptor with state `success`; an acceptor has an unknown `state`, a
 *   matcher with no kind or more than one, an unknown comparator, an `expected` of the wrong
 *   type for its comparator, a path that is not valid JMESPath or a function, an
 *   `errorClass` that is not a class, or a `reason` or `code` on an acceptor that is not a
 *   failure acceptor.
 */
export function acceptors<T>(options: AcceptorsOptions<T>): Classifier<T> {
  assertOptionsObject('acceptors', options);
  assertKnownFields('', options, OPTION_NAMES);
  const { state, reason, code, detail, classifyError = classifyCommonError } = options;
  assertOptionalFunction('detail', detail);
  assertOptionalFunction('classifyError', classifyError);

  const list = compileAcceptors<T>(options.acceptors);
  const readers: Readers<T> = {
    ...optionalPath<T>('state', state),
    ...optionalPath<T>('reason', reason),
    ...optionalPath<T>('code', code),
    ...(detail === undefined ? {} : { detail }),
  };

  return (outcome) => {
    const matched = list.find((acceptor) => acceptor.matches(outcome));

    return outcome.ok
      ? judgeObservation(outcome.value, matched, readers)
      : judgeError(outcome.error, matched, classifyError);
  };
}

function judgeObservation<T>(
  observation: T,
  acceptor: CompiledAcceptor<T> | undefined,
  readers: Readers<T>,
): Verdict {
  const state = readers.state?.(observation);
  const note = readers.detail?.(observation);
  const seen = {
    ...(typeof state === 'string' ? { state } : {}),
    ...(note === undefined ? {} : { detail: note }),
  };

  switch (acceptor?.state) {
    case 'success':
      return { type: 'success', ...seen };
    case 'failure':
      return { type: 'failure', ...seen, ...failureFields(observation, acceptor, readers) };
    default:
      return { type: 'pending', ...seen };
  }
}

function failureFields<T>(observation: T, acceptor: CompiledAcceptor<T>, readers: Readers<T>) {
  const code = (acceptor.code ?? readers.code)?.(observation);
  const reason = reasonText((acceptor.reason ?? readers.reason)?.(observation));

  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(reason === undefined ? {} : { reason }),
  };
}

/** A reason as Smithy's acceptor message allows it: a string, or a list of strings. */
function reasonText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;

  const isList =
    Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string');

  return isList ? value.join('; ') : undefined;
}

function judgeError<T>(
  error: unknown,
  acceptor: CompiledAcceptor<T> | undefined,
  classifyError: (error: unknown) => Verdict,
): Verdict {
  switch (acceptor?.state) {
    case 'success':
      return { type: 'success' };
    case 'failure':
      return { type: 'failure', ...errorFailureFields(error) };
    case 'retry':
      return { type: 'transient' };
    default:
      return classifyError(error);
  }
}

function optionalPath<T>(name: 'state' | 'reason' | 'code', path: unknown) {
  return path === undefined ? {} : { [name]: compilePath<T>(name, path) };
}
