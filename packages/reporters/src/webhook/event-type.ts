import type { WaiterEventName } from '@jobwait/core';

/** The `type` of a message for each waiter event but `settled`, which has one per outcome. */
const TYPES: Readonly<Record<Exclude<WaiterEventName, 'settled'>, string>> = {
  'wait:start': 'io.jobwait.wait.started',
  'poll:start': 'io.jobwait.poll.started',
  'poll:end': 'io.jobwait.poll.ended',
  retry: 'io.jobwait.poll.retried',
  backoff: 'io.jobwait.wait.backoff',
  'state:change': 'io.jobwait.job.state-changed',
};

/**
 * The `type` of a `settled` message by outcome. A job that failed, or whose wait failed, is
 * `job.failed`; a timeout or an abort is about the wait, since the job may still be running.
 */
const SETTLED_TYPES: Readonly<Record<string, string>> = {
  succeeded: 'io.jobwait.job.succeeded',
  failed: 'io.jobwait.job.failed',
  timedOut: 'io.jobwait.wait.timed-out',
  aborted: 'io.jobwait.wait.aborted',
};

/** The type of a `settled` event whose outcome is none of core's four. */
const OTHER_SETTLED_TYPE = 'io.jobwait.wait.settled';

/**
 * The message type of a waiter event, in reverse-DNS form as CloudEvents recommends, such as
 * `io.jobwait.job.succeeded` for a `settled` event whose outcome is `succeeded`.
 */
export function eventType(name: WaiterEventName, outcome: unknown): string {
  if (name !== 'settled') return TYPES[name];

  // `hasOwn`, so that an outcome such as 'constructor' finds nothing of Object.prototype.
  const known = typeof outcome === 'string' && Object.hasOwn(SETTLED_TYPES, outcome);

  return (known && SETTLED_TYPES[outcome]) || OTHER_SETTLED_TYPE;
}
