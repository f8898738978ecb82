export { CLOUDS, parseCommandLine } from './args.js';
export type {
  Cloud,
  Command,
  ElbClassicWaitArgs,
  EndpointArgs,
  HelpTopic,
  OutputFormat,
  ProgressLevel,
} from './args.js';
export { elbClassicWait } from './commands/elb-classic-wait.js';
export type { CommandIo } from './commands/elb-classic-wait.js';
export { parseDuration } from './duration.js';
export type { ReporterName, WebhookArgs } from './reporter-args.js';
export { UsageError } from './errors.js';
export { ExitCode } from './exit-codes.js';
export { main } from './main.js';
export type { MainIo } from './main.js';
export { TOKEN_VARIABLES } from './credential-variables.js';
