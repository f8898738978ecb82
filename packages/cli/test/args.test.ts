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
      warnings: [],
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
      '--signing',
      'credential',
      '--quiet',
    ];

    expect(parseCommandLine(argv)).toEqual({
      name: 'elb-classic wait',
      args: {
        jobId: 'job-1',
        projectId: 'p-1',
        endpoint: { cloud: 'otc' },
        region: 'eu-de',
        signing: 'credential',
        output: 'text',
        progress: 'quiet',
        reporter: 'none',
        timeoutMs: 90_000,
        initialDelayMs: 0,
        minDelayMs: 50,
        maxDelayMs: 200,
      },
      warnings: [],
    });
  });

  it.each([
    [['elb-classic', 'wait', 'job-1', ...ENDPOINT], { endpoint: { endpoint: ENDPOINT[1] } }],
    [[...BASE, '--cloud', 'otc'], { projectId: 'p-1', endpoint: { cloud: 'otc' } }],
  ])('leaves to the environment what %j does not give', (argv, given) => {
    expect(parseCommandLine(argv)).toEqual({
      name: 'elb-classic wait',
      args: { jobId: 'job-1', output: 'json', progress: 'normal', ...given },
      warnings: [],
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
    [['elb-classic', '--help'], 'elb-classic wait'],
    [['--help', 'elb-classic'], 'elb-classic wait'],
    [['-h', 'elb-classic', 'wait'], 'elb-classic wait'],
    [['elb-classic', 'wait', 'X', '--bogus', '--help'], 'elb-classic wait'],
    [['elb-classic', 'delete', '-h'], 'elb-classic wait'],
    [[...BASE, '--project-id', 'p-2', '-o', 'yaml', '-q', '-v', '-h'], 'elb-classic wait'],
    [[...BASE, '--project-id', '--help'], 'elb-classic wait'],
    [[...BASE, '-qh'], 'elb-classic wait'],
    [[...BASE, '--token=s3cr3t-value', '--help'], 'elb-classic wait'],
    [['elb', '--help'], 'jobwait'],
    [['--nope', '--help'], 'jobwait'],
    [['--version', '-h'], 'jobwait'],
  ])('asks for help when given %j', (argv, topic) => {
    expect(parseCommandLine(argv)).toEqual({ name: 'help', topic });
  });

  it('asks for the version when given --version', () => {
    expect(parseCommandLine(['--version'])).toEqual({ name: 'version' });
  });

  it('accepts a switch given twice, since repeating it cannot change its meaning', () => {
    expect(parseCommandLine([...BASE, ...ENDPOINT, '-v', '--verbose'])).toMatchObject({
      args: { progress: 'verbose' },
    });
  });

  it.each([
    ['--timeout', '576h', 24 * 24 * 3_600_000],
    ['--timeout', '1ms', 1],
    ['--max-delay', '1ms', 1],
    ['--min-delay', '1ms', 1],
    ['--initial-delay', '0', 0],
    ['--timeout', '1.1s', 1100],
  ])('reads %s %s as %p ms when it is within the documented range', (flag, value, ms) => {
    const names: Record<string, string> = {
      '--timeout': 'timeoutMs',
      '--max-delay': 'maxDelayMs',
      '--min-delay': 'minDelayMs',
      '--initial-delay': 'initialDelayMs',
    };
    const command = parseCommandLine([...BASE, ...ENDPOINT, flag, value]);

    expect(command).toMatchObject({ args: { [names[flag] as string]: ms }, warnings: [] });
  });
});

describe('parseCommandLine warnings', () => {
  it.each([
    [
      ['--timeout', '10'],
      '--timeout 10 has no unit, so it is 10 ms; write 10ms, or 10s for seconds',
    ],
    [
      ['--timeout=3600'],
      '--timeout 3600 has no unit, so it is 3600 ms; write 3600ms, or 3600s for seconds',
    ],
    [
      ['--max-delay', '15'],
      '--max-delay 15 has no unit, so it is 15 ms; write 15ms, or 15s for seconds',
    ],
  ])('warns that a bare number is milliseconds when given %j', (flags, warning) => {
    const command = parseCommandLine([...BASE, ...ENDPOINT, ...flags]);

    expect(command).toMatchObject({ warnings: [warning] });
  });

  it('does not warn when the value has a unit or is 0', () => {
    const flags = ['--timeout', '10ms', '--initial-delay', '0', '--min-delay', '1ms'];

    expect(parseCommandLine([...BASE, ...ENDPOINT, ...flags])).toMatchObject({ warnings: [] });
  });
});

