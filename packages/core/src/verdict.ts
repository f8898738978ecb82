/**
 * What one poll outcome means for the wait. Every value and every error a poll produces is
 * turned into exactly one verdict by a {@link Classifier}.
 *
 * - `pending`: the job is still running; poll again.
 * - `success`: the job reached a target state.
 * - `failure`: the job reached a failure state; `code` and `reason` are the provider's.
 * - `not-found`: the job is not (yet) visible; counted against `maxNotFound`.
 * - `unknown`: a state the strategy does not know; counted against `maxUnknown`.
 * - `transient`: a fault worth retrying (network, 5xx, per-poll timeout).
 * - `throttled`: the provider asked to slow down, optionally saying for how long.
 * - `fatal`: a fault that no retry can fix (bad credentials, bad request); ends the wait.
 */
export type Verdict =
  | { readonly type: 'pending'; readonly state?: string; readonly detail?: string }
  | { readonly type: 'success'; readonly state?: string; readonly detail?: string }
  | {
      readonly type: 'failure';
      readonly state?: string;
      readonly detail?: string;
      readonly code?: string;
      readonly reason?: string;
    }
  | { readonly type: 'not-found' }
  | { readonly type: 'unknown'; readonly state?: string }
  | { readonly type: 'transient' }
  | { readonly type: 'throttled'; readonly retryAfterMs?: number }
  | { readonly type: 'fatal' };

/** The name of a verdict, such as `'pending'` or `'throttled'`. */
export type VerdictType = Verdict['type'];

/** The result of one call to a job source's `poll`: a value, or the error it threw. */
export type PollOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Turns a poll outcome into a verdict. A classifier that throws ends the wait, which rejects
 * with the classifier's own exception.
 */
export type Classifier<T> = (outcome: PollOutcome<T>) => Verdict;
