import { inspect } from 'node:util';

import { describe, expect, it } from '@jest/globals';

import { virtualClock } from '@jobwait/core/testing';

import { WebhookReporterClosedError } from '../../src/webhook/errors.js';
import { fakeWaiter } from '../helpers.js';
import { webhookHarness } from './harness.js';
import { deadUrl, instantClock, type ReceivedRequest } from './receiver.js';

const { secret, receiver, reporter: reporterFor } = webhookHarness();

/** Emits a wait of one job: start, a poll, two state changes and a success (seq 1 to 5). */
function emitWait(emit: ReturnType<typeof fakeWaiter>['emit']) {
  emit('wait:start', { elapsedMs: 0, timeoutMs: 600_000, deadline: '2025-01-01T00:10:00.000Z' });
  emit('poll:end', { elapsedMs: 900, attempt: 1, durationMs: 900, verdict: 'pending' });
  emit('state:change', { elapsedMs: 1000, attempt: 1, to: 'RUNNING', observation: { a: 1 } });
  emit('state:change', {
    elapsedMs: 2000,
    attempt: 2,
    from: 'RUNNING',
    to: 'SUCCESS',
    detail: 'sub-jobs 2/2',
    observation: { a: 2 },
  });
  emit('settled', { elapsedMs: 2000, attempt: 2, outcome: 'succeeded', state: 'SUCCESS' });
}

