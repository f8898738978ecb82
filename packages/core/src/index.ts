export { Waiter, waitFor } from './waiter.js';
export type { WaitOptions, WaitForOptions } from './waiter.js';
export { WaitHandle } from './wait-handle.js';
export type { WaitManyOptions } from './wait-many.js';
export type {
  AbortedResult,
  FailedResult,
  SettleResult,
  SucceededResult,
  TimedOutResult,
  WaitResult,
  WaitSummary,
} from './settle-result.js';
export type {
  JobReference,
  JsonValue,
  StateHistoryEntry,
  Streaks,
  WaitCheckpoint,
} from './checkpoint.js';
export { resolveWaiterOptions } from './options.js';
export type { WaiterOptions, ResolvedWaiterOptions } from './options.js';
export type { JobSource, PollContext } from './job-source.js';
export type { Classifier, PollOutcome, Verdict, VerdictType } from './verdict.js';
export { stateSets, classifyCommonError } from './state-sets.js';
export type { StateSetsOptions } from './state-sets.js';
export { acceptors } from './acceptors/acceptors.js';
export type { AcceptorsOptions } from './acceptors/acceptors.js';
export type {
  Acceptor,
  AcceptorMatcher,
  AcceptorState,
  ErrorClass,
  PathMatcher,
} from './acceptors/acceptor.js';
export type { PathComparator } from './acceptors/comparators.js';
export type { AcceptorPath } from './acceptors/read-path.js';
export type {
  BackoffContext,
  BackoffLearnContext,
  BackoffStrategy,
  BackoffWaitInfo,
  InitialDelayContext,
} from './backoff/backoff-strategy.js';
export { constantBackoff } from './backoff/constant.js';
export type { ConstantBackoffOptions } from './backoff/constant.js';
export { exponentialBackoff } from './backoff/exponential.js';
export type { ExponentialBackoffOptions } from './backoff/exponential.js';
export type { Jitter } from './backoff/jitter.js';
export { linearBackoff } from './backoff/linear.js';
export type { LinearBackoffOptions } from './backoff/linear.js';
export { terraformBackoff } from './backoff/terraform.js';
export type { TerraformBackoffOptions } from './backoff/terraform.js';
export { awsBackoff } from './backoff/aws.js';
export type { AwsBackoffOptions } from './backoff/aws.js';
export { listBackoff } from './backoff/list.js';
export type { ListBackoffOptions } from './backoff/list.js';
export { durationAwareBackoff } from './backoff/duration-aware/strategy.js';
export type { DurationAwareBackoffOptions } from './backoff/duration-aware/strategy.js';
export { DurationModel } from './backoff/duration-aware/duration-model.js';
export type {
  DurationEstimate,
  DurationModelOptions,
} from './backoff/duration-aware/duration-model.js';
export type { DurationPrior } from './backoff/duration-aware/duration-prior.js';
export type {
  DurationModelJson,
  DurationModelJsonEntry,
} from './backoff/duration-aware/model-json.js';
export { loadDurationModel, saveDurationModel } from './backoff/duration-aware/model-file.js';
export type { LoadDurationModelOptions } from './backoff/duration-aware/model-file.js';
export {
  empiricalDistribution,
  lognormalDistribution,
} from './backoff/duration-aware/distribution.js';
export type {
  DurationDistribution,
  EmpiricalDistribution,
  LognormalDistribution,
} from './backoff/duration-aware/distribution.js';
export { optimalSchedule, scheduleStats } from './backoff/duration-aware/optimal-schedule.js';
export type {
  OptimalScheduleOptions,
  PollSchedule,
  ScheduleStats,
} from './backoff/duration-aware/optimal-schedule.js';
export { lagAtPolls, pollFrontier } from './backoff/duration-aware/frontier.js';
export type { PollFrontierOptions } from './backoff/duration-aware/frontier.js';
export { parseRetryAfter } from './retry-after.js';
export { MAX_TIMER_MS } from './backoff/validate.js';
export { sleep, systemClock, systemRandom } from './clock.js';
export type { Clock, TimerHandle } from './clock.js';
export {
  JobFailedError,
  JobwaitError,
  NotFoundError,
  PollFailedError,
  PollTimeoutError,
  UnexpectedStateError,
  WaitAbortedError,
  WaitTimeoutError,
  isJobwaitError,
  summarizeError,
} from './errors.js';
export type { ErrorSummary, WaitErrorContext } from './errors.js';
export { WAITER_EVENT_NAMES } from './events.js';
export type {
  BackoffEvent,
  BackoffExplanation,
  BackoffReason,
  EventEnvelope,
  PollEndEvent,
  PollStartEvent,
  RetryEvent,
  SettledEvent,
  StateChangeEvent,
  WaitOutcome,
  WaitStartEvent,
  WaiterEventName,
  WaiterEvents,
} from './events.js';
