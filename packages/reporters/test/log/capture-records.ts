import { captureStream } from '../helpers.js';

/** One parsed NDJSON line of a pino logger. */
export interface ParsedRecord {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** pino's numbers for the levels the reporter writes at. */
export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;

/** A stream to give a pino logger, and the records written to it, parsed. */
export function captureRecords() {
  const out = captureStream();

  return {
    stream: out.stream,
    text: out.text,
    records: (): ParsedRecord[] => out.lines().map((line) => JSON.parse(line) as ParsedRecord),
  };
}

/**
 * A record without the fields pino adds to each line (`time`, `pid`, `hostname`), after
 * checking that they are there, so a test can compare the reporter's own fields exactly.
 */
export function ownFields(record: ParsedRecord): Record<string, unknown> {
  const { time, pid, hostname, ...own } = record;

  if (typeof time !== 'number' || typeof pid !== 'number' || typeof hostname !== 'string') {
    throw new Error(`Expected pino's time, pid and hostname in ${JSON.stringify(record)}`);
  }

  return own;
}
