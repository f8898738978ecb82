import type { DurationPrior } from '@jobwait/core';

import { ELB_CLASSIC_KIND } from './job-source.js';

/**
 * What a `DurationModel` believes of classic ELB job durations before it has seen any: one
 * lognormal prior per job type this package knows, and one for the kind as a whole, which
 * covers any other job type and a wait whose job type is not known. Hand them to the model:
 * `new DurationModel({ priors: ELB_CLASSIC_DURATION_PRIORS })`, or to `loadDurationModel`.
 *
 * | job type       | median | sigma | weight |
 * | -------------- | -----: | ----: | -----: |
 * | `createELB`    |   25 s |  0.5  |      5 |
 * | `deleteELB`    |   45 s |  0.6  |      5 |
 * | `createMember` |   35 s |  0.6  |      5 |
 * | `removeMember` |   15 s |  0.6  |      5 |
 * | any other      |   30 s |  0.8  |      2 |
 *
 * @remarks
 * These are starting points, not measurements of your cloud: each counts as `weight` observed
 * durations, so a few dozen finished waits outweigh it and the learned estimate replaces it.
 * `createELB` follows the durations the classic ELB is known for (median 25 s, sigma 0.5).
 * The others are read from single recorded jobs (a `deleteELB` of 47 s, a `createMember` of
 * 38 s, a `removeMember` of 15 s), hence their wider sigma. The prior of the kind as a whole
 * spans all four and counts as 2 durations only, so that jobs of unknown type soon follow
 * what they show.
 */
export const ELB_CLASSIC_DURATION_PRIORS: readonly DurationPrior[] = Object.freeze(
  [
    { kind: ELB_CLASSIC_KIND, medianMs: 30_000, sigma: 0.8, weight: 2 },
    { kind: ELB_CLASSIC_KIND, jobType: 'createELB', medianMs: 25_000, sigma: 0.5 },
    { kind: ELB_CLASSIC_KIND, jobType: 'deleteELB', medianMs: 45_000, sigma: 0.6 },
    { kind: ELB_CLASSIC_KIND, jobType: 'createMember', medianMs: 35_000, sigma: 0.6 },
    { kind: ELB_CLASSIC_KIND, jobType: 'removeMember', medianMs: 15_000, sigma: 0.6 },
  ].map((prior) => Object.freeze(prior)),
);
