import { readFileSync } from 'node:fs';

import { describe, expect, it } from '@jest/globals';

import { CREDENTIAL_VARIABLES, TOKEN_VARIABLES } from '../src/credential-variables.js';
import { helpText } from '../src/help.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The rows of the README's exit code table, as `[code, meaning]`, backticks removed. */
function readmeExitCodes(): string[][] {
  return [...readmeSection('## Exit codes').matchAll(/^\| (\d+) +\| (.+?) +\|$/gm)].map((row) => [
    row[1] as string,
    (row[2] as string).replaceAll('`', ''),
  ]);
}

/** The README's section that starts with `heading`, up to the next of its level. */
function readmeSection(heading: string): string {
  const start = README.indexOf(heading);

  return README.slice(start, README.indexOf('\n## ', start + 1));
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
      'usage error: a missing or bad flag, an invalid id or endpoint, no credentials or a pair ' +
        'set by half. Nothing was sent',
    );
    expect(rows.get('4')).toBe(
      'any other error: network, authentication (401, 403, a refused sign-in), a malformed ' +
        'answer, a job not found, a job in an unknown state',
    );
  });
});

/** Where `name` first stands in `text` as a whole word; -1 when it does not. */
function positionOf(text: string, name: string): number {
  return text.search(new RegExp(`(?<![A-Z_])${name}(?![A-Z_])`));
}

/** The variables the command reads; the project name is not, since it waits in a project id. */
const FIELDS = (Object.keys(CREDENTIAL_VARIABLES) as (keyof typeof CREDENTIAL_VARIABLES)[]).filter(
  (field) => field !== 'projectName',
);

describe('helpText of elb-classic wait', () => {
  const text = helpText('elb-classic wait');

  it.each(FIELDS)('lists the variables of %s in their order of precedence', (field) => {
    const positions = CREDENTIAL_VARIABLES[field].map((name) => positionOf(text, name));

    expect(positions.every((position) => position > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('lists the kinds in their order of precedence: token, access keys, password', () => {
    const firsts = [TOKEN_VARIABLES, CREDENTIAL_VARIABLES.ak, CREDENTIAL_VARIABLES.username].map(
      (names) => positionOf(text, names[0]),
    );

    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    expect(positionOf(text, 'JOBWAIT_AUTH_TOKEN')).toBeLessThan(positionOf(text, 'HW_AUTH_TOKEN'));
  });

  it('describes --signing with both forms and the default', () => {
    expect(text).toContain('[--signing access|credential]');
    expect(text).toMatch(/--signing FORM +the AK\/SK signature's form: access \(default; /);
  });
});

describe('README', () => {
  it.each(FIELDS)('lists every variable of %s under Credentials', (field) => {
    const section = readmeSection('## Credentials');

    for (const name of CREDENTIAL_VARIABLES[field]) {
      expect(positionOf(section, name)).toBeGreaterThan(0);
    }
  });
});
