import {
  DurationModel,
  durationAwareBackoff,
  type BackoffStrategy,
  type DurationAwareBackoffOptions,
} from '@jobwait/core';

import { ELB_CLASSIC_DURATION_PRIORS } from './duration-priors.js';
import { elbJobDurationMs } from './job-duration.js';
import { assertObject } from './validate.js';

/**
 * Core's `durationAwareBackoff` set up for classic ELB jobs: it polls when a job of its type
 * is likely to have ended, explains each delay in the `backoff` event, and learns from every
 * wait it schedules. Give it to `waitForElbJob` as `backoff`, or to a core `Waiter`.
 *
 * It differs from core's in two defaults: its own model starts from
 * {@link ELB_CLASSIC_DURATION_PRIORS}, and `durationOf` is {@link elbJobDurationMs}, so each
 * finished job teaches its exact duration (`end_time` − `begin_time`). Every option is core's:
 *
 * - `model`: the `DurationModel` to read and teach; share one between waits and strategies,
 *   and build it with `ELB_CLASSIC_DURATION_PRIORS`, which a model of your own does not have
 *   unless you give them. Default: a model of its own, with those priors.
 * - `priors`: the priors of its own model, instead of the ELB ones (refused with `model`).
 * - `costPerPollOfMedian` (default 1/80) or `costPerPollMs`: what one poll is worth in
 *   expected lag; the default spends about 6 polls on a `createELB` job.
 * - `learn` (default true): whether each wait's outcome updates the model.
 * - `durationOf` (default {@link elbJobDurationMs}): reads a duration from the last
 *   observation.
 *
 * @remarks Share one strategy, or one model, between the waits that should learn from each
 * other: a strategy made for each wait starts from the priors every time. The model lives in
 * memory; keep it between runs with core's `saveDurationModel` and `loadDurationModel`.
 *
 * @throws TypeError naming the option for options that are not an object, an unknown option,
 *   or one of the wrong type; RangeError for a cost out of range. See `durationAwareBackoff`.
 */
export function elbDurationAwareBackoff(
  options: DurationAwareBackoffOptions = {},
): BackoffStrategy {
  // Core checks every option, unknown names included; only the shape must hold to read them.
  assertObject('options', options);
  const { model, priors, durationOf = elbJobDurationMs, ...rest } = options;

  // Only a model of its own gets the ELB priors: core refuses `priors` given with `model`.
  const elbModel =
    model === undefined && priors === undefined
      ? new DurationModel({ priors: ELB_CLASSIC_DURATION_PRIORS })
      : model;

  return durationAwareBackoff({ ...rest, model: elbModel, priors, durationOf });
}
