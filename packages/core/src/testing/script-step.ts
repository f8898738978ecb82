import { assertNumberInRange, isPlainObject, MAX_TIMER_MS } from '../backoff/validate.js';
import { describeValue } from '../describe-value.js';
import type { PollOutcome } from '../verdict.js';

/** When a step of a script is in force, and how long its poll takes. */
export interface ScriptTiming {
  /**
   * From this time on, in milliseconds after the source was created and measured on its
   * `clock`, polls see this step. Either every step of a script has one, the first at 0, in
   * ascending order (a timeline), or none has (a sequence). Needs the `clock` option.
   */
  readonly atMs?: number;
  /**
   * How long the poll takes before it answers, in milliseconds on the source's `clock`, up to
   * 2^31−1. When the poll's signal aborts meanwhile, the poll rejects with the signal's reason.
   * Needs the `clock` option. Default: 0, the poll answers at once.
   */
  readonly latencyMs?: number;
}

/** A step whose poll answers with `value`. */
export interface ScriptValueStep<T> extends ScriptTiming {
  readonly value: T;
  readonly error?: never;
}

/** A step whose poll rejects with `error`, thrown as it is. */
export interface ScriptErrorStep extends ScriptTiming {
  readonly error: unknown;
  readonly value?: never;
}

/** One answer of a scripted source: a value or an error, each optionally timed. */
export type ScriptStep<T> = ScriptValueStep<T> | ScriptErrorStep;

/** A step once checked: what its poll answers, when it applies and how long it takes. */
export interface CheckedStep<T> {
  readonly outcome: PollOutcome<T>;
  readonly atMs: number | undefined;
  readonly latencyMs: number;
}

const STEP_KEYS: readonly string[] = ['value', 'error', 'atMs', 'latencyMs'];

/**
 * Checks option `script` and returns its steps, copied so that a later change to the array
 * does not change the source.
 *
 * @throws TypeError naming the step (`script[2]`) that is not an object, has an unknown key,
 *   has both or neither of `value` and `error`, is timed without `clock`, or breaks the
 *   timeline; RangeError naming `script[i].atMs` or `script[i].latencyMs` when it is out of
 *   range; TypeError when `script` is not a non-empty array.
 */
export function checkScript<T>(script: unknown, hasClock: boolean): readonly CheckedStep<T>[] {
  if (!Array.isArray(script) || script.length === 0) {
    const got = Array.isArray(script) ? 'an empty array' : describeValue(script);
    throw new TypeError(`Expected option \`script\` to be a non-empty array of steps, got ${got}`);
  }

  const steps = script.map((step: unknown, index) =>
    checkStep<T>(step, `script[${index}]`, hasClock),
  );
  checkTimeline(steps);

  return Object.freeze(steps);
}

function checkStep<T>(step: unknown, name: string, hasClock: boolean): CheckedStep<T> {
  if (!isPlainObject(step)) {
    const got = describeValue(step);
    throw new TypeError(
      `Expected \`${name}\` to be an object with \`value\` or \`error\`, got ${got}`,
    );
  }

  const unknown = Object.keys(step).find((key) => !STEP_KEYS.includes(key));
  if (unknown !== undefined) {
    throw new TypeError(
      `Unknown key \`${name}.${unknown}\`; a step has \`value\` or \`error\`, ` +
        '`atMs`, `latencyMs`',
    );
  }

  if ('value' in step === 'error' in step) {
    const which = 'value' in step ? 'not both' : 'got neither';
    throw new TypeError(`Expected \`${name}\` to have either \`value\` or \`error\`, ${which}`);
  }

  const outcome: PollOutcome<T> =
    'value' in step ? { ok: true, value: step.value as T } : { ok: false, error: step.error };

  return Object.freeze({
    outcome,
    atMs: checkTime(step.atMs, `${name}.atMs`, hasClock, Number.MAX_SAFE_INTEGER),
    latencyMs: checkTime(step.latencyMs, `${name}.latencyMs`, hasClock, MAX_TIMER_MS) ?? 0,
  });
}

/** Checks a time of a step; `undefined` counts as absent. */
function checkTime(value: unknown, name: string, hasClock: boolean, maxMs: number) {
  if (value === undefined) return undefined;

  assertNumberInRange(name, value, { max: maxMs });
  if (!hasClock) {
    throw new TypeError(
      `Expected option \`clock\` with \`${name}\`: a script's times run on the clock the ` +
        'waiter uses, never in real time',
    );
  }

  return value;
}

/** Checks that a script is a sequence, or a timeline that starts at 0 and moves forward. */
function checkTimeline(steps: readonly CheckedStep<unknown>[]): void {
  const timed = steps.findIndex((step) => step.atMs !== undefined);
  if (timed === -1) return;

  const untimed = steps.findIndex((step) => step.atMs === undefined);
  if (untimed !== -1) {
    throw new TypeError(
      `Expected \`script[${untimed}].atMs\`: in a timeline every step has one, as ` +
        `\`script[${timed}]\` does`,
    );
  }

  if (steps[0]?.atMs !== 0) {
    throw new TypeError(
      `Expected \`script[0].atMs\` to be 0, got ${steps[0]?.atMs}: a timeline starts when ` +
        'the source is created',
    );
  }

  for (let index = 1; index < steps.length; index += 1) {
    const [atMs, previousMs] = [steps[index]?.atMs ?? 0, steps[index - 1]?.atMs ?? 0];
    if (atMs <= previousMs) {
      throw new TypeError(
        `Expected \`script[${index}].atMs\` (${atMs}) to be later than ` +
          `\`script[${index - 1}].atMs\` (${previousMs}): a timeline lists its steps in time order`,
      );
    }
  }
}
