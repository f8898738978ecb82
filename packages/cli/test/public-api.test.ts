import { describe, expect, it } from '@jest/globals';

import * as cli from '@jobwait/cli';
import { ExitCode, parseCommandLine, parseDuration } from '@jobwait/cli';

describe('@jobwait/cli public API', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(cli).sort()).toEqual([
      'CLOUDS',
      'ExitCode',
      'TOKEN_VARIABLES',
      'UsageError',
      'elbClassicWait',
      'main',
      'parseCommandLine',
      'parseDuration',
    ]);
  });

  it('documents stable exit codes', () => {
    expect(ExitCode).toEqual({
      Success: 0,
      JobFailed: 1,
      Usage: 2,
      Timeout: 3,
      Error: 4,
      Interrupted: 130,
      Terminated: 143,
    });
  });

  it('parses a command line through the package entry', () => {
    expect(parseCommandLine(['--version'])).toEqual({ name: 'version' });
    expect(parseDuration('10m')).toBe(600_000);
  });
});
