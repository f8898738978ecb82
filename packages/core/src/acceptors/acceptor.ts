import type { PathComparator } from './comparators.js';
import type { AcceptorPath } from './read-path.js';

/**
 * What a matching acceptor decides, as in Smithy waiters: `success` and `failure` end the
 * wait, `retry` polls again.
 */
export type AcceptorState = 'success' | 'failure' | 'retry';

/** Every {@link AcceptorState}, in the order of its definition. */
export const ACCEPTOR_STATES: readonly AcceptorState[] = ['success', 'failure', 'retry'];

/**
 * Tests the value at `path` of an observation against `expected` with a
 * {@link PathComparator}. `booleanEquals` expects a boolean, the other comparators a string.
 */
export type PathMatcher<T> =
  | {
      /** A JMESPath expression, or a function of the observation. */
      readonly path: AcceptorPath<T>;
      readonly comparator: 'booleanEquals';
      readonly expected: boolean;
    }
  | {
      /** A JMESPath expression, or a function of the observation. */
      readonly path: AcceptorPath<T>;
      readonly comparator: Exclude<PathComparator, 'booleanEquals'>;
      readonly expected: string;
    };

/** A class of errors, for an `errorClass` matcher. */
export type ErrorClass = abstract new (...args: never) => unknown;

/**
 * What an acceptor looks for; exactly one kind per matcher.
 *
 * - `output`: an observation whose value at a path compares as expected.
 * - `success`: `true` matches any observation, `false` any error.
 * - `errorType`: an error whose `code` or `name`, or its cause's `code`, equals the string.
 *   A Smithy shape id (`'com.amazonaws.s3#NotFound'`) is compared by its name after `#`.
 * - `errorClass`: an error that is an `instanceof` the class.
 */
export type AcceptorMatcher<T> =
  | { readonly output: PathMatcher<T> }
  | { readonly success: boolean }
  | { readonly errorType: string }
  | { readonly errorClass: ErrorClass };

/**
 * One rule of an acceptor list: when `matcher` matches a poll outcome, the wait moves to
 * `state`.
 */
export interface Acceptor<T> {
  /** What a match decides. */
  readonly state: AcceptorState;
  /** What to look for in the poll outcome. */
  readonly matcher: AcceptorMatcher<T>;
  /**
   * Failure acceptors only: where the provider's reason sits in a failed observation, instead
   * of the strategy's `reason`. A string, or an array of strings joined with `'; '`.
   */
  readonly reason?: AcceptorPath<T>;
  /**
   * Failure acceptors only: where the provider's error code sits in a failed observation,
   * instead of the strategy's `code`. Must give a string.
   */
  readonly code?: AcceptorPath<T>;
}
