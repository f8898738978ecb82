import { describe, expect, it } from '@jest/globals';

import { parseCommandLine } from '../src/args.js';
import { UsageError } from '../src/errors.js';

const SIMULATE = ['simulate', '--scenario', 'example.json', '--port', '8080'];

function usageError(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`Expected a usage error for ${argv.join(' ')}`);
}

describe('parseCommandLine for simulate', () => {
  it('reads the scenario, port and default host', () => {
    expect(parseCommandLine(SIMULATE)).toEqual({
      name: 'simulate',
      args: { scenario: 'example.json', port: 8080, host: '127.0.0.1' },
    });
  });

  it('reads a host and port 0 when they are given, flags before the command too', () => {
    const argv = ['--host=::1', 'simulate', '--port', '0', '--scenario=s.json'];

    expect(parseCommandLine(argv)).toEqual({
      name: 'simulate',
      args: { scenario: 's.json', port: 0, host: '::1' },
    });
  });

  it.each([
    [['simulate', '--help']],
    [['--help', 'simulate']],
    [['simulate', '-h', '--port', 'x', '--bogus']],
  ])('asks for the help of simulate when given %j', (argv) => {
    expect(parseCommandLine(argv)).toEqual({ name: 'help', topic: 'simulate' });
  });

  it.each([
    [['simulate', '--port', '1'], 'Missing --scenario FILE; see `jobwait simulate --help`'],
    [
      ['simulate', '--scenario=', '--port', '1'],
      'Missing --scenario FILE; see `jobwait simulate --help`',
    ],
    [
      ['simulate', '--scenario', 's.json'],
      'Missing --port (0 picks a free port); see `jobwait simulate --help`',
    ],
    [
      [...SIMULATE.slice(0, 3), '--port', 'http'],
      'Expected --port to be a whole number from 0 to 65535; got `http`',
    ],
    [
      [...SIMULATE.slice(0, 3), '--port', '65536'],
      'Expected --port to be a whole number from 0 to 65535; got `65536`',
    ],
    [
      [...SIMULATE.slice(0, 3), '--port', '80.5'],
      'Expected --port to be a whole number from 0 to 65535; got `80.5`',
    ],
    [
      [...SIMULATE.slice(0, 3), '--port=-1'],
      'Expected --port to be a whole number from 0 to 65535; got `-1`',
    ],
    [[...SIMULATE, 'extra'], 'Unexpected argument `extra` after `jobwait simulate`'],
    [[...SIMULATE, '--port', '1'], 'Give --port only once'],
    [[...SIMULATE, '--endpoint', 'x'], 'Unknown flag --endpoint; see `jobwait simulate --help`'],
    [[...SIMULATE, '-q'], 'Unknown flag -q; see `jobwait simulate --help`'],
    [
      ['elb-classic', 'wait', 'j', '--project-id', 'p', '--endpoint', 'x', '--port', '1'],
      'Unknown flag --port; see `jobwait elb-classic wait --help`',
    ],
    [
      [...SIMULATE, '--token=abc'],
      'The token is never given as a flag (--token); ' +
        'set JOBWAIT_AUTH_TOKEN (or HW_AUTH_TOKEN, OS_AUTH_TOKEN) instead',
    ],
  ])('rejects %j', (argv, message) => {
    expect(usageError(argv).message).toBe(message);
  });

  it('asks for the version when simulate is given --version', () => {
    expect(parseCommandLine([...SIMULATE, '--version'])).toEqual({ name: 'version' });
  });
});