describe('parseCommandLine usage errors', () => {
  it.each([
    [[], 'Missing command; see `jobwait --help`'],
    [
      ['elb'],
      'Unknown command `elb`; the commands are `jobwait elb-classic wait` and `jobwait simulate`',
    ],
    [
      ['elb-classic'],
      'Missing the subcommand `wait`: `jobwait elb-classic wait <job-id> …`; ' +
        'see `jobwait elb-classic wait --help`',
    ],
    [
      ['elb-classic', 'delete'],
      'Unknown command `elb-classic delete`; the commands are `jobwait elb-classic wait` and ' +
        '`jobwait simulate`',
    ],
    [
      ['elb-classic', 'wait', ...ENDPOINT],
      'Missing <job-id>: `jobwait elb-classic wait <job-id> …`',
    ],
    [['elb-classic', 'wait', 'a', 'b', ...ENDPOINT], 'Unexpected argument `b` after <job-id>'],
    [BASE, 'Missing --endpoint, or --cloud and --region'],
    [[...BASE, ...ENDPOINT, '--cloud', 'otc'], 'Give either --endpoint or --cloud, not both'],
    [[...BASE, '--region', 'eu-de'], 'Missing --endpoint, or --cloud and --region'],
    [
      [...BASE, '--cloud', 'aws', '--region', 'x'],
      'Expected --cloud to be one of huaweicloud, otc, flexibleengine; got `aws`',
    ],
    [
      [...BASE, ...ENDPOINT, '--signing', 'v4'],
      'Expected --signing to be access or credential; got `v4`',
    ],
    [
      ['elb-classic', 'wait', 'job-1', ...ENDPOINT, '--project-id='],
      'Expected --project-id to be a project id; got an empty value',
    ],
    [
      [...BASE, '--cloud', 'otc', '--region='],
      'Expected --region to be a region such as eu-de; got an empty value',
    ],
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
      'Expected --timeout to be a duration such as 90s, 10m, 1m30s or 1500ms; got `30d`',
    ],
    [
      [...BASE, ...ENDPOINT, '--timeout=-5s'],
      'Expected --timeout to be a duration such as 90s, 10m, 1m30s or 1500ms; got `-5s`',
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
    [
      [...BASE, ...ENDPOINT, '--nope'],
      'Unknown flag --nope; see `jobwait elb-classic wait --help`',
    ],
    [[...BASE, ...ENDPOINT, '-x'], 'Unknown flag -x; see `jobwait elb-classic wait --help`'],
    [['elb-classic', '--nope'], 'Unknown flag --nope; see `jobwait elb-classic wait --help`'],
    [['--nope'], 'Unknown flag --nope; see `jobwait --help`'],
    [['elb', '-x'], 'Unknown flag -x; see `jobwait --help`'],
    [[...BASE, ...ENDPOINT, '--', '--help'], 'Unexpected argument `--help` after <job-id>'],
    [
      [...BASE, '--endpoint'],
      "Missing the value of --endpoint (for a value that starts with '-', write --endpoint=VALUE)",
    ],
    [[...BASE, ...ENDPOINT, '--quiet=yes'], '--quiet takes no value'],
    [
      [...BASE, ...ENDPOINT, '--timeout', '0.5ms'],
      'Expected --timeout to be a whole number of milliseconds; got `0.5ms`',
    ],
    [
      [...BASE, ...ENDPOINT, '--min-delay', '1.0005s'],
      'Expected --min-delay to be a whole number of milliseconds; got `1.0005s`',
    ],
    [
      [...BASE, ...ENDPOINT, '--initial-delay', '576h1ms'],
      'Expected --initial-delay to be from 0 ms to 24 days; got `576h1ms`',
    ],
    [
      [...BASE, ...ENDPOINT, '--max-delay', '0ms'],
      'Expected --max-delay to be from 1 ms to 24 days; got `0ms`',
    ],
    [
      [...BASE, ...ENDPOINT, '--min-delay', '0'],
      'Expected --min-delay to be from 1 ms to 24 days; got `0`',
    ],
    [[...BASE, ...ENDPOINT, '--project-id', 'p-2'], 'Give --project-id only once'],
    [[...BASE, ...ENDPOINT, '-o', 'json', '--output=text'], 'Give --output only once'],
    [[...BASE, ...ENDPOINT, '--timeout=1s', '--timeout', '2s'], 'Give --timeout only once'],
    [[...BASE, ...ENDPOINT, ...ENDPOINT], 'Give --endpoint only once'],
  ])('rejects %j', (argv, message) => {
    expect(usageError(argv).message).toBe(message);
  });

  it.each([
    [['--token', 's3cr3t-value'], 'The token is never given as a flag (--token)'],
    [['--auth-token=s3cr3t-value'], 'The token is never given as a flag (--auth-token)'],
    [
      ['--', '--OS-AUTH-TOKEN', 's3cr3t-value'],
      'The token is never given as a flag (--OS-AUTH-TOKEN)',
    ],
    [['--sk', 's3cr3t-value'], 'Access keys are never given as flags (--sk)'],
    [['--secret-key=s3cr3t-value'], 'Access keys are never given as flags (--secret-key)'],
    [['--HW_ACCESS_KEY=s3cr3t-value'], 'Access keys are never given as flags (--HW_ACCESS_KEY)'],
    [
      ['--', '--huaweicloud-sdk-security-token=s3cr3t-value'],
      'A security token is never given as a flag (--huaweicloud-sdk-security-token)',
    ],
    [['--OS_PASSWORD', 's3cr3t-value'], 'A password is never given as a flag (--OS_PASSWORD)'],
    [['--user-password=s3cr3t-value'], 'A password is never given as a flag (--user-password)'],
    [
      ['--webhook-secret', 's3cr3t-value'],
      'The webhook secret is never given as a flag (--webhook-secret)',
    ],
    [
      ['--JOBWAIT_WEBHOOK_SECRET=s3cr3t-value'],
      'The webhook secret is never given as a flag (--JOBWAIT_WEBHOOK_SECRET)',
    ],
    [['--secret=s3cr3t-value'], 'The webhook secret is never given as a flag (--secret)'],
  ])('refuses a credential given as a flag without echoing it: %j', (flag, refusal) => {
    const error = usageError([...BASE, ...ENDPOINT, ...flag]);

    expect(error.message.slice(0, error.message.indexOf('; set '))).toBe(refusal);
    expect(error.message).not.toContain('s3cr3t');
  });

  it.each([
    ['--token', 'JOBWAIT_AUTH_TOKEN (or HW_AUTH_TOKEN, OS_AUTH_TOKEN)'],
    [
      '--ak',
      'HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, HW_ACCESS_KEY and HW_SECRET_KEY, ' +
        'or OS_ACCESS_KEY and OS_SECRET_KEY',
    ],
    [
      '--security-token',
      'HUAWEICLOUD_SDK_SECURITY_TOKEN, HW_SECURITY_TOKEN, OS_SECURITY_TOKEN, ' +
        'beside its access key pair',
    ],
    ['--password', 'HW_USER_NAME and HW_USER_PASSWORD, or OS_USERNAME and OS_PASSWORD'],
    ['--webhook-secret', 'JOBWAIT_WEBHOOK_SECRET'],
  ])('names the variables to set instead of %s', (flag, variables) => {
    const { message } = usageError([...BASE, ...ENDPOINT, flag, 'x']);

    expect(message.slice(message.indexOf('; set '))).toBe(`; set ${variables} instead`);
  });

  it.each([
    ['--signing=access'],
    ['--skip-me'],
    ['--tokens'],
    ['--password-file'],
    ['--webhook-events=settled'],
    ['--secrets'],
  ])('does not take %s for a credential flag', (flag) => {
    expect(() => parseCommandLine([...BASE, ...ENDPOINT, flag])).not.toThrow(/never given/);
  });

  it('gives usage errors a stable code', () => {
    expect(usageError([])).toMatchObject({ name: 'UsageError', code: 'ERR_USAGE' });
  });
});

