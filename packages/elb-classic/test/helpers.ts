import { readdirSync, readFileSync } from 'node:fs';
import { inspect } from 'node:util';

import type { ElbJob } from '../src/job.js';

const fixtures = new URL('./fixtures/', import.meta.url);

/** Reads a fixture file, such as `jobs/create-elb-fail.json`, as parsed JSON. */
export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as T;
}

/** The names of the fixture files in `folder`, such as `jobs`. */
export function fixtureNames(folder: string): string[] {
  return readdirSync(new URL(`${folder}/`, fixtures)).filter((name) => name.endsWith('.json'));
}

/** A job fixture by its name without folder and extension. */
export function jobFixture(name: string): ElbJob {
  return fixture<ElbJob>(`jobs/${name}.json`);
}

/** Everything a person or a log could see of an error: its message, JSON and inspection. */
export function everythingShown(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? (error.stack ?? '') : '';

  return [message, stack, JSON.stringify(error), inspect(error, { depth: 8 })].join('\n');
}

/** Catches the rejection of `promise`, failing when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }

  throw new Error('Expected the promise to reject, but it resolved');
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(private time = Date.parse('2024-05-14T08:12:03.117Z')) {}

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

/** Resolves once the event loop has turned `turns` times, so closing sockets can finish. */
export async function turns(count = 5): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Turns the event loop until `check` holds, at most `limit` times. */
export async function eventually(check: () => Promise<boolean>, limit = 50): Promise<boolean> {
  for (let i = 0; i < limit; i += 1) {
    if (await check()) return true;
    await turns(1);
  }

  return check();
}

/** What `call` throws, failing when it returns. */
export function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }

  throw new Error('Expected the call to throw, but it returned');
}
