import { parseArgs, type ParseArgsConfig } from 'node:util';

import type { SigningForm } from '@jobwait/elb-classic';
import type { LogThreshold } from '@jobwait/reporters';

import { refuseCredentialFlags } from './credential-flags.js';
import { readDuration } from './duration.js';
import { UsageError } from './errors.js';
import { reporterArgs, type ReporterName, type WebhookArgs } from './reporter-args.js';
import { SIMULATE_FLAGS, simulateArgs, type SimulateArgs } from './simulate-args.js';

/** The clouds whose endpoint `--cloud` and `--region` derive. */
export const CLOUDS = ['huaweicloud', 'otc', 'flexibleengine'] as const;

/** One of {@link CLOUDS}. */
export type Cloud = (typeof CLOUDS)[number];

/** What `--output` prints on stdout. */
export type OutputFormat = 'json' | 'text';

/** How much progress goes to stderr: none, state changes, or also retries and delays. */
export type ProgressLevel = 'quiet' | 'normal' | 'verbose';

/**
 * Where the API is: an explicit URL, or a cloud whose endpoint the region (from `--region` or
 * the environment) derives.
 */
export type EndpointArgs = { readonly endpoint: string } | { readonly cloud: Cloud };

/**
 * The validated arguments of `jobwait elb-classic wait`, as the command line gives them. Times
 * in milliseconds. The project id and the region may come from the environment instead, and
 * the credentials always do: the command reads them.
 */
