import type { Classifier, Verdict } from './verdict.js';

/** Options of {@link stateSets}. */
export interface StateSetsOptions<T> {
  /** Reads the state from an observation: a property name, or a function. */
  state: (keyof T & string) | ((observation: T) => string | undefined);
  /** States in which the job is still running. */
  pending: readonly string[];
  /** States in which the job has succeeded. */
  success: readonly string[];
  /** States in which the job has failed. Default none. */
  failure?: readonly string[];
  /** Reads the provider's error code and reason from a failed observation. */
  failureDetails?: (observation: T) => { code?: string; reason?: string };
  /** A short progress note for an observation, carried by events (`'sub-jobs 2/3'`). */
  detail?: (observation: T) => string | undefined;
  /** Reads an error thrown by a poll. Default: {@link classifyCommonError}. */
  classifyError?: (error: unknown) => Verdict;
}

/**
 * A terminal-state strategy given as sets of states, as in Terraform's state-change waiter:
 * a state in `success` succeeds, one in `failure` fails, one in `pending` polls again, and any
 * other state is `unknown`.
 *
 * @throws TypeError when a state appears in two sets, or a set is not an array of strings.
 */
export function stateSets<T>(options: StateSetsOptions<T>): Classifier<T> {
  const { state, pending, success, failure = [], failureDetails, detail } = options;
  const { classifyError = classifyCommonError } = options;
  const sets = validateSets({ pending, success, failure });
  const readState =
    typeof state === 'function' ? state : (observation: T) => readProperty(observation, state);

  return (outcome) => {
    if (!outcome.ok) {
      return classifyError(outcome.error);
    }

    const observed = readState(outcome.value);
    const note = observed === undefined ? undefined : detail?.(outcome.value);
    const extra = note === undefined ? {} : { detail: note };

    if (observed !== undefined && sets.success.has(observed)) {
      return { type: 'success', state: observed, ...extra };
    }

    if (observed !== undefined && sets.failure.has(observed)) {
      return { type: 'failure', state: observed, ...extra, ...failureDetails?.(outcome.value) };
    }

    if (observed !== undefined && sets.pending.has(observed)) {
      return { type: 'pending', state: observed, ...extra };
    }

    return observed === undefined ? { type: 'unknown' } : { type: 'unknown', state: observed };
  };
}

/** Codes of Node.js network errors after which a new request is worth trying. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

/**
 * The error reading used when a strategy has none of its own: network errors that a new
 * request may not meet again are `transient`, anything else is `fatal`, so an unexpected bug
 * ends the wait at once instead of hiding behind retries. The Node.js code is read from the
 * error, or from its `cause` as `fetch` reports it (`TypeError: fetch failed`, cause
 * `ECONNREFUSED`).
 */
export function classifyCommonError(error: unknown): Verdict {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const codes = [networkCodeOf(error), networkCodeOf(cause)];

  return codes.some((code) => code !== undefined && TRANSIENT_NETWORK_CODES.has(code))
    ? { type: 'transient' }
    : { type: 'fatal' };
}

function networkCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;

  return typeof code === 'string' ? code : undefined;
}

function readProperty<T>(observation: T, key: string): string | undefined {
  const value = (observation as Record<string, unknown> | null)?.[key];

  return typeof value === 'string' ? value : undefined;
}

function validateSets(sets: Record<'pending' | 'success' | 'failure', readonly string[]>) {
  const seen = new Map<string, string>();

  for (const [name, states] of Object.entries(sets)) {
    if (!Array.isArray(states) || states.some((s) => typeof s !== 'string')) {
      throw new TypeError(`Expected option \`${name}\` to be an array of state names`);
    }

    for (const s of states as readonly string[]) {
      const other = seen.get(s);
      if (other !== undefined && other !== name) {
        throw new TypeError(`State ${JSON.stringify(s)} is in both \`${other}\` and \`${name}\``);
      }
      seen.set(s, name);
    }
  }

  return {
    pending: new Set(sets.pending),
    success: new Set(sets.success),
    failure: new Set(sets.failure),
  };
}