describe('parseCommandLine reporter flags', () => {
  const HOOK = 'https://hooks.example.test/jobwait';

  it.each([
    [[], { progress: 'normal' }],
    [['--reporter', 'log'], { progress: 'normal', reporter: 'log' }],
    [['--reporter=console', '-v'], { progress: 'verbose', reporter: 'console' }],
    [['--reporter', 'none'], { progress: 'quiet', reporter: 'none' }],
    [['-q', '--reporter', 'none'], { progress: 'quiet', reporter: 'none' }],
    [['--log-level', 'debug'], { progress: 'normal', reporter: 'log', logLevel: 'debug' }],
    [['--reporter', 'log', '--log-level=silent'], { reporter: 'log', logLevel: 'silent' }],
    [['-v', '--reporter', 'log'], { progress: 'verbose', reporter: 'log' }],
    [['--webhook', HOOK], { webhook: { url: HOOK } }],
    [
      ['--webhook', HOOK, '--webhook-events', ' wait:start , settled,wait:start'],
      { webhook: { url: HOOK, events: ['wait:start', 'settled'] } },
    ],
  ])('reads %j', (flags, expected) => {
    const command = parseCommandLine([...BASE, ...ENDPOINT, ...flags]);
    const args: Record<string, unknown> =
      command.name === 'elb-classic wait' ? { ...command.args } : {};
    const read = ['progress', 'reporter', 'logLevel', 'webhook'].filter((key) => key in args);

    expect(Object.fromEntries(read.map((key) => [key, args[key]]))).toEqual({
      progress: 'normal',
      ...expected,
    });
  });

  it.each([
    [['--reporter', 'tty'], 'Expected --reporter to be one of console, log, none; got `tty`'],
    [
      ['--log-level', 'verbose'],
      'Expected --log-level to be one of trace, debug, info, warn, error, fatal, silent; ' +
        'got `verbose`',
    ],
    [
      ['--reporter', 'console', '--log-level', 'debug'],
      '--log-level goes with --reporter log, not --reporter console',
    ],
    [
      ['--reporter', 'none', '--log-level', 'debug'],
      '--log-level goes with --reporter log, not --reporter none',
    ],
    [['-q', '--log-level', 'debug'], '--log-level goes with --reporter log, not --quiet'],
    [['-q', '--reporter', 'log'], 'Give --quiet or --reporter log, not both'],
    [['--reporter', 'none', '-v'], 'Give --verbose or --reporter none, not both'],
    [
      ['-v', '--log-level', 'info'],
      'Give --verbose or --log-level, not both; --verbose means debug',
    ],
    [['--reporter', 'log', '--reporter', 'none'], 'Give --reporter only once'],
    [['--webhook', 'ftp://hooks.example.test'], 'Expected --webhook to be an http: or https: URL'],
    [['--webhook', 'hooks.example.test/x'], 'Expected --webhook to be an http: or https: URL'],
    [['--webhook-events', 'settled'], '--webhook-events goes with --webhook URL'],
    [
      ['--webhook', HOOK, '--webhook-events', 'state:change,done'],
      'Expected --webhook-events to be a comma-separated list of wait:start, backoff, ' +
        'poll:start, retry, poll:end, state:change, settled; got `done`',
    ],
    [
      ['--webhook', HOOK, '--webhook-events', 'settled,'],
      'Expected --webhook-events to be a comma-separated list of wait:start, backoff, ' +
        'poll:start, retry, poll:end, state:change, settled; got an empty name',
    ],
    [['--webhook', HOOK, '--webhook', HOOK], 'Give --webhook only once'],
  ])('rejects %j', (flags, message) => {
    expect(usageError([...BASE, ...ENDPOINT, ...flags]).message).toBe(message);
  });

  it('does not echo a webhook URL that it refuses, since it may hold credentials', () => {
    const { message } = usageError([...BASE, ...ENDPOINT, '--webhook', 'ftp://u:s3cr3t@h/x']);

    expect(message).toBe('Expected --webhook to be an http: or https: URL');
  });
});
