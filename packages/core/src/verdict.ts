import { describeValue } from './describe-value.js';

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
 * with the classifier's own exception. So does one that returns something other than a
 * verdict (no object, an unknown `type`, a field of the wrong type): the wait rejects with a
 * `TypeError` that says what was wrong.
 */
export type Classifier<T> = (outcome: PollOutcome<T>) => Verdict;

/** Every verdict type, in the order of {@link Verdict}. */
const VERDICT_TYPES: ReadonlySet<unknown> = new Set<VerdictType>([
  'pending',
  'success',
  'failure',
  'not-found',
  'unknown',
  'transient',
  'throttled',
  'fatal',
]);

/** The optional fields a verdict may carry, and the type each must have when present. */
const FIELD_TYPES = [
  ['state', 'string'],
  ['detail', 'string'],
  ['code', 'string'],
  ['reason', 'string'],
  ['retryAfterMs', 'number'],
] as const;

/**
 * Checks what a classifier returned and copies it into a fresh verdict: its `type` and the
 * known fields it has, each read once. A field left `undefined` counts as absent; fields the
 * waiter does not know are dropped. `retryAfterMs` only has to be a number: the schedule
 * ignores NaN and holds Infinity to `maxDelayMs`.
 *
 * @throws TypeError saying that the classifier returned an invalid verdict, and why: not an
 *   object, a `type` that is not one of the verdict types (all listed), or a field of the
 *   wrong type.
 */
export function checkVerdict(value: unknown): Verdict {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidVerdict(`expected an object with a \`type\`, got ${describeValue(value)}`);
  }

  const given = value as Record<string, unknown>;
  const { type } = given;
  if (!VERDICT_TYPES.has(type)) {
    const known = [...VERDICT_TYPES].map((name) => JSON.stringify(name)).join(', ');
    throw invalidVerdict(`expected \`type\` to be one of ${known}, got ${describeValue(type)}`);
  }

  const verdict: Record<string, unknown> = { type };
  for (const [field, fieldType] of FIELD_TYPES) {
    const fieldValue = given[field];
    if (fieldValue === undefined) continue;
    if (typeof fieldValue !== fieldType) {
      const got = describeValue(fieldValue);
      throw invalidVerdict(`expected \`${field}\` to be a ${fieldType}, got ${got}`);
    }
    verdict[field] = fieldValue;
  }

  return verdict as Verdict;
}

function invalidVerdict(problem: string): TypeError {
  return new TypeError(`The classifier returned an invalid verdict: ${problem}`);
}
