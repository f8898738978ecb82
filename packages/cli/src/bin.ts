#!/usr/bin/env node
import { readFileSync } from 'node:fs';

import { main } from './main.js';

// The process is the only place that knows about signals, exit codes and real streams; the
// rest of the command is plain functions that tests call directly.
const controller = new AbortController();
const stop = (signal: NodeJS.Signals): void => {
  // A second signal while the wait winds down ends the process at once.
  if (controller.signal.aborted) process.exit(signal === 'SIGTERM' ? 143 : 130);
  controller.abort(signal);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// A closed pipe (`jobwait … | head`, `2>&1 | logger` whose reader died) must not crash the
// process with an unhandled error and an exit code that would read as "the job failed".
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string };

process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
  version,
});
process.off('SIGINT', stop);
process.off('SIGTERM', stop);
