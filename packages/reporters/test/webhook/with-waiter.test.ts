import { describe, expect, it } from '@jest/globals';

import { Waiter, constantBackoff, stateSets } from '@jobwait/core';
import { scriptedSource, virtualClock } from '@jobwait/core/testing';

import type { WebhookReporter } from '../../src/webhook/webhook-reporter.js';
import { webhookHarness } from './harness.js';
import { recordEvents } from './record-events.js';
import { deadUrl, instantClock } from './receiver.js';

interface Job {
  status: string;
}

const harness = webhookHarness();
const { receiver } = harness;

/** A reporter whose retries follow at once, on an instant clock. */
function reporterFor(options: Parameters<typeof harness.reporter>[0]) {
  return harness.reporter({ clock: instantClock().clock, ...options });
}

/**
 * A real wait on virtual time, with `reporter` attached: the job is INIT, then RUNNING, then
 * SUCCESS, each poll answering after one second. Four messages by default: three state
 * changes and the success.
 */
async function runWait(reporter: WebhookReporter) {
  const clock = virtualClock({ startMs: Date.now() });
  const source = scriptedSource<Job>({
    id: 'job-7',
    clock,
    classify: stateSets<Job>({
      state: 'status',
      pending: ['INIT', 'RUNNING'],
      success: ['SUCCESS'],
    }),
    script: ['INIT', 'RUNNING', 'SUCCESS'].map((status) => ({
      value: { status },
      latencyMs: 1_000,
    })),
  });
  const waiter = new Waiter<Job>({
    clock,
    minDelayMs: 1,
    backoff: constantBackoff({ delayMs: 0 }),
  });
  reporter.attach(waiter);

  return clock.runUntilSettled(waiter.wait(source));
}

describe('webhookReporter with a core Waiter', () => {
  it('lets the wait succeed with the receiver down throughout, and reports failures', async () => {
    const { reporter, seen } = reporterFor({ url: await deadUrl(), maxAttempts: 3 });

    const result = await runWait(reporter);
    await seen.reached(() => seen.failed.length === 4);
    const report = await reporter.close();

    expect(result).toMatchObject({
      jobId: 'job-7',
      attempts: 3,
      state: 'SUCCESS',
      elapsedMs: 3_002,
    });
    expect(seen.failed.map((e) => [e.type, e.reason, e.attempts, e.error?.code])).toEqual([
      ['io.jobwait.job.state-changed', 'exhausted', 3, 'ECONNREFUSED'],
      ['io.jobwait.job.state-changed', 'exhausted', 3, 'ECONNREFUSED'],
      ['io.jobwait.job.state-changed', 'exhausted', 3, 'ECONNREFUSED'],
      ['io.jobwait.job.succeeded', 'exhausted', 3, 'ECONNREFUSED'],
    ]);
    expect(seen.retries).toHaveLength(8);
    expect(report).toEqual({ delivered: 0, undelivered: seen.failed, omitted: 0 });
  });

  it('settles the wait without waiting for a slow receiver, whose attempts time out', async () => {
    const hooks = await receiver(() => ({ hold: true }));
    const { reporter, seen } = reporterFor({ url: hooks.url, timeoutMs: 50, maxAttempts: 1 });

    const result = await runWait(reporter);
    const heldAtSettle = { pending: reporter.pending, answered: seen.succeeded.length };
    await seen.reached(() => seen.failed.length === 4);

    expect(result).toMatchObject({ state: 'SUCCESS', elapsedMs: 3_002 });
    expect(heldAtSettle).toEqual({ pending: 4, answered: 0 });
    expect(seen.failed.map((e) => [e.seq, e.reason, e.error?.code])).toEqual([
      [4, 'exhausted', 'ETIMEDOUT'],
      [8, 'exhausted', 'ETIMEDOUT'],
      [12, 'exhausted', 'ETIMEDOUT'],
      [13, 'exhausted', 'ETIMEDOUT'],
    ]);
    expect(hooks.requests.map((r) => r.seq)).toEqual([4, 8, 12, 13]);
  });

  it('lets neither the wait nor deliveries fail when the reporter’s listeners throw', async () => {
    const hooks = await receiver((_request, index) =>
      index === 0 ? { hold: true, status: 500 } : { status: 204 },
    );
    const { reporter } = reporterFor({ url: hooks.url, maxQueue: 1 });
    const thrower = () => {
      throw new Error('listener bug');
    };
    reporter.on('delivery:succeeded', thrower);
    reporter.on('delivery:retry', thrower);
    reporter.on('delivery:failed', thrower);
    reporter.on('queue:overflow', thrower);
    // Listeners added after those that throw are still called.
    const seen = recordEvents(reporter);

    const result = await runWait(reporter);
    hooks.release();
    await seen.reached(() => seen.succeeded.length === 1);
    const report = await reporter.close();

    expect(result).toMatchObject({ state: 'SUCCESS' });
    // The first message fills the queue; the others overflow inside the waiter's emit.
    expect(seen.overflows.map((e) => [e.seq, e.dropped])).toEqual([
      [8, 1],
      [12, 2],
      [13, 3],
    ]);
    expect(seen.retries.map((e) => [e.seq, e.status])).toEqual([[4, 500]]);
    expect(seen.succeeded.map((e) => [e.seq, e.attempts])).toEqual([[4, 2]]);
    expect(report.delivered).toBe(1);
    expect(report.undelivered.map((m) => m.reason)).toEqual(['overflow', 'overflow', 'overflow']);
  });
});
