/**
 * The exit codes of `jobwait`, stable across releases so that scripts can branch on them.
 *
 * - `Success` 0: the job reached its success state.
 * - `JobFailed` 1: the job reached its failure state (the provider's code and reason are
 *   printed, and the failed job goes to stdout).
 * - `Usage` 2: the command line or the environment is wrong (a missing or bad flag, an invalid
 *   id or endpoint, no token); nothing was requested.
 * - `Timeout` 3: the deadline (`--timeout`) passed before the job reached a final state, be
 *   it still running or never seen because every poll failed; the last error, if any, is
 *   named on stderr.
 * - `Error` 4: any other error: transport, authentication, a malformed answer, a job that is
 *   not found or in an unknown state.
 * - `Interrupted` 130: SIGINT (Ctrl-C) stopped the wait; the job itself goes on.
 * - `Terminated` 143: SIGTERM stopped the wait; the job itself goes on.
 */
export const ExitCode = Object.freeze({
  Success: 0,
  JobFailed: 1,
  Usage: 2,
  Timeout: 3,
  Error: 4,
  Interrupted: 130,
  Terminated: 143,
});

/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
