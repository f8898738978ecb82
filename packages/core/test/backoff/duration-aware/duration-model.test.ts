import { describe, expect, it } from '@jest/globals';

import { DurationModel } from '../../../src/backoff/duration-aware/duration-model.js';

const elbPrior = { kind: 'elb-classic', jobType: 'createELB', medianMs: 25_000, sigma: 0.5 };

describe('DurationModel', () => {
  it('answers the most specific prior before it has seen a duration', () => {
    const model = new DurationModel({
      priors: [
        elbPrior,
        { kind: 'elb-classic', medianMs: 10_000, sigma: 0.8 },
        { medianMs: 60_000, sigma: 1.5 },
      ],
    });

    expect(model.estimate('elb-classic', 'createELB')).toMatchObject({
      medianMs: 25_000,
      sigma: 0.5,
      samples: 0,
      priorWeight: 5,
    });
    expect(model.estimate('elb-classic', 'deleteELB').medianMs).toBe(10_000);
    expect(model.estimate('elb-classic').medianMs).toBe(10_000);
    expect(model.estimate('other', 'createELB').medianMs).toBe(60_000);
    expect(new DurationModel().estimate('any')).toMatchObject({ medianMs: 30_000, sigma: 1 });
  });

  it('moves the median toward exact durations as a prior worth 5 samples says', () => {
    const model = new DurationModel({ priors: [elbPrior] });
    for (let i = 0; i < 10; i += 1) model.observe('elb-classic', 'createELB', 50_000);

    const estimate = model.estimate('elb-classic', 'createELB');
    const pull = (5 * 10 * Math.log(2) ** 2) / 15;

    // μ = (5·ln 25 s + 10·ln 50 s) / 15; σ² = (5·0.5² + 0 + pull) / 15.
    expect(estimate.medianMs).toBeCloseTo(25_000 ** (1 / 3) * 50_000 ** (2 / 3), 6);
    expect(estimate.sigma).toBeCloseTo(Math.sqrt((5 * 0.25 + pull) / 15), 9);
    expect(estimate.samples).toBe(10);
    expect(estimate.distribution.cdf(estimate.medianMs)).toBeCloseTo(0.5, 7);
  });

  it('reads an interval between two polls as a duration inside it', () => {
    const model = new DurationModel({ priors: [elbPrior] });
    for (let i = 0; i < 20; i += 1) {
      model.observeBetween('elb-classic', 'createELB', { afterMs: 40_000, byMs: 42_000 });
    }

    const { medianMs } = model.estimate('elb-classic', 'createELB');
    // 20 samples near 41 s against a prior of 25 s worth 5: e^((5 ln 25 + 20 ln 41) / 25).
    expect(medianMs).toBeGreaterThan(37_000);
    expect(medianMs).toBeLessThan(38_500);
  });

  it('reads a wait that timed out as a duration longer than its last pending poll', () => {
    const model = new DurationModel({ priors: [elbPrior] });
    model.observeBetween('elb-classic', 'createELB', { afterMs: 60_000 });

    const estimate = model.estimate('elb-classic', 'createELB');
    expect(estimate.medianMs).toBeGreaterThan(25_000);
    expect(estimate.samples).toBe(1);
    expect(model.toJSON().entries[0]!.samples).toEqual([[60_000, null]]);
  });

  it('forgets all but the latest maxSamples durations', () => {
    const model = new DurationModel({ priors: [elbPrior], maxSamples: 3 });
    const fresh = new DurationModel({ priors: [elbPrior], maxSamples: 3 });
    for (const ms of [90_000, 90_000, 90_000, 10_000, 11_000, 12_000]) {
      model.observe('elb-classic', 'createELB', ms);
    }
    for (const ms of [10_000, 11_000, 12_000]) fresh.observe('elb-classic', 'createELB', ms);

    expect(model.estimate('elb-classic', 'createELB').medianMs).toBeCloseTo(
      fresh.estimate('elb-classic', 'createELB').medianMs,
      6,
    );
    expect(model.estimate('elb-classic', 'createELB').samples).toBe(3);
  });

  it('drops the kind and job type observed least recently beyond maxKeys', () => {
    const model = new DurationModel({ maxKeys: 2 });
    model.observe('a', undefined, 1_000);
    model.observe('b', undefined, 1_000);
    model.observe('a', undefined, 2_000);
    model.observe('c', 'x', 1_000);

    expect(model.toJSON().entries.map(({ kind }) => kind)).toEqual(['a', 'c']);
  });

  it('gives back the same estimates when saved and read again', () => {
    const model = new DurationModel({ priors: [elbPrior] });
    model.observe('elb-classic', 'createELB', 31_000);
    model.observeBetween('elb-classic', 'createELB', { afterMs: 18_000, byMs: 21_500 });
    model.observeBetween('elb-classic', undefined, { afterMs: 0, byMs: 4_000 });
    model.observeBetween('elb-classic', 'createELB', { afterMs: 600_000 });

    const json = JSON.parse(JSON.stringify(model)) as unknown;
    const copy = DurationModel.fromJSON(json, { priors: [elbPrior] });

    expect(copy.toJSON()).toEqual(model.toJSON());
    for (const jobType of ['createELB', undefined]) {
      const [a, b] = [
        copy.estimate('elb-classic', jobType),
        model.estimate('elb-classic', jobType),
      ];
      expect([a.medianMs, a.sigma, a.samples]).toEqual([b.medianMs, b.sigma, b.samples]);
    }
    expect(json).toMatchObject({
      format: 'jobwait.duration-model',
      version: 1,
      // Least recently observed first.
      entries: [
        { kind: 'elb-classic', samples: [[0, 4_000]] },
        {
          kind: 'elb-classic',
          jobType: 'createELB',
          samples: [
            [31_000, 31_000],
            [18_000, 21_500],
            [600_000, null],
          ],
        },
      ],
    });
  });

  it('refuses saved data of the wrong shape, naming the field', () => {
    const valid = { format: 'jobwait.duration-model', version: 1, entries: [] };
    const entry = (samples: unknown) => ({ ...valid, entries: [{ kind: 'k', samples }] });

    expect(() => DurationModel.fromJSON([])).toThrow(
      new TypeError('Expected `model` to be an object, got an array'),
    );
    expect(() => DurationModel.fromJSON({ ...valid, format: 'x' })).toThrow(
      new TypeError('Expected `model.format` to be \'jobwait.duration-model\', got "x"'),
    );
    expect(() => DurationModel.fromJSON({ ...valid, version: 2 })).toThrow(
      new RangeError('Expected `model.version` to be 1, the version this jobwait reads, got 2'),
    );
    expect(() => DurationModel.fromJSON({ ...valid, entries: {} })).toThrow(
      new TypeError('Expected `model.entries` to be an array, got an object'),
    );
    expect(() =>
      DurationModel.fromJSON(
        entry([
          [1, 2],
          [5, 3],
        ]),
      ),
    ).toThrow(
      new RangeError(
        'Expected `model.entries[0].samples[1][1]` to be from 5 to 9007199254740991, got 3',
      ),
    );
    expect(() => DurationModel.fromJSON(entry([[1, 2, 3]]))).toThrow(
      /^Expected `model.entries\[0\].samples\[0\]` to be a pair/,
    );
    expect(() => DurationModel.fromJSON(entry([['1', 2]]))).toThrow(
      new TypeError('Expected `model.entries[0].samples[0][0]` to be a number, got "1"'),
    );
    expect(() =>
      DurationModel.fromJSON({ ...valid, entries: [{ kind: 'k', samples: [], extra: 1 }] }),
    ).toThrow(new TypeError('Unknown field `model.entries[0].extra`'));
    expect(() => DurationModel.fromJSON({ ...valid, entries: [{ kind: 3, samples: [] }] })).toThrow(
      new TypeError('Expected `model.entries[0].kind` to be a string, got 3'),
    );
  });

  it('refuses invalid options and observations, naming them', () => {
    expect(() => new DurationModel({ priors: [{ medianMs: 1, sigma: -1 }] })).toThrow(
      new RangeError('Expected `priors[0].sigma` to be above 0 and at most 10, got -1'),
    );
    expect(() => new DurationModel({ priors: [elbPrior, { ...elbPrior, medianMs: 9 }] })).toThrow(
      new RangeError('Expected `priors[1]` to name a kind and job type no other prior names'),
    );
    expect(() => new DurationModel({ priors: [{ jobType: 'x', medianMs: 1, sigma: 1 }] })).toThrow(
      new TypeError('Expected `priors[0].kind` with `priors[0].jobType`'),
    );
    expect(() => new DurationModel({ priors: [{ ...elbPrior, median: 1 } as never] })).toThrow(
      new TypeError('Unknown option `median` of priors[0] (did you mean `medianMs`?)'),
    );
    expect(() => new DurationModel({ maxSamples: 0 })).toThrow(/maxSamples/);
    expect(() => new DurationModel({ window: 5 } as never)).toThrow(TypeError);

    const model = new DurationModel();
    expect(() => model.observe('k', 5 as never, 1)).toThrow(
      new TypeError('Expected `jobType` to be a string, got 5'),
    );
    expect(() => model.observe('k', undefined, -1)).toThrow(/durationMs/);
    expect(() => model.observeBetween('k', undefined, { afterMs: 5, byMs: 4 })).toThrow(
      /Expected option `byMs` to be a number from 5/,
    );
    expect(() => model.estimate(undefined as never)).toThrow(TypeError);
  });
});
