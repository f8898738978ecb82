import { describeValue } from '../../describe-value.js';
import { isPlainObject } from '../validate.js';

/** A {@link DurationModel} saved as plain JSON, by `toJSON()`. */
export interface DurationModelJson {
  readonly format: 'jobwait.duration-model';
  readonly version: 1;
  /** One entry per kind and job type, the one observed least recently first. */
  readonly entries: readonly DurationModelJsonEntry[];
}

/** The samples of one kind and job type, oldest first. */
export interface DurationModelJsonEntry {
  readonly kind: string;
  /** Absent for jobs whose source gave no job type. */
  readonly jobType?: string;
  /**
   * What was seen of each duration, in milliseconds: `[d, d]` for an exact duration,
   * `[after, by]` for one that ended in that interval, `[after, null]` for one still running
   * at `after` when last seen.
   */
  readonly samples: readonly (readonly [number, number | null])[];
}

const FORMAT = 'jobwait.duration-model';
const ENTRY_FIELDS = new Set(['kind', 'jobType', 'samples']);

/**
 * Checks data read back from a saved model and returns its entries.
 *
 * @throws TypeError naming the field, as `model.entries[2].samples[5]`, for data of the wrong
 *   shape or format; RangeError for an unsupported version or a duration out of range.
 */
export function readModelJson(value: unknown): readonly DurationModelJsonEntry[] {
  if (!isPlainObject(value)) {
    throw new TypeError(`Expected \`model\` to be an object, got ${describeValue(value)}`);
  }
  if (value['format'] !== FORMAT) {
    const got = describeValue(value['format']);
    throw new TypeError(`Expected \`model.format\` to be '${FORMAT}', got ${got}`);
  }
  if (value['version'] !== 1) {
    const got = describeValue(value['version']);
    throw new RangeError(
      `Expected \`model.version\` to be 1, the version this jobwait reads, got ${got}`,
    );
  }

  const entries = value['entries'];
  if (!Array.isArray(entries)) {
    throw new TypeError(`Expected \`model.entries\` to be an array, got ${describeValue(entries)}`);
  }

  return entries.map((entry: unknown, index) => readEntry(entry, `model.entries[${index}]`));
}

function readEntry(entry: unknown, path: string): DurationModelJsonEntry {
  if (!isPlainObject(entry)) {
    throw new TypeError(`Expected \`${path}\` to be an object, got ${describeValue(entry)}`);
  }
  const unknown = Object.keys(entry).find((name) => !ENTRY_FIELDS.has(name));
  if (unknown !== undefined) throw new TypeError(`Unknown field \`${path}.${unknown}\``);

  const { kind, jobType, samples } = entry;
  if (typeof kind !== 'string') {
    throw new TypeError(`Expected \`${path}.kind\` to be a string, got ${describeValue(kind)}`);
  }
  if (jobType !== undefined && typeof jobType !== 'string') {
    const got = describeValue(jobType);
    throw new TypeError(`Expected \`${path}.jobType\` to be a string, got ${got}`);
  }
  if (!Array.isArray(samples)) {
    const got = describeValue(samples);
    throw new TypeError(`Expected \`${path}.samples\` to be an array, got ${got}`);
  }

  return {
    kind,
    ...(jobType === undefined ? {} : { jobType }),
    samples: samples.map((sample: unknown, index) =>
      readSample(sample, `${path}.samples[${index}]`),
    ),
  };
}

function readSample(sample: unknown, path: string): readonly [number, number | null] {
  if (!Array.isArray(sample) || sample.length !== 2) {
    const got = describeValue(sample);
    throw new TypeError(`Expected \`${path}\` to be a pair [afterMs, byMs or null], got ${got}`);
  }

  const [afterMs, byMs] = sample as [unknown, unknown];
  assertDuration(`${path}[0]`, afterMs, 0);
  if (byMs !== null) assertDuration(`${path}[1]`, byMs, afterMs);

  return [afterMs, byMs];
}

function assertDuration(path: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`Expected \`${path}\` to be a number, got ${describeValue(value)}`);
  }
  if (!(value >= min && value <= Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(
      `Expected \`${path}\` to be from ${min} to ${Number.MAX_SAFE_INTEGER}, got ${value}`,
    );
  }
}
