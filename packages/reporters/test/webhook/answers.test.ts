import { describe, expect, it } from '@jest/globals';

import { fakeWaiter } from '../helpers.js';
import { webhookHarness } from './harness.js';
import { instantClock, type Answer } from './receiver.js';

const { receiver, reporter: reporterFor } = webhookHarness();

/** More than the 64 KiB of an answer's body that the reporter reads. */
const LARGE_BODY = Buffer.alloc(200_000, 'x');

/** Sends one `settled` message to a receiver that answers each attempt as `answers` says. */
async function deliverOnce(answers: (index: number) => Answer, timeoutMs = 5_000) {
  const hooks = await receiver((_request, index) => answers(index));
  const { clock, delays } = instantClock();
  const { reporter, seen } = reporterFor({
    url: hooks.url,
    clock,
    timeoutMs,
    maxAttempts: 2,
    random: () => 0,
    events: ['settled'],
  });
  const { waiter, emit } = fakeWaiter();
  reporter.attach(waiter);

  emit('settled', { elapsedMs: 1, outcome: 'succeeded' });
  await seen.reached(() => seen.succeeded.length + seen.failed.length === 1);

  return { hooks, seen, delays };
}

describe('webhookReporter answers', () => {
  it.each<[string, Answer]>([
    ['a body longer than 64 KiB', { status: 200, body: LARGE_BODY }],
    ['a body that stops coming', { status: 200, body: 'ok', then: 'stall' }],
    ['headers and no body ever', { status: 202, then: 'stall' }],
    ['a body cut by a closed connection', { status: 200, body: 'o', then: 'cut' }],
    [
      'a gzip body that is not gzip',
      { status: 200, headers: { 'content-encoding': 'gzip' }, body: 'not gzip' },
    ],
  ])(
    'counts a 2xx as delivered on its first attempt when it comes with %s',
    async (_case, answer) => {
      const { hooks, seen } = await deliverOnce(() => answer, 200);

      expect(seen.succeeded).toEqual([
        expect.objectContaining({ attempts: 1, status: answer.status }),
      ]);
      expect(seen.retries).toEqual([]);
      expect(hooks.requests).toHaveLength(1);
    },
  );

  it.each<[number, Answer['then']]>([
    [400, 'end'],
    [301, 'end'],
    [410, 'stall'],
  ])('gives a %i up at once whatever its body, here one that does %s', async (status, then) => {
    const { hooks, seen } = await deliverOnce(
      () => ({ status, headers: { location: '/elsewhere' }, body: LARGE_BODY, then }),
      200,
    );

    expect(seen.failed).toEqual([
      expect.objectContaining({ reason: 'rejected', status, attempts: 1 }),
    ]);
    expect(seen.failed[0]?.error).toBeUndefined();
    expect(hooks.requests).toHaveLength(1);
  });

  it('keeps the status and Retry-After of a 429 whose body is longer than 64 KiB', async () => {
    const { seen, delays } = await deliverOnce((index) =>
      index === 0
        ? { status: 429, headers: { 'retry-after': '7' }, body: LARGE_BODY }
        : { status: 204 },
    );

    expect(seen.retries).toEqual([
      expect.objectContaining({ attempt: 1, status: 429, retryAfterMs: 7_000, delayMs: 7_000 }),
    ]);
    expect(seen.retries[0]?.error).toBeUndefined();
    expect(delays).toEqual([7_000]);
    expect(seen.succeeded).toEqual([expect.objectContaining({ attempts: 2, status: 204 })]);
  });

  it('retries a 503 by its status when its body stops coming', async () => {
    const { seen } = await deliverOnce(
      (index) => (index === 0 ? { status: 503, body: 'busy', then: 'stall' } : { status: 200 }),
      200,
    );

    expect(seen.retries).toEqual([expect.objectContaining({ attempt: 1, status: 503 })]);
    expect(seen.retries[0]?.error).toBeUndefined();
    expect(seen.succeeded).toEqual([expect.objectContaining({ attempts: 2, status: 200 })]);
  });
});
