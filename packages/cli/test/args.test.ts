import { describe, expect, it } from '@jest/globals';

import { parseCommandLine } from '../src/args.js';
import { UsageError } from '../src/errors.js';

const BASE = ['elb-classic', 'wait', 'job-1', '--project-id', 'p-1'];
const ENDPOINT = ['--endpoint', 'https://elb.example.test'];

function usageError(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`Expected a usage error for ${argv.join(' ')}`);
}

describe('parseCommandLine', () => {
  it('reads a complete wait command with defaults', () => {
    expect(parseCommandLine([...BASE, ...ENDPOINT])).toEqual({
      name: 'elb-classic wait',
      args: {
        jobId: 'job-1',
        projectId: 'p-1',
        endpoint: { endpoint: 'https://elb.example.test' },
        output: 'json',
        progress: 'normal',
      },
    });
  });

  it('reads every flag when all are given', () => {
    const argv = [
      ...BASE,
      '--cloud=otc',
      '--region',
      'eu-de',
      '--timeout',
      '1m30s',
      '-o',
      'text',
      '--initial-delay',
      '0',
      '--min-delay',
      '50ms',
      '--max-delay',
      '0.2s',
      '--quiet',
    ];

    expect(parseCommandLine(argv)).toEqual({
      name: 'elb-classic wait',
      args: {
        jobId: 'job-1',
        projectId: 'p-1',
        endpoint: { cloud: 'otc', region: 'eu-de' },
        output: 'text',
        progress: 'quiet',
        timeoutMs: 90_000,
        initialDelayMs: 0,
        minDelayMs: 50,
        maxDelayMs: 200,
      },
    });
  });

  it('accepts flags before the positional arguments', () => {
    const command = parseCommandLine(['--verbose', ...ENDPOINT, ...BASE]);

    expect(command).toMatchObject({ args: { jobId: 'job-1', progress: 'verbose' } });
  });

  it.each([
    [['--help'], 'jobwait'],
    [['-h'], 'jobwait'],
    [['elb-classic', 'wait', '--help'], 'elb-classic wait'],
    [['elb-classic', 'wait', 'job-1', '-h', '--timeout', 'nonsense'], 'elb-classic wait'],
  ])('asks for help when given %j', (argv, topic) => {
    expect(parseCommandLine(argv)).toEqual({ name: 'help', topic });
  });

  it('asks for the version when given --version', () => {
    expect(parseCommandLine(['--version'])).toEqual({ name: 'version' });
  });
});

describe('parseCommandLine usage errors', () => {
  it.each([
    [[], 'Missing command; see `jobwait --help`'],
    [['elb'], 'Unknown command `elb`; the command is `jobwait elb-classic wait`'],
    [
      ['elb-classic', 'delete'],
      'Unknown command `elb-classic delete`; the command is `jobwait elb-classic wait`',
    ],
    [
      ['elb-classic', 'wait', ...ENDPOINT],
      'Missing <job-id>: `jobwait elb-classic wait <job-id> …`',
    ],
    [['elb-classic', 'wait', 'a', 'b', ...ENDPOINT], 'Unexpected argument `b` after <job-id>'],
    [['elb-classic', 'wait', 'job-1', ...ENDPOINT], 'Missing --project-id'],
    [BASE, 'Missing --endpoint, or --cloud and --region'],
    [
      [...BASE, ...ENDPOINT, '--cloud', 'otc'],
      'Give either --endpoint, or --cloud and --region, not both',
    ],
    [
      [...BASE, '--region', 'eu-de'],
      'Expected --cloud to be one of huaweicloud, otc, flexibleengine; got none',
    ],
    [
      [...BASE, '--cloud', 'aws', '--region', 'x'],
      'Expected --cloud to be one of huaweicloud, otc, flexibleengine; got `aws`',
    ],
    [[...BASE, '--cloud', 'otc'], 'Missing --region, which --cloud otc needs'],
    [
      [...BASE, ...ENDPOINT, '--output', 'yaml'],
      'Expected --output to be json or text; got `yaml`',
    ],
    [[...BASE, ...ENDPOINT, '-q', '-v'], 'Give --quiet or --verbose, not both'],
    [
      [...BASE, ...ENDPOINT, '--timeout', '0'],
      'Expected --timeout to be from 1 ms to 24 days; got `0`',
    ],
    [
      [...BASE, ...ENDPOINT, '--timeout', '30d'],
      'Expected --timeout to be a duration such as 90s, 10m, 1m30s or 1500 (ms); got `30d`',
    ],
    [
      [...BASE, ...ENDPOINT, '--timeout=-5s'],
      'Expected --timeout to be a duration such as 90s, 10m, 1m30s or 1500 (ms); got `-5s`',
    ],
    [
      [...BASE, ...ENDPOINT, '--timeout', '-5s'],
      "Missing the value of --timeout (for a value that starts with '-', write --timeout=VALUE)",
    ],
    [
      ['elb-classic', 'wait', 'j', '--project-id', ...ENDPOINT],
      "Missing the value of --project-id (for a value that starts with '-', " +
        'write --project-id=VALUE)',
    ],
    [
      [...BASE, ...ENDPOINT, '--timeout', '600h'],
      'Expected --timeout to be from 1 ms to 24 days; got `600h`',
    ],
    [
      [...BASE, ...ENDPOINT, '--min-delay', '2s', '--max-delay', '1s'],
      'Expected --max-delay to be at least --min-delay',
    ],
    [
      [...BASE, ...ENDPOINT, '--max-delay', '0'],
      'Expected --max-delay to be from 1 ms to 24 days; got `0`',
    ],
    [[...BASE, ...ENDPOINT, '--nope'], 'Unknown flag --nope; see `jobwait --help`'],
    [[...BASE, ...ENDPOINT, '-x'], 'Unknown flag -x; see `jobwait --help`'],
    [
      [...BASE, '--endpoint'],
      "Missing the value of --endpoint (for a value that starts with '-', write --endpoint=VALUE)",
    ],
    [[...BASE, ...ENDPOINT, '--quiet=yes'], '--quiet takes no value'],
  ])('rejects %j', (argv, message) => {
    expect(usageError(argv).message).toBe(message);
  });

  it.each([['--token', 's3cr3t-value'], ['--token=s3cr3t-value'], ['--auth-token=s3cr3t-value']])(
    'refuses a token given as a flag without echoing it: %j',
    (...flag) => {
      const error = usageError([...BASE, ...ENDPOINT, ...flag]);

      expect(error.message).toBe(
        'The token is never given as a flag; set JOBWAIT_AUTH_TOKEN (or OS_AUTH_TOKEN) instead',
      );
      expect(error.message).not.toContain('s3cr3t');
    },
  );

  it('gives usage errors a stable code', () => {
    expect(usageError([])).toMatchObject({ name: 'UsageError', code: 'ERR_USAGE' });
  });
});
