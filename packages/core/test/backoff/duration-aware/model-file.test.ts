import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { DurationModel } from '../../../src/backoff/duration-aware/duration-model.js';
import {
  loadDurationModel,
  saveDurationModel,
} from '../../../src/backoff/duration-aware/model-file.js';

const priors = [{ kind: 'elb-classic', medianMs: 25_000, sigma: 0.5 }];
let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'jobwait-duration-model-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('saveDurationModel and loadDurationModel', () => {
  it('give back the model that was saved, leaving no temporary file behind', async () => {
    const path = join(directory, 'durations.json');
    const model = new DurationModel({ priors });
    model.observe('elb-classic', 'createELB', 41_000);
    model.observeBetween('elb-classic', 'createELB', { afterMs: 20_000, byMs: 23_000 });

    await saveDurationModel(model, path);
    const loaded = await loadDurationModel(path, { priors });

    expect(loaded.toJSON()).toEqual(model.toJSON());
    expect(loaded.estimate('elb-classic', 'createELB').medianMs).toBe(
      model.estimate('elb-classic', 'createELB').medianMs,
    );
    expect(await readdir(directory)).toEqual(['durations.json']);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(model.toJSON());
  });

  it('replaces a saved model whole when saving again', async () => {
    const path = join(directory, 'durations.json');
    const model = new DurationModel();
    await saveDurationModel(model, path);
    model.observe('k', undefined, 5);
    await saveDurationModel(model, path);

    expect((await loadDurationModel(path)).estimate('k').samples).toBe(1);
  });

  it('starts from the priors alone when the file does not exist yet', async () => {
    const loaded = await loadDurationModel(join(directory, 'absent.json'), { priors });

    expect(loaded.toJSON().entries).toEqual([]);
    expect(loaded.estimate('elb-classic').medianMs).toBe(25_000);
    await expect(
      loadDurationModel(join(directory, 'absent.json'), { ifMissing: 'throw' }),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('names the file and the field when the file holds no valid model', async () => {
    const path = join(directory, 'bad.json');
    await writeFile(
      path,
      '{"format":"jobwait.duration-model","version":1,"entries":[{"kind":"k","samples":[[-1,2]]}]}',
    );

    const error = await loadDurationModel(path).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe(
      `${path}: Expected \`model.entries[0].samples[0][0]\` ` +
        'to be from 0 to 9007199254740991, got -1',
    );
    expect((error as Error).cause).toBeInstanceOf(RangeError);
  });

  it('names the file when it is not JSON at all', async () => {
    const path = join(directory, 'torn.json');
    await writeFile(path, '{"format":"jobwait.dur');

    await expect(loadDurationModel(path)).rejects.toThrow(
      expect.objectContaining({
        name: 'TypeError',
        message: expect.stringMatching(/^\/.*torn\.json: /),
      }),
    );
  });

  it('refuses arguments that are not a model or a path, before touching the disk', async () => {
    await expect(saveDurationModel({} as never, join(directory, 'x.json'))).rejects.toThrow(
      new TypeError('Expected `model` to be a DurationModel, got an object'),
    );
    await expect(saveDurationModel(new DurationModel(), '')).rejects.toThrow(
      new TypeError('Expected `path` to be a non-empty string, got ""'),
    );
    await expect(
      loadDurationModel(join(directory, 'x'), { ifMissing: 'no' as never }),
    ).rejects.toThrow(/ifMissing/);
    expect(await readdir(directory)).toEqual([]);
  });
});
