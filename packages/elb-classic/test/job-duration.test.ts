import { describe, expect, it } from '@jest/globals';

import { elbJobDurationMs } from '../src/job-duration.js';
import { jobFixture } from './helpers.js';

const BEGIN = '2024-05-14T08:12:03.117Z';

describe('elbJobDurationMs', () => {
  it.each([
    ['create-elb-success', 28_787],
    ['create-elb-fail', 30_687],
    ['delete-elb-success', 47_369],
    ['create-member-success', 37_540],
    ['remove-member-success', 14_522],
  ])('reads %s as %i ms from begin_time to end_time', (name, durationMs) => {
    expect(elbJobDurationMs(jobFixture(name))).toBe(durationMs);
  });

  it.each(['create-elb-running', 'create-elb-init', 'delete-elb-running'])(
    'answers undefined while %s has no end_time',
    (name) => {
      expect(elbJobDurationMs(jobFixture(name))).toBeUndefined();
    },
  );

  it.each([
    [
      'a zone offset on both',
      '2024-05-14T16:12:03.117+08:00',
      '2024-05-14T16:12:13.117+0800',
      10_000,
    ],
    [
      'no zone on both, a space between date and time',
      '2024-05-14 08:12:03',
      '2024-05-14 08:12:33',
      30_000,
    ],
    ['microseconds', '2024-05-14T08:12:03.117250Z', '2024-05-14T08:12:04.118999Z', 1001],
    ['different zones', '2024-05-14T08:12:03Z', '2024-05-14T10:12:13+02:00', 10_000],
  ])('reads times with %s', (_, begin_time, end_time, durationMs) => {
    expect(elbJobDurationMs({ status: 'SUCCESS', begin_time, end_time })).toBe(durationMs);
  });

  it.each([
    ['an end before the beginning', { begin_time: BEGIN, end_time: '2024-05-14T08:12:02.000Z' }],
    ['a zone on one time only', { begin_time: BEGIN, end_time: '2024-05-14T08:12:30' }],
    ['a time that is not ISO 8601', { begin_time: BEGIN, end_time: 'Tue, 14 May 2024 08:13:00' }],
    ['an impossible month', { begin_time: BEGIN, end_time: '2024-13-14T08:12:30Z' }],
    ['times that are not strings', { begin_time: 1_715_674_323_117, end_time: 1_715_674_353_117 }],
    ['no begin_time', { end_time: BEGIN }],
  ])('answers undefined for %s', (_, times) => {
    expect(elbJobDurationMs({ status: 'SUCCESS', ...times })).toBeUndefined();
  });

  it.each([null, undefined, 'SUCCESS', 42])('answers undefined for the observation %p', (job) => {
    expect(elbJobDurationMs(job)).toBeUndefined();
  });
});