export interface ElbClassicWaitArgs {
  readonly jobId: string;
  /** From `--project-id`; when absent, the command reads it from the environment. */
  readonly projectId?: string;
  readonly endpoint: EndpointArgs;
  /** From `--region`; when absent, the command reads it from the environment. */
  readonly region?: string;
  /** From `--signing`: the `Authorization` form of AK/SK signing; absent means `access`. */
  readonly signing?: SigningForm;
  readonly output: OutputFormat;
  /** `quiet` with `--quiet` or `--reporter none`, `verbose` with `--verbose`. */
  readonly progress: ProgressLevel;
  /**
   * From `--reporter`: `none` with `--quiet`, `log` with `--log-level` alone. Absent when the
   * command chooses: `console` when stderr is a TTY, `log` otherwise.
   */
  readonly reporter?: ReporterName;
  /** From `--log-level`; absent means `info`, or `debug` with `--verbose`. */
  readonly logLevel?: LogThreshold;
  /** From `--webhook` and `--webhook-events`; the signing secret comes from the environment. */
  readonly webhook?: WebhookArgs;
  readonly timeoutMs?: number;
  readonly initialDelayMs?: number;
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** What the command line asks for. */
export type Command =
  | { readonly name: 'help'; readonly topic: HelpTopic }
  | { readonly name: 'version' }
  | {
      readonly name: 'elb-classic wait';
      readonly args: ElbClassicWaitArgs;
      /** Lines for stderr about flags that were accepted but may not mean what was meant. */
      readonly warnings: readonly string[];
    }
  | { readonly name: 'simulate'; readonly args: SimulateArgs };

/** The commands that have a help page. */
export type HelpTopic = 'jobwait' | 'elb-classic wait' | 'simulate';

const OPTIONS = {
  'project-id': { type: 'string' },
  endpoint: { type: 'string' },
  cloud: { type: 'string' },
  region: { type: 'string' },
  signing: { type: 'string' },
  timeout: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'initial-delay': { type: 'string' },
  'min-delay': { type: 'string' },
  'max-delay': { type: 'string' },
  reporter: { type: 'string' },
  'log-level': { type: 'string' },
  webhook: { type: 'string' },
  'webhook-events': { type: 'string' },
  scenario: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

type Values = {
  -readonly [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'string'
    ? string
    : boolean;
};

/**
 * Parses and validates the arguments of `jobwait` (without the node and script paths).
 * `--help` or `-h` before a `--` wins over every usage error and asks for the help of the
 * command named so far: `jobwait elb-classic --help`, `jobwait --help elb-classic` and
 * `jobwait elb-classic wait X --bogus --help` all give that of `elb-classic wait`, while
 * `jobwait --help` and `jobwait elb --help` give the overview, and `jobwait simulate --help`
 * that of `simulate`.
 *
 * @throws UsageError naming the flag or argument that is missing or wrong; a flag's value is
 *   echoed only for flags that cannot hold a secret. A usage error in `elb-classic` or
 *   `simulate` points to that command's help, any other to the overview.
 */
export function parseCommandLine(argv: readonly string[]): Command {
  const { values, positionals, tokens } = parse(argv);
  const [group, action, ...rest] = positionals;
  const topic = topicOf(group);

  if (asksForHelp(tokens)) return { name: 'help', topic };

  refuseCredentialFlags(argv);
  checkOptions(tokens, topic);
  if (values.version === true) return { name: 'version' };
  if (group === 'simulate') {
    return { name: 'simulate', args: simulateArgs(values, positionals.slice(1)) };
  }
  checkCommand(group, action);

  return {
    name: 'elb-classic wait',
    args: elbClassicWaitArgs(values, rest),
    warnings: unitlessWarnings(values),
  };
}

/** The command line that shows the help of each topic, for usage errors to point to. */
const HELP_COMMANDS: Readonly<Record<HelpTopic, string>> = {
  jobwait: 'jobwait --help',
  'elb-classic wait': 'jobwait elb-classic wait --help',
  simulate: 'jobwait simulate --help',
};

/** The help topic of the command named first. */
function topicOf(group: string | undefined): HelpTopic {
  if (group === 'elb-classic') return 'elb-classic wait';

  return group === 'simulate' ? 'simulate' : 'jobwait';
}

/**
 * Whether `--help` or `-h` is among the options, before any `--`. A flag that takes a value
 * and is followed by `--help` counts too: such a value is read as the next flag, not a value.
 */
function asksForHelp(tokens: readonly Token[]): boolean {
  return tokens.some(
    (token) =>
      token.kind === 'option' &&
      (token.name === 'help' ||
        (token.inlineValue !== true && (token.value === '--help' || token.value === '-h'))),
  );
}

/**
 * @throws UsageError for a missing or unknown command: besides `simulate`, which is read
 *   first, only `elb-classic wait` exists.
 */
function checkCommand(group: string | undefined, action: string | undefined): void {
  if (group === undefined) throw new UsageError('Missing command; see `jobwait --help`');
  if (group !== 'elb-classic' || (action !== undefined && action !== 'wait')) {
    const given = [group, action].filter(Boolean).join(' ');
    throw new UsageError(
      `Unknown command \`${given}\`; the commands are \`jobwait elb-classic wait\` and ` +
        '`jobwait simulate`',
    );
  }
  if (action === undefined) {
    throw new UsageError(
      'Missing the subcommand `wait`: `jobwait elb-classic wait <job-id> …`; ' +
        'see `jobwait elb-classic wait --help`',
    );
  }
}

/** The part of a token of `parseArgs` that the checks read. */
type Token =
  | ({ readonly kind: 'option' } & OptionToken)
  | { readonly kind: 'positional' | 'option-terminator' };

/** Parses loosely, so that every message is ours: Node's wording differs between versions. */
function parse(argv: readonly string[]): {
  values: Values;
  positionals: string[];
  tokens: Token[];
} {
  const { values, positionals, tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });

  return { values: values as Values, positionals, tokens };
}

/**
 * Checks each option token, naming the flag without echoing its value, and pointing to the
 * help of `topic`. A flag of another command counts as unknown. A flag that takes a value may
 * be given once: with two, a script would depend on which one wins.
 */
function checkOptions(tokens: readonly Token[], topic: HelpTopic): void {
  const seen = new Set<string>();

  for (const token of tokens) {
    if (token.kind !== 'option') continue;

    const spec = (OPTIONS as Record<string, { type: 'string' | 'boolean' }>)[token.name];
    if (spec === undefined || !takesFlag(topic, token.name)) {
      throw new UsageError(`Unknown flag ${token.rawName}; see \`${HELP_COMMANDS[topic]}\``);
    }
    if (spec.type === 'string') checkValueFlag(token, seen);
    if (spec.type === 'boolean' && token.value !== undefined) {
      throw new UsageError(`${token.rawName} takes no value`);
    }
  }
}

/**
 * Whether the command of `topic` takes the flag `name`: `simulate` takes its own and `--help`
 * and `--version`, the other commands all but those of `simulate`. With no command named, any
 * flag passes, and the missing command is the error.
 */
function takesFlag(topic: HelpTopic, name: string): boolean {
  if (name === 'help' || name === 'version' || topic === 'jobwait') return true;

  return topic === 'simulate' ? SIMULATE_FLAGS.has(name) : !SIMULATE_FLAGS.has(name);
}

interface OptionToken {
  readonly name: string;
  readonly rawName: string;
  readonly value?: string | undefined;
  readonly inlineValue?: boolean | undefined;
}

function checkValueFlag(token: OptionToken, seen: Set<string>): void {
  if (isMissing(token)) {
    const hint = `for a value that starts with '-', write ${token.rawName}=VALUE`;
    throw new UsageError(`Missing the value of ${token.rawName} (${hint})`);
  }
  if (seen.has(token.name)) {
    throw new UsageError(`Give --${token.name} only once`);
  }

  seen.add(token.name);
}

/** A string flag's value is missing when absent, or when it is the next flag. */
function isMissing(token: OptionToken): boolean {
  return token.value === undefined || (token.inlineValue !== true && token.value.startsWith('-'));
}

function elbClassicWaitArgs(values: Values, rest: readonly string[]): ElbClassicWaitArgs {
  const [jobId, ...extra] = rest;

  if (jobId === undefined)
    throw new UsageError('Missing <job-id>: `jobwait elb-classic wait <job-id> …`');
  if (extra.length > 0) throw new UsageError(`Unexpected argument \`${extra[0]}\` after <job-id>`);

  const endpoint = endpointArgs(values);
  const delays = delayArgs(values);

  return {
    jobId,
    ...optional('projectId', notEmpty('project-id', values['project-id'], 'a project id')),
    endpoint,
    ...optional('region', notEmpty('region', values.region, 'a region such as eu-de')),
    ...optional('signing', signingForm(values.signing)),
    output: outputFormat(values.output),
    ...reporterArgs(values),
    ...optional('timeoutMs', duration('timeout', values.timeout)),
    ...delays,
  };
}

/**
 * The endpoint flags. `--region` may come with either: with `--cloud` it derives the endpoint
 * (else the environment's region does), and it is the region that `--signing credential` and
 * a password sign-in's IAM endpoint need.
 */
function endpointArgs({ endpoint, cloud }: Values): EndpointArgs {
  if (endpoint !== undefined) {
    if (cloud !== undefined) {
      throw new UsageError('Give either --endpoint or --cloud, not both');
    }

    return { endpoint };
  }

  // With `--region` alone, `--cloud` is missing, but so may be `--endpoint`: name both ways.
  if (cloud === undefined) {
    throw new UsageError('Missing --endpoint, or --cloud and --region');
  }

  if (!(CLOUDS as readonly string[]).includes(cloud)) {
    throw new UsageError(`Expected --cloud to be one of ${CLOUDS.join(', ')}; got \`${cloud}\``);
  }

  return { cloud: cloud as Cloud };
}

/** A flag's value, which may be absent (the environment then tells it) but not empty. */
function notEmpty(flag: string, value: string | undefined, expected: string): string | undefined {
  if (value === '')
    throw new UsageError(`Expected --${flag} to be ${expected}; got an empty value`);

  return value;
}

function signingForm(value: string | undefined): SigningForm | undefined {
  if (value === undefined || value === 'access' || value === 'credential') return value;

  throw new UsageError(`Expected --signing to be access or credential; got \`${value}\``);
}

function outputFormat(value: string | undefined): OutputFormat {
  if (value === undefined || value === 'json' || value === 'text') return value ?? 'json';

  throw new UsageError(`Expected --output to be json or text; got \`${value}\``);
}

function delayArgs(values: Values) {
  const minDelayMs = duration('min-delay', values['min-delay']);
  const maxDelayMs = duration('max-delay', values['max-delay']);

  if (minDelayMs !== undefined && maxDelayMs !== undefined && maxDelayMs < minDelayMs) {
    throw new UsageError('Expected --max-delay to be at least --min-delay');
  }

  return {
    ...optional('initialDelayMs', duration('initial-delay', values['initial-delay'])),
    ...optional('minDelayMs', minDelayMs),
    ...optional('maxDelayMs', maxDelayMs),
  };
}

type DurationFlag = 'timeout' | 'initial-delay' | 'min-delay' | 'max-delay';

/**
 * The least value of each duration flag, in milliseconds. A timeout or a longest delay of 0
 * would make no sense; polling at once does, but two polls are at least 1 ms apart, the
 * waiter's own floor, which keeps a zero delay from becoming a tight loop.
 */
const DURATION_MIN_MS: Readonly<Record<DurationFlag, number>> = {
  timeout: 1,
  'max-delay': 1,
  'initial-delay': 0,
  'min-delay': 1,
};

/** The most any duration flag takes: 24 days, which a Node.js timer (at most 2^31-1 ms) holds. */
const DURATION_MAX_MS = 24 * 24 * 3_600_000;

function duration(flag: DurationFlag, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;

  const reading = readDuration(value);
  const min = DURATION_MIN_MS[flag];

  if ('problem' in reading) {
    const expected =
      reading.problem === 'fraction'
        ? 'a whole number of milliseconds'
        : 'a duration such as 90s, 10m, 1m30s or 1500ms';
    throw new UsageError(`Expected --${flag} to be ${expected}; got \`${value}\``);
  }
  if (reading.ms < min || reading.ms > DURATION_MAX_MS) {
    throw new UsageError(`Expected --${flag} to be from ${min} ms to 24 days; got \`${value}\``);
  }

  return reading.ms;
}

/**
 * A bare number is milliseconds, as documented; but `--timeout 600` reads like seconds, so each
 * duration flag given a bare number other than 0 gets a warning that says what it means.
 */
function unitlessWarnings(values: Values): string[] {
  const flags = ['timeout', 'initial-delay', 'min-delay', 'max-delay'] as const;

  return flags.flatMap((flag) => {
    const value = values[flag]?.trim();
    if (value === undefined || !/^\d+$/.test(value) || Number(value) === 0) return [];

    const ms = Number(value);
    const advice = `write ${ms}ms, or ${ms}s for seconds`;

    return [`--${flag} ${ms} has no unit, so it is ${ms} ms; ${advice}`];
  });
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
