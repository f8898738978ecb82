import { readFileSync } from 'node:fs';

import { describe, expect, it } from '@jest/globals';

import { helpText } from '../src/help.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The rows of the README's exit code table, as `[code, meaning]`, backticks removed. */
function readmeExitCodes(): string[][] {
  const start = README.indexOf('## Exit codes');
  const section = README.slice(start, README.indexOf('\n## ', start + 1));

  return [...section.matchAll(/^\| (\d+) +\| (.+?) +\|$/gm)].map((row) => [
    row[1] as string,
    (row[2] as string).replaceAll('`', ''),
  ]);
}

/** The exit codes of a help page, as `[code, meaning]`, continuation lines joined. */
function helpExitCodes(text: string): string[][] {
  const section = text.slice(text.indexOf('Exit codes:\n') + 'Exit codes:\n'.length);
  const rows: string[][] = [];

  for (const line of section.split('\n\n')[0]?.split('\n') ?? []) {
    const row = /^ {2}(\d+) +(.+)$/.exec(line);
    const last = rows.at(-1);

    if (row !== null) rows.push([row[1] as string, row[2] as string]);
    else if (last !== undefined) last[1] = `${last[1]} ${line.trim()}`;
  }

  return rows;
}

describe('helpText', () => {
  it('lists the exit codes of the README word for word', () => {
    expect(helpExitCodes(helpText('elb-classic wait'))).toEqual(readmeExitCodes());
  });

  it('describes exit 3 as the deadline passing, whatever the cause', () => {
    expect(helpExitCodes(helpText('elb-classic wait'))[3]).toEqual([
      '3',
      'timed out: the deadline (--timeout) passed before the job reached a final state; ' +
        'the last error, if any, is named on stderr',
    ]);
  });

  it('names every cause of exit 2 and exit 4 that the README names', () => {
    const rows = new Map(helpExitCodes(helpText('elb-classic wait')) as [string, string][]);

    expect(rows.get('2')).toBe(
      'usage error: a missing or bad flag, an invalid id or endpoint, no token. Nothing was sent',
    );
    expect(rows.get('4')).toBe(
      'any other error: network, authentication (401, 403), a malformed answer, ' +
        'a job not found, a job in an unknown state',
    );
  });
});
