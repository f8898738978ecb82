import type { BackoffStrategy } from './backoff/backoff-strategy.js';
import { exponentialBackoff } from './backoff/exponential.js';
import { assertNumberInRange, assertOptionsObject, MAX_TIMER_MS } from './backoff/validate.js';
import { systemClock, systemRandom, type Clock } from './clock.js';
import type { Classifier } from './verdict.js';

/** Options of a {@link Waiter}. Every time is in milliseconds. */
export interface WaiterOptions<T> {
  /** The hard deadline of a wait, counted from its start. Default 600 000 (10 minutes). */
  timeoutMs?: number;
  /** The longest one poll (one request) may take before it is abandoned. Default 30 000. */
  pollTimeoutMs?: number;
  /**
   * The delay before the first poll. Default 0; or, when the backoff strategy has an
   * `initialDelay` (as `durationAwareBackoff` does), the delay it names, clamped to
   * [`minDelayMs`, `maxDelayMs`]. Set it, 0 included, to place the first poll yourself.
   */
  initialDelayMs?: number;
  /**
   * No two polls are closer than this, whatever the strategy or the server says. At least 1, so
   * that no schedule becomes a tight loop. Default 100.
   */
  minDelayMs?: number;
  /** No delay between polls is longer than this. Default 60 000. */
  maxDelayMs?: number;
  /** Names the delay between polls. Default: exponential from 1 s to 30 s, full jitter. */
  backoff?: BackoffStrategy;
  /**
   * Retries made at once inside one poll after a transient error, before the poll counts as
   * failed. Default 2.
   */
  pollRetries?: number;
  /** The delay before the first in-poll retry; it doubles for each next one. Default 250. */
  pollRetryDelayMs?: number;
  /** Polls in a row that may fail with transient errors before the wait ends. Default 5. */
  maxTransientPolls?: number;
  /** Polls in a row that may find no job before the wait ends. Default 3. */
  maxNotFound?: number;
  /** Polls in a row that may show an unknown state before the wait ends. Default 0. */
  maxUnknown?: number;
  /**
   * Success observations in a row required before the wait succeeds. A state seen between
   * them starts the count over; a failed poll between them neither counts nor breaks it.
   * Default 1.
   */
  successConfirmations?: number;
  /** Turns each poll outcome into a verdict. Default: the job source's own `classify`. */
  classify?: Classifier<T>;
  /** The source of time. Default: the process clock and global timers. */
  clock?: Clock;
  /** The source of randomness for jitter, a number in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** {@link WaiterOptions} with every default filled in and every value checked. */
export type ResolvedWaiterOptions<T> = Required<Omit<WaiterOptions<T>, 'classify'>> &
  Pick<WaiterOptions<T>, 'classify'>;

const COUNT_LIMIT = 1_000_000;

const OPTION_NAMES: ReadonlySet<string> = new Set([
  'timeoutMs',
  'pollTimeoutMs',
  'initialDelayMs',
  'minDelayMs',
  'maxDelayMs',
  'backoff',
  'pollRetries',
  'pollRetryDelayMs',
  'maxTransientPolls',
  'maxNotFound',
  'maxUnknown',
  'successConfirmations',
  'classify',
  'clock',
  'random',
] satisfies (keyof WaiterOptions<unknown>)[]);

/**
 * Fills in defaults and validates every option, naming the option in the error.
 *
 * @throws TypeError when `options` is not a plain object (an array or a class instance is
 *   refused), names an unknown option, or has a value of the wrong type; RangeError for a
 *   value out of range, such as a `maxDelayMs` below `minDelayMs` or a delay or timeout
 *   beyond what a timer can hold ({@link MAX_TIMER_MS}).
 */
export function resolveWaiterOptions<T>(options: WaiterOptions<T> = {}): ResolvedWaiterOptions<T> {
  assertOptionsObject('waiter', options);
  assertKnownNames(options);

  const {
    timeoutMs = 600_000,
    pollTimeoutMs = 30_000,
    initialDelayMs = 0,
    minDelayMs = 100,
    maxDelayMs = 60_000,
    backoff = exponentialBackoff(),
    pollRetries = 2,
    pollRetryDelayMs = 250,
    maxTransientPolls = 5,
    maxNotFound = 3,
    maxUnknown = 0,
    successConfirmations = 1,
    classify,
    clock = systemClock,
    random = systemRandom,
  } = options;

  assertNumberInRange('timeoutMs', timeoutMs, { min: 1 });
  assertNumberInRange('pollTimeoutMs', pollTimeoutMs, { min: 1 });
  assertNumberInRange('initialDelayMs', initialDelayMs);
  // A floor of 0 would let a strategy that answers 0 poll as fast as the provider answers,
  // for as long as the deadline allows.
  assertNumberInRange('minDelayMs', minDelayMs, { min: 1 });
  assertNumberInRange('maxDelayMs', maxDelayMs, { min: minDelayMs, max: MAX_TIMER_MS });
  assertNumberInRange('pollRetries', pollRetries, { max: 10, integer: true });
  assertNumberInRange('pollRetryDelayMs', pollRetryDelayMs, { max: 60_000 });
  assertNumberInRange('maxTransientPolls', maxTransientPolls, { max: COUNT_LIMIT, integer: true });
  assertNumberInRange('maxNotFound', maxNotFound, { max: COUNT_LIMIT, integer: true });
  assertNumberInRange('maxUnknown', maxUnknown, { max: COUNT_LIMIT, integer: true });
  assertNumberInRange('successConfirmations', successConfirmations, {
    min: 1,
    max: COUNT_LIMIT,
    integer: true,
  });
  assertFunction('backoff.nextDelay', (backoff as Partial<BackoffStrategy> | null)?.nextDelay);
  assertFunction('random', random);
  if (classify !== undefined) assertFunction('classify', classify);
  for (const method of ['now', 'setTimeout', 'clearTimeout'] as const) {
    assertFunction(`clock.${method}`, (clock as Partial<Clock> | null)?.[method]);
  }

  return {
    timeoutMs,
    pollTimeoutMs,
    initialDelayMs,
    minDelayMs,
    maxDelayMs,
    backoff,
    pollRetries,
    pollRetryDelayMs,
    maxTransientPolls,
    maxNotFound,
    maxUnknown,
    successConfirmations,
    classify,
    clock,
    random,
  };
}

/**
 * Refuses an option the waiter does not know, so that a misspelt one (`timeout` for
 * `timeoutMs`) fails loudly instead of leaving its default in force.
 */
function assertKnownNames(options: object): void {
  for (const name of Object.keys(options)) {
    if (OPTION_NAMES.has(name)) continue;

    const hint = OPTION_NAMES.has(`${name}Ms`) ? ` (did you mean \`${name}Ms\`?)` : '';
    throw new TypeError(`Unknown option \`${name}\`${hint}`);
  }
}

function assertFunction(name: string, value: unknown): void {
  if (typeof value !== 'function') {
    throw new TypeError(`Expected option \`${name}\` to be a function, got ${typeof value}`);
  }
}
