import { UsageError } from './errors.js';

/** The validated arguments of `jobwait simulate`. */
export interface SimulateArgs {
  /** The path of the scenario file, as given. */
  readonly scenario: string;
  /** The port to listen on, from 0 to 65535; 0 picks a free one. */
  readonly port: number;
  /** The loopback address to listen on. Default `127.0.0.1`. */
  readonly host: string;
}

/** The flags that only `jobwait simulate` takes. */
export const SIMULATE_FLAGS: ReadonlySet<string> = new Set(['scenario', 'port', 'host']);

/**
 * Reads the arguments of `jobwait simulate` from the parsed flag values and the positional
 * arguments after `simulate`.
 *
 * @throws UsageError naming the flag or argument that is missing or wrong.
 */
export function simulateArgs(
  values: { readonly scenario?: string; readonly port?: string; readonly host?: string },
  rest: readonly string[],
): SimulateArgs {
  const [extra] = rest;

  if (extra !== undefined) {
    throw new UsageError(`Unexpected argument \`${extra}\` after \`jobwait simulate\``);
  }
  if (values.scenario === undefined || values.scenario === '') {
    throw new UsageError('Missing --scenario FILE; see `jobwait simulate --help`');
  }
  if (values.port === undefined) {
    throw new UsageError('Missing --port (0 picks a free port); see `jobwait simulate --help`');
  }

  return { scenario: values.scenario, port: port(values.port), host: values.host ?? '127.0.0.1' };
}

function port(value: string): number {
  const number = Number(value);

  if (!/^\d{1,5}$/.test(value) || number > 65_535) {
    throw new UsageError(`Expected --port to be a whole number from 0 to 65535; got \`${value}\``);
  }

  return number;
}
