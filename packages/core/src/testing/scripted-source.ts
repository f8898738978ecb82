import { assertOptionsObject } from '../backoff/validate.js';
import { sleep, systemClock, type Clock } from '../clock.js';
import { describeValue } from '../describe-value.js';
import type { JobSource, PollContext } from '../job-source.js';
import type { Classifier } from '../verdict.js';
import { assertFunctionOption, assertKnownOptions } from './assert-options.js';
import { checkScript, type CheckedStep, type ScriptStep } from './script-step.js';

/** Options of {@link scriptedSource}. */
export interface ScriptedSourceOptions<T> {
  /** The job id, a non-empty string. Default: `'job-1'`. */
  id?: string;
  /** The adapter kind the source reports. Default: `'scripted'`. */
  kind?: string;
  /**
   * The clock that steps' `atMs` and `latencyMs` run on, and that `polls[].atMs` is read
   * from: give the waiter's own. Timed steps need it. Default: the system clock, which then
   * only times the records.
   */
  clock?: Clock;
  /**
   * The answers, in order. Without `atMs`, each call of `poll` (in-poll retries included)
   * takes the next step, and the last one repeats. With `atMs` on every step, a poll sees the
   * latest step whose `atMs` has been reached when it starts.
   */
  script: readonly ScriptStep<T>[];
  /** The source's own classifier. Default: none, the waiter's `classify` option decides. */
  classify?: Classifier<T>;
}

/** One call of a scripted source's `poll`. */
export interface ScriptedPoll {
  /** The attempt number the waiter passed; in-poll retries repeat it. */
  readonly attempt: number;
  /** When the poll started, in milliseconds after the source was created, on its clock. */
  readonly atMs: number;
}

/** A job source that answers from a script, and records how it was polled. */
export interface ScriptedSource<T> extends JobSource<T> {
  /** Every call of `poll`, in order. */
  readonly polls: readonly ScriptedPoll[];
  /** How many polls ended because their signal aborted, before or during their latency. */
  readonly aborted: number;
}

const OPTION_NAMES = ['id', 'kind', 'clock', 'script', 'classify'];

/**
 * Creates a job source that plays a script: a sequence of answers, one a poll, or a timeline
 * of the job's states on a virtual clock. A poll returns a promise, as a real request does;
 * values and errors are given back as they are in the script, never copied.
 *
 * @throws TypeError or RangeError naming the invalid option, or the invalid step of `script`
 *   (`script[1]`).
 *
 * @example
 * ```ts
 * const clock = virtualClock();
 * const source = scriptedSource<Build>({
 *   clock,
 *   classify,
 *   script: [
 *     { atMs: 0, value: { state: 'running' }, latencyMs: 200 },
 *     { atMs: 5 * 60_000, value: { state: 'passed' } },
 *   ],
 * });
 * const waiter = new Waiter<Build>({ clock });
 * const { attempts } = await clock.runUntilSettled(waiter.wait(source));
 * ```
 */
export function scriptedSource<T>(options: ScriptedSourceOptions<T>): ScriptedSource<T> {
  assertOptionsObject('scriptedSource', options);
  assertKnownOptions(options, OPTION_NAMES);
  const { id = 'job-1', kind = 'scripted', clock, script, classify } = options;
  checkSourceOptions({ id, kind, clock, classify });
  const steps = checkScript<T>(script, clock !== undefined);
  const time = clock ?? systemClock;
  const originMs = time.now();
  const polls: ScriptedPoll[] = [];
  let aborted = 0;
  const onAbort = (): void => {
    aborted += 1;
  };

  return {
    id,
    kind,
    ...(classify === undefined ? {} : { classify }),
    polls,
    get aborted() {
      return aborted;
    },
    poll({ signal, attempt }: PollContext): Promise<T> {
      const atMs = time.now() - originMs;
      const step = stepAt(steps, polls.length, atMs);
      polls.push(Object.freeze({ attempt, atMs }));

      return answer(step, { clock: time, signal, onAbort });
    },
  };
}

/**
 * Answers as `step` says, after its latency; rejects with the signal's reason, and tells
 * `onAbort`, when the signal aborted before or during it.
 */
async function answer<T>(
  step: CheckedStep<T>,
  { clock, signal, onAbort }: { clock: Clock; signal?: AbortSignal; onAbort: () => void },
): Promise<T> {
  try {
    signal?.throwIfAborted();
    if (step.latencyMs > 0) await sleep(step.latencyMs, { clock, signal });
  } catch (reason) {
    onAbort();
    throw reason;
  }

  if (!step.outcome.ok) throw step.outcome.error;
  return step.outcome.value;
}

/** The step a poll sees: by time in a timeline, by its rank in a sequence. */
function stepAt<T>(steps: readonly CheckedStep<T>[], rank: number, atMs: number): CheckedStep<T> {
  const first = steps[0] as CheckedStep<T>;
  if (first.atMs === undefined) return steps[Math.min(rank, steps.length - 1)] ?? first;

  return steps.findLast((step) => (step.atMs ?? 0) <= atMs) ?? first;
}

interface SourceOptionValues {
  readonly id: unknown;
  readonly kind: unknown;
  readonly clock: unknown;
  readonly classify: unknown;
}

function checkSourceOptions({ id, kind, clock, classify }: SourceOptionValues): void {
  if (typeof id !== 'string' || id === '') {
    const got = describeValue(id);
    throw new TypeError(`Expected option \`id\` to be a non-empty string, got ${got}`);
  }

  if (typeof kind !== 'string') {
    throw new TypeError(`Expected option \`kind\` to be a string, got ${describeValue(kind)}`);
  }

  if (clock !== undefined) {
    const methods = clock as Record<string, unknown> | null;
    for (const method of ['now', 'setTimeout', 'clearTimeout']) {
      assertFunctionOption(`clock.${method}`, methods?.[method]);
    }
  }

  if (classify !== undefined) assertFunctionOption('classify', classify);
}
