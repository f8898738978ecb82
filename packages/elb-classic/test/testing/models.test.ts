import { describe, expect, it } from '@jest/globals';

import { CREATE_RESPONSE_MODEL, ERROR_MODELS, JOB_MODELS } from '../../src/testing/index.js';
import { fixture, fixtureNames } from '../helpers.js';

describe('the simulator models', () => {
  it('hold every job fixture, unchanged', () => {
    const expected = Object.fromEntries(
      fixtureNames('jobs').map((file) => [file.replace(/\.json$/, ''), fixture(`jobs/${file}`)]),
    );

    expect(JOB_MODELS).toEqual(expected);
  });

  it('hold every error fixture, unchanged', () => {
    const expected = Object.fromEntries(
      fixtureNames('errors').map((file) => [
        file.replace(/\.json$/, ''),
        fixture(`errors/${file}`),
      ]),
    );

    expect(ERROR_MODELS).toEqual(expected);
    expect(CREATE_RESPONSE_MODEL).toEqual(fixture('create-response.json'));
  });

  it('are frozen', () => {
    expect(Object.isFrozen(JOB_MODELS['create-elb-success'].entities.elb)).toBe(true);
  });
});
