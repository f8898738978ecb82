import { describe, expect, it } from '@jest/globals';

import { ELB_ERROR_MEANINGS, errorMeaning } from '../src/error-codes.js';

describe('errorMeaning', () => {
  it.each([
    ['ELB.1001', 'a request parameter is invalid'],
    ['ELB.1091', 'the load balancer quota is exceeded'],
    ['ELB.2001', 'the limit of backend servers is reached'],
    ['APIGW.0101', 'the API does not exist or is not published at this endpoint'],
    ['APIGW.0301', 'the IAM authentication information is incorrect'],
    ['APIGW.0307', 'the token has expired or is for another region, and must be renewed'],
    ['APIGW.0308', 'the request rate limit is reached, so the request was throttled'],
  ])('says what %s means', (code, meaning) => {
    expect(errorMeaning(code)).toBe(meaning);
  });

  it.each([
    ['a code the published tables do not list', 'ELB.1009'],
    ['a code whose meaning depends on the status', 'APIGW.0201'],
    ['a code of the simulator', 'SIM.JOB_NOT_FOUND'],
    ['a name of the object prototype', 'constructor'],
    ['the prototype key', '__proto__'],
    ['a code in lower case', 'elb.1001'],
    ['a number', 1001],
    ['null', null],
  ])('gives no meaning for %s', (_, code) => {
    expect(errorMeaning(code)).toBeUndefined();
  });
});

describe('ELB_ERROR_MEANINGS', () => {
  it('is frozen', () => {
    expect(Object.isFrozen(ELB_ERROR_MEANINGS)).toBe(true);
  });

  it('holds only ELB and APIGW codes, each with a meaning that reads inside a sentence', () => {
    const entries = Object.entries(ELB_ERROR_MEANINGS);

    expect(entries.length).toBeGreaterThan(50);
    for (const [code, meaning] of entries) {
      expect(code).toMatch(/^(ELB|APIGW)\.\d{4}$/);
      expect(meaning).toMatch(/^[a-zI][^()]*[^.]$/);
    }
  });
});
