/** What to run when the process runs out of work, one entry per reporter holding messages. */
const flushes = new Set<() => void>();

function flushAll(): void {
  // A copy: each flush cancels its own entry.
  for (const flush of [...flushes]) flush();
}

/**
 * Calls `flush` when Node.js is about to end the process for want of work (its `beforeExit`
 * event), which is when a reporter's retry timers, which do not keep the process alive, would
 * otherwise be dropped with their messages. Whatever `flush` schedules keeps the process alive
 * until it is done. One process listener serves every reporter, and it is removed when none is
 * left, so that a reporter with nothing to send holds no reference from the process.
 *
 * @remarks Nothing runs when the process ends by `process.exit()`, a signal or an uncaught
 *   exception: Node.js emits no `beforeExit` then. Outside Node.js (no `process.on`) it does
 *   nothing.
 * @returns a function that cancels the call; calling it again does nothing.
 */
export function flushBeforeExit(flush: () => void): () => void {
  if (typeof globalThis.process?.on !== 'function') return () => {};

  // A fresh function per call, so that two registrations of one flush stay apart.
  const entry = (): void => flush();

  if (flushes.size === 0) process.on('beforeExit', flushAll);
  flushes.add(entry);

  return () => {
    if (!flushes.delete(entry)) return;
    if (flushes.size === 0) process.off('beforeExit', flushAll);
  };
}
