export { consoleReporter } from './console/console-reporter.js';
export type { ConsoleReporter, ConsoleReporterOptions } from './console/console-reporter.js';
export type { OutputStream } from './console/guarded-writer.js';
export { formatDuration } from './console/format.js';
export { printable } from './printable.js';
export type { Detach, WaiterLike } from './waiter-like.js';