describe('webhookReporter', () => {
  it('delivers the state changes and the outcome as signed JSON by default', async () => {
    const hooks = await receiver();
    const { reporter, seen } = reporterFor({ url: hooks.url });
    const { waiter, emit } = fakeWaiter({ jobId: 'job-1', kind: 'test-kind' });
    reporter.attach(waiter);

    emitWait(emit);
    const report = await reporter.close({ deadlineMs: 5_000 });

    expect(report).toEqual({ delivered: 3, undelivered: [], omitted: 0 });
    expect(hooks.requests.map((r) => [r.method, r.verified, r.headers['content-type']])).toEqual(
      Array(3).fill(['POST', true, 'application/json']),
    );
    expect(hooks.requests.map((r) => [r.seq, r.payload['type']])).toEqual([
      [3, 'io.jobwait.job.state-changed'],
      [4, 'io.jobwait.job.state-changed'],
      [5, 'io.jobwait.job.succeeded'],
    ]);
    expect(hooks.requests[1]?.payload).toEqual({
      type: 'io.jobwait.job.state-changed',
      timestamp: '2025-01-01T00:00:02.000Z',
      data: {
        event: 'state:change',
        jobId: 'job-1',
        kind: 'test-kind',
        attempt: 2,
        seq: 4,
        elapsedMs: 2000,
        time: '2025-01-01T00:00:02.000Z',
        from: 'RUNNING',
        to: 'SUCCESS',
        detail: 'sub-jobs 2/2',
      },
    });
    expect(hooks.requests[0]?.headers['user-agent']).toBe('jobwait-webhook');
    expect(hooks.requests.every((r) => /^msg_[0-9a-f]{32}$/.test(r.id))).toBe(true);
    expect(new Set(hooks.requests.map((r) => r.id)).size).toBe(3);
    expect(seen.succeeded.map((e) => [e.seq, e.status, e.attempts, e.id])).toEqual(
      hooks.requests.map((r) => [r.seq, 204, 1, r.id]),
    );
    expect(seen.failed).toEqual([]);
  });

  it('sends the events named by `events` only, with the observation when asked', async () => {
    const hooks = await receiver();
    const { reporter } = reporterFor({
      url: hooks.url,
      events: ['poll:end', 'state:change'],
      includeObservation: true,
      headers: { Authorization: 'Bearer t0ken' },
    });
    const { waiter, emit } = fakeWaiter();
    reporter.attach(waiter);

    emitWait(emit);
    await reporter.close({ deadlineMs: 5_000 });

    expect(hooks.requests.map((r) => r.payload['type'])).toEqual([
      'io.jobwait.poll.ended',
      'io.jobwait.job.state-changed',
      'io.jobwait.job.state-changed',
    ]);
    expect(
      hooks.requests.map((r) => (r.payload['data'] as { observation?: unknown }).observation),
    ).toEqual([undefined, { a: 1 }, { a: 2 }]);
    expect(hooks.requests.map((r) => r.headers['authorization'])).toEqual(
      Array(3).fill('Bearer t0ken'),
    );
  });

  it('retries after a 500 with the same id and body bytes, signed afresh each time', async () => {
    const hooks = await receiver((_request, index) => ({ status: index < 2 ? 500 : 200 }));
    const { clock, delays } = instantClock();
    const { reporter, seen } = reporterFor({
      url: hooks.url,
      events: ['settled'],
      clock,
      random: () => 0.5,
      minDelayMs: 100,
    });
    const { waiter, emit } = fakeWaiter();
    reporter.attach(waiter);

    emit('settled', { elapsedMs: 10, outcome: 'succeeded' });
    await seen.reached(() => seen.succeeded.length === 1);

    const [first, ...retries] = hooks.requests;
    expect(hooks.requests).toHaveLength(3);
    expect(hooks.requests.every((r) => r.verified)).toBe(true);
    expect(retries.every((r) => r.id === first?.id && r.body.equals(first.body))).toBe(true);
    expect(seen.retries.map((e) => [e.attempt, e.status, e.delayMs, e.id])).toEqual([
      [1, 500, 150, first?.id],
      [2, 500, 300, first?.id],
    ]);
    expect(delays).toEqual([150, 300]);
    expect(seen.succeeded[0]).toMatchObject({ attempts: 3, status: 200 });
  });

  it('waits as long as Retry-After says after a 429, clamped to maxDelayMs', async () => {
    const retryAfter = ['7', '3600'];
    const hooks = await receiver((_request, index) =>
      index < 2 ? { status: 429, headers: { 'retry-after': retryAfter[index] ?? '' } } : {},
    );
    const { clock, delays } = instantClock();
    const { reporter, seen } = reporterFor({
      url: hooks.url,
      events: ['settled'],
      clock,
      random: () => 0,
      minDelayMs: 100,
      maxDelayMs: 20_000,
    });
    const { waiter, emit } = fakeWaiter();
    reporter.attach(waiter);

    emit('settled', { elapsedMs: 10, outcome: 'failed' });
    await seen.reached(() => seen.succeeded.length === 1);

    expect(seen.retries.map((e) => [e.status, e.retryAfterMs, e.delayMs])).toEqual([
      [429, 7_000, 7_000],
      [429, 3_600_000, 20_000],
    ]);
    expect(delays).toEqual([7_000, 20_000]);
    expect(new Set(hooks.requests.map((r) => r.id)).size).toBe(1);
    expect(hooks.requests.map((r) => r.status)).toEqual([429, 429, 204]);
  });

  it.each([400, 404, 410, 301])(
    'gives up at once on a %i and goes on with the job’s next message',
    async (status) => {
      const hooks = await receiver((_request, index) => ({ status: index === 0 ? status : 204 }));
      const { clock } = instantClock();
      const { reporter, seen } = reporterFor({ url: hooks.url, clock });
      const { waiter, emit } = fakeWaiter();
      reporter.attach(waiter);

      emitWait(emit);
      // The instant clock would end close()'s deadline at once: close once all is done.
      await seen.reached(() => seen.succeeded.length + seen.failed.length === 3);
      const report = await reporter.close();

      expect(hooks.requests.map((r) => r.seq)).toEqual([3, 4, 5]);
      expect(seen.retries).toEqual([]);
      expect(seen.failed).toEqual([
        expect.objectContaining({ seq: 3, reason: 'rejected', status, attempts: 1 }),
      ]);
      expect(report.delivered).toBe(2);
      expect(report.undelivered).toEqual([
        expect.objectContaining({ id: hooks.requests[0]?.id, reason: 'rejected', status }),
      ]);
    },
  );

  it('retries an attempt that exceeds timeoutMs', async () => {
    const hooks = await receiver((_request, index) => (index === 0 ? { hold: true } : {}));
    const { clock } = instantClock();
    const { reporter, seen } = reporterFor({
      url: hooks.url,
      clock,
      timeoutMs: 50,
      events: ['settled'],
    });
    const { waiter, emit } = fakeWaiter();
    reporter.attach(waiter);

    emit('settled', { elapsedMs: 10, outcome: 'timedOut' });
    await seen.reached(() => seen.succeeded.length === 1);

    expect(seen.retries).toEqual([
      expect.objectContaining({
        attempt: 1,
        error: { name: 'TimeoutError', code: 'ETIMEDOUT', message: 'The request timed out' },
      }),
    ]);
    expect(hooks.requests.map((r) => r.id)).toEqual([hooks.requests[0]?.id, hooks.requests[0]?.id]);
    expect(hooks.requests[0]?.payload['type']).toBe('io.jobwait.wait.timed-out');
  });

  it('gives up after maxAttempts when the receiver refuses connections', async () => {
    const { clock, delays } = instantClock();
    const { reporter, seen } = reporterFor({
      url: await deadUrl(),
      clock,
      maxAttempts: 3,
      random: () => 0,
      events: ['settled'],
    });
    const { waiter, emit } = fakeWaiter();
    reporter.attach(waiter);

    emit('settled', { elapsedMs: 10, outcome: 'aborted' });
    await seen.reached(() => seen.failed.length === 1);

    const refused = {
      name: 'RequestError',
      code: 'ECONNREFUSED',
      message: 'The request failed (ECONNREFUSED)',
    };
    expect(delays).toEqual([500, 1000]);
    expect(seen.retries.map((e) => e.error)).toEqual([refused, refused]);
    expect(seen.failed).toEqual([
      expect.objectContaining({
        reason: 'exhausted',
        attempts: 3,
        error: refused,
        type: 'io.jobwait.wait.aborted',
      }),
    ]);
  });

  it('repeats id and bytes after a lost answer, so a receiver keeping ids acts once', async () => {
    const hooks = await receiver((_request, index) => (index === 1 ? { reset: true } : {}));
    const { clock } = instantClock();
    const { reporter, seen } = reporterFor({ url: hooks.url, clock });
    const { waiter, emit } = fakeWaiter();
    reporter.attach(waiter);

    emitWait(emit);
    await seen.reached(() => seen.succeeded.length === 3);

    // What a receiver that de-duplicates does: act on the first request of each id only.
    const acted = new Map<string, ReceivedRequest>();
    for (const request of hooks.requests)
      if (!acted.has(request.id)) acted.set(request.id, request);

    expect(hooks.requests.map((r) => r.seq)).toEqual([3, 4, 4, 5]);
    expect(hooks.requests[2]?.id).toBe(hooks.requests[1]?.id);
    expect(hooks.requests[2]?.body.equals(hooks.requests[1]?.body ?? Buffer.alloc(0))).toBe(true);
    expect([...acted.values()].map((r) => r.seq)).toEqual([3, 4, 5]);
    expect(seen.retries).toEqual([
      expect.objectContaining({
        seq: 4,
        attempt: 1,
        error: expect.objectContaining({ code: 'ECONNRESET' }),
      }),
    ]);
    expect(seen.succeeded.map((e) => [e.seq, e.attempts])).toEqual([
      [3, 1],
      [4, 2],
      [5, 1],
    ]);
  });

  it('keeps each job in order across concurrent jobs, whatever the order of answers', async () => {
    const jobIds = ['a', 'b', 'c', 'd'];
    const hooks = await receiver((_request, index) => ({
      hold: true,
      status: index % 5 === 3 ? 503 : 204,
    }));
    const { clock } = instantClock();
    const { reporter, seen } = reporterFor({ url: hooks.url, clock, events: ['poll:end'] });
    const jobs = jobIds.map((jobId) => fakeWaiter({ jobId }));
    for (const { waiter } of jobs) reporter.attach(waiter);

    for (let i = 1; i <= 4; i += 1) {
      for (const { emit } of jobs) {
        emit('poll:end', { elapsedMs: i * 1000, attempt: i, durationMs: 5, verdict: 'pending' });
      }
    }
    // Each round, every job with messages left has one request at the receiver, and the one
    // that came last is answered first.
    while (seen.succeeded.length < 16) {
      const busyJobs = jobIds.filter(
        (id) => seen.succeeded.filter((e) => e.jobId === id).length < 4,
      );
      const answered = seen.succeeded.length + seen.retries.length;
      await hooks.reached(() => hooks.held === busyJobs.length);
      hooks.releaseNewest();
      await seen.reached(() => seen.succeeded.length + seen.retries.length > answered);
    }

    const delivered = hooks.requests.filter((r) => r.status === 204);
    for (const jobId of jobIds) {
      expect(delivered.filter((r) => r.jobId === jobId).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    }
    expect(seen.retries.map((e) => e.status)).toEqual(Array(seen.retries.length).fill(503));
    expect(seen.retries.length).toBeGreaterThan(0);
    expect(hooks.overlapsWithinJob).toBe(0);
    expect(hooks.maxInFlight).toBe(4);
    expect(new Set(hooks.requests.map((r) => r.id)).size).toBe(16);
  });

  it('runs no more jobs at once than `concurrency`', async () => {
    const hooks = await receiver(() => ({ hold: true }));
    const { reporter, seen } = reporterFor({ url: hooks.url, concurrency: 2, events: ['settled'] });
    const jobs = ['a', 'b', 'c'].map((jobId) => fakeWaiter({ jobId }));
    for (const { waiter, emit } of jobs) {
      reporter.attach(waiter);
      emit('settled', { elapsedMs: 1, outcome: 'succeeded' });
    }

    await hooks.reached(() => hooks.held === 2);
    expect(hooks.requests.map((r) => r.jobId)).toEqual(['a', 'b']);
    hooks.releaseNewest();
    await hooks.reached(() => hooks.requests.length === 3);
    hooks.release();
    await seen.reached(() => seen.succeeded.length === 3);

    expect(hooks.requests.map((r) => r.jobId)).toEqual(['a', 'b', 'c']);
    expect(hooks.maxInFlight).toBe(2);
  });

  it('flushes what is held on close, with one promise however often it is called', async () => {
    const hooks = await receiver(() => ({ hold: true }));
    const { reporter } = reporterFor({ url: hooks.url });
    const first = fakeWaiter({ jobId: 'a' });
    const second = fakeWaiter({ jobId: 'b' });
    reporter.attach(first.waiter);
    reporter.attach(second.waiter);

    emitWait(first.emit);
    emitWait(second.emit);
    const closing = reporter.close({ deadlineMs: 10_000 });
    // Detached at once: what the waiter emits after close() is not sent.
    first.emit('settled', { elapsedMs: 3000, outcome: 'succeeded' });
    while (hooks.requests.length < 6) {
      await hooks.reached(() => hooks.held > 0);
      hooks.release();
    }

    expect(reporter.close()).toBe(closing);
    await expect(closing).resolves.toEqual({ delivered: 6, undelivered: [], omitted: 0 });
    expect(hooks.requests.map((r) => r.status)).toEqual(Array(6).fill(204));
    expect(first.waiter.listenerCount('settled')).toBe(0);
    expect(() => reporter.attach(first.waiter)).toThrow(WebhookReporterClosedError);
  });

  it('gives up what is left at the close deadline, aborting the request in flight', async () => {
    const hooks = await receiver(() => ({ hold: true }));
    const clock = virtualClock({ startMs: Date.now() });
    const { reporter, seen } = reporterFor({
      url: hooks.url,
      clock,
      events: ['wait:start', 'state:change', 'settled'],
    });
    const { waiter, emit } = fakeWaiter();
    reporter.attach(waiter);

    emit('wait:start', { elapsedMs: 0, timeoutMs: 1000, deadline: '2025-01-01T00:00:01.000Z' });
    emit('state:change', { elapsedMs: 100, attempt: 1, to: 'RUNNING', observation: {} });
    emit('settled', { elapsedMs: 200, attempt: 1, outcome: 'succeeded' });
    await hooks.reached(() => hooks.requests.length === 1);
    const closing = reporter.close({ deadlineMs: 2_000 });
    await clock.advance(1_999);
    expect(reporter.pending).toBe(3);
    await clock.advance(1);
    const report = await closing;

    expect(report.delivered).toBe(0);
    expect(report.undelivered.map((m) => [m.seq, m.reason, m.attempts])).toEqual([
      [1, 'deadline', 1],
      [2, 'deadline', 0],
      [3, 'deadline', 0],
    ]);
    expect(seen.failed.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(hooks.requests).toHaveLength(1);
    expect(reporter.pending).toBe(0);
  });

  it('drops the newest message and says so when the queue is full', async () => {
    const hooks = await receiver(() => ({ hold: true }));
    const { reporter, seen } = reporterFor({ url: hooks.url, maxQueue: 2, events: ['poll:end'] });
    const { waiter, emit } = fakeWaiter();
    reporter.attach(waiter);

    for (let i = 1; i <= 5; i += 1) {
      emit('poll:end', { elapsedMs: i, attempt: i, durationMs: 1, verdict: 'pending' });
    }
    expect(seen.overflows.map((e) => [e.seq, e.dropped, e.maxQueue])).toEqual([
      [3, 1, 2],
      [4, 2, 2],
      [5, 3, 2],
    ]);

    await hooks.reached(() => hooks.held === 1);
    hooks.release();
    await hooks.reached(() => hooks.held === 1 && hooks.requests.length === 2);
    hooks.release();
    const report = await reporter.close({ deadlineMs: 5_000 });

    expect(report.delivered).toBe(2);
    expect(report.undelivered.map((m) => [m.seq, m.reason])).toEqual([
      [3, 'overflow'],
      [4, 'overflow'],
      [5, 'overflow'],
    ]);
    expect(hooks.requests.map((r) => r.seq)).toEqual([1, 2]);
  });

  it('keeps backoff timers from holding the process, but holds it while close waits', async () => {
    const hooks = await receiver(() => ({ status: 503 }));
    const timers: { delayMs: number; handle: NodeJS.Timeout }[] = [];
    const { reporter, seen } = reporterFor({
      url: hooks.url,
      events: ['settled'],
      minDelayMs: 60_000,
      maxDelayMs: 60_000,
      clock: {
        now: () => Date.now(),
        setTimeout(callback, delayMs) {
          const handle = setTimeout(callback, delayMs);
          timers.push({ delayMs, handle });
          return handle;
        },
        clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
      },
    });
    const { waiter, emit } = fakeWaiter();
    reporter.attach(waiter);

    emit('settled', { elapsedMs: 1, outcome: 'succeeded' });
    await seen.reached(() => seen.retries.length === 1);
    const closing = reporter.close({ deadlineMs: 30 });

    expect(timers.map((t) => [t.delayMs, t.handle.hasRef()])).toEqual([
      [60_000, false],
      [30, true],
    ]);
    await expect(closing).resolves.toEqual({
      delivered: 0,
      undelivered: [expect.objectContaining({ reason: 'deadline', attempts: 1, status: 503 })],
      omitted: 0,
    });
  });

  it('flushes before the process exits while it holds messages, and only then', async () => {
    const hooks = await receiver(() => ({ hold: true }));
    const { reporter, seen } = reporterFor({ url: hooks.url, events: ['settled'] });
    const { waiter, emit } = fakeWaiter();
    reporter.attach(waiter);
    const idle = process.listenerCount('beforeExit');

    emit('settled', { elapsedMs: 1, outcome: 'succeeded' });
    const holding = process.listenerCount('beforeExit');
    await hooks.reached(() => hooks.held === 1);
    hooks.release();
    await seen.reached(() => seen.succeeded.length === 1);
    // The queue lets the message go once the event's listeners have run.
    await new Promise(setImmediate);

    expect([holding - idle, process.listenerCount('beforeExit') - idle]).toEqual([1, 0]);
  });

  it('reports an event it cannot encode instead of throwing into the wait', async () => {
    const hooks = await receiver();
    const { reporter, seen } = reporterFor({ url: hooks.url });
    const { waiter, emit } = fakeWaiter();
    reporter.attach(waiter);

    expect(() =>
      emit('settled', { elapsedMs: 1, outcome: 'succeeded', reason: 10n as unknown as string }),
    ).not.toThrow();
    const report = await reporter.close();

    expect(seen.failed).toEqual([
      expect.objectContaining({
        reason: 'unencodable',
        attempts: 0,
        type: 'io.jobwait.job.succeeded',
      }),
    ]);
    expect(report.undelivered).toEqual([expect.objectContaining({ reason: 'unencodable' })]);
    expect(hooks.requests).toEqual([]);
  });

  it('sends a CloudEvents structured event, id the webhook id, with cloudEvents', async () => {
    const hooks = await receiver();
    const { reporter } = reporterFor({ url: hooks.url, cloudEvents: true, events: ['settled'] });
    const { waiter, emit } = fakeWaiter({ jobId: 'job-9', kind: 'elb-classic' });
    reporter.attach(waiter);

    emit('settled', { elapsedMs: 1500, attempt: 3, outcome: 'failed', providerCode: 'ELB.1009' });
    await reporter.close();

    const [request] = hooks.requests;
    expect(request?.verified).toBe(true);
    expect(request?.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    expect(request?.payload).toEqual({
      specversion: '1.0',
      id: request?.id,
      type: 'io.jobwait.job.failed',
      source: '/jobwait/elb-classic',
      subject: 'job-9',
      time: '2025-01-01T00:00:01.500Z',
      datacontenttype: 'application/json',
      data: {
        event: 'settled',
        jobId: 'job-9',
        kind: 'elb-classic',
        attempt: 3,
        seq: 1,
        elapsedMs: 1500,
        time: '2025-01-01T00:00:01.500Z',
        outcome: 'failed',
        providerCode: 'ELB.1009',
      },
    });
  });

  it('shows no secret, URL credentials or headers in strings, events or errors', async () => {
    const hooks = await receiver(() => ({ status: 500 }));
    const { clock } = instantClock();
    const url = hooks.url.replace('http://', 'http://user:pa55word@');
    const { reporter, seen } = reporterFor({
      url,
      clock,
      maxAttempts: 2,
      headers: { authorization: 'Bearer t0ken-value' },
    });
    const { waiter, emit } = fakeWaiter();
    reporter.attach(waiter);
    emitWait(emit);
    await seen.reached(() => seen.failed.length === 3);
    const key = secret.slice('whsec_'.length);

    const texts = [
      inspect(reporter, { showHidden: true, depth: Infinity }),
      JSON.stringify(reporter),
      String(reporter),
      JSON.stringify(seen),
      JSON.stringify(await reporter.close()),
    ];
    const leaks = ['pa55word', 't0ken-value', key];
    expect(texts.filter((text) => leaks.some((leak) => text.includes(leak)))).toEqual([]);
    expect(hooks.requests.every((r) => !r.body.toString().includes(key))).toBe(true);
    expect(String(reporter)).toBe('[WebhookReporter]');
  });

  it('replaces each secret of `redact` in every payload string, arrays included', async () => {
    const hooks = await receiver();
    const token = 'MIIE-t0ken/value';
    const { reporter } = reporterFor({
      url: hooks.url,
      redact: [token],
      includeObservation: true,
      events: ['settled'],
    });
    const { waiter, emit } = fakeWaiter({ jobId: 'job-r' });
    reporter.attach(waiter);

    emit('settled', {
      elapsedMs: 1,
      outcome: 'failed',
      reason: `token=${token} was refused`,
      error: { name: 'JobFailedError', message: `echoed ${encodeURIComponent(token)}` },
      observation: { sub_jobs: [{ fail_reason: token }, 'plain'], count: 2, ok: null },
    });
    await reporter.close();

    const data = hooks.requests[0]?.payload['data'] as Record<string, unknown>;
    expect(hooks.requests[0]?.verified).toBe(true);
    expect(hooks.requests[0]?.body.toString('utf8')).not.toContain('t0ken');
    expect(data).toMatchObject({
      jobId: 'job-r',
      reason: 'token=[redacted] was refused',
      error: { name: 'JobFailedError', message: 'echoed [redacted]' },
      observation: { sub_jobs: [{ fail_reason: '[redacted]' }, 'plain'], count: 2, ok: null },
    });
  });

  it('refuses bad close options as a rejection that names the option', async () => {
    const { reporter } = reporterFor({ url: 'http://127.0.0.1:9/hooks' });

    await expect(reporter.close({ deadlineMs: -1 })).rejects.toThrow(
      new RangeError(
        'Expected option `deadlineMs` to be a whole number from 0 to 2147483647, got -1',
      ),
    );
    await expect(reporter.close({ deadline: 5 } as never)).rejects.toThrow(
      new TypeError('Unknown option `deadline` of close'),
    );
    await expect(reporter.close({ deadlineMs: null } as never)).rejects.toThrow(
      new TypeError('Expected option `deadlineMs` to be a number, got null'),
    );
    await expect(reporter.close()).resolves.toEqual({ delivered: 0, undelivered: [], omitted: 0 });
  });
});
