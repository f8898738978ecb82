import type { EventEnvelope, SettledEvent, WaitStartEvent } from '@jobwait/core';

import type { JobTally } from './format.js';

/**
 * Where the reporter's listeners send what they learnt of each job: plain lines or a live
 * block. The listeners keep the tallies; a view only shows them.
 */
export interface ProgressView {
  /** A wait began; `job` is its fresh tally. */
  started(event: WaitStartEvent, job: JobTally): void;
  /** Another event of a job arrived; `changed` is true when its state or detail changed. */
  seen(event: EventEnvelope, job: JobTally, changed: boolean): void;
  /** A line of verbose output: a retry, a failed poll, a backoff delay. */
  note(line: string): void;
  /** The job's wait ended, with `line` as its final line (none for an outcome it cannot name). */
  settled(event: SettledEvent, job: JobTally, line: string | undefined): void;
  /** The attachment was detached: its view writes nothing more and removes its listeners. */
  close(): void;
}
