import { readFile, rename, rm, writeFile } from 'node:fs/promises';

import { describeValue } from '../../describe-value.js';
import { DurationModel, type DurationModelOptions } from './duration-model.js';

/** Options of {@link loadDurationModel}: the model's own, and what a missing file means. */
export interface LoadDurationModelOptions extends DurationModelOptions {
  /**
   * What a path where no file exists gives: `'empty'` a new model with the priors alone (the
   * first run), `'throw'` the file system's `ENOENT` error. Default `'empty'`.
   */
  readonly ifMissing?: 'empty' | 'throw';
}

let writes = 0;

/**
 * Reads a model saved by {@link saveDurationModel} from the file at `path`.
 *
 * @throws TypeError or RangeError whose message starts with the path, for a file that is not
 *   JSON or not a saved model (naming the field, as `model.entries[0].samples[3][1]`), with
 *   the original error as `cause`; the file system's error for a file that cannot be read
 *   (and for a missing one when `ifMissing` is `'throw'`); TypeError or RangeError for
 *   invalid options, before reading.
 */
export async function loadDurationModel(
  path: string,
  options: LoadDurationModelOptions = {},
): Promise<DurationModel> {
  assertPath(path);
  const { ifMissing = 'empty', ...modelOptions } = options;
  if (ifMissing !== 'empty' && ifMissing !== 'throw') {
    const got = describeValue(ifMissing);
    throw new TypeError(`Expected option \`ifMissing\` to be 'empty' or 'throw', got ${got}`);
  }
  const empty = new DurationModel(modelOptions);

  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (ifMissing === 'empty' && (error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
      return empty;
    }
    throw error;
  }

  try {
    return DurationModel.fromJSON(JSON.parse(text) as unknown, modelOptions);
  } catch (error) {
    const message = `${path}: ${(error as Error).message}`;
    throw error instanceof RangeError
      ? new RangeError(message, { cause: error })
      : new TypeError(message, { cause: error });
  }
}

/**
 * Writes `model` to the file at `path` as JSON, replacing it whole: the JSON goes to a file
 * beside it, which is then renamed over it, so a reader never sees half a model, and a crash
 * leaves the old one.
 *
 * @throws TypeError for a `model` that is not a {@link DurationModel} or a `path` that is not
 *   a non-empty string, before writing; the file system's error when writing fails.
 */
export async function saveDurationModel(model: DurationModel, path: string): Promise<void> {
  if (!(model instanceof DurationModel)) {
    throw new TypeError(`Expected \`model\` to be a DurationModel, got ${describeValue(model)}`);
  }
  assertPath(path);
  writes += 1;
  const temporary = `${path}.${process.pid}.${writes}.tmp`;

  try {
    await writeFile(temporary, `${JSON.stringify(model, null, 2)}\n`, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function assertPath(path: unknown): asserts path is string {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`Expected \`path\` to be a non-empty string, got ${describeValue(path)}`);
  }
}
