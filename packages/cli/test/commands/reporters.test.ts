import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

import type { Clock } from '@jobwait/core';
import type { Simulator } from '@jobwait/elb-classic/testing';

import {
  CONSOLE,
  HOSTILE,
  RAW_CONTROL,
  TOKEN,
  addJob,
  runMain,
  startTestSimulator,
  waitArgs,
} from '../helpers.js';
import {
  refusedPort,
  startWebhookReceiver,
  type TestServer,
  type WebhookDelivery,
} from '../servers.js';

/** The webhook secret of these tests; its key is the base64 after `whsec_`. */
const KEY = 'am9id2FpdCBjbGkgdGVzdHMgc2lnbiB3aXRoIHRoaXM=';
const WEBHOOK_SECRET = `whsec_${KEY}`;
const ENV = { JOBWAIT_AUTH_TOKEN: TOKEN, JOBWAIT_WEBHOOK_SECRET: WEBHOOK_SECRET };

let sim: Simulator;
const receivers: TestServer<WebhookDelivery>[] = [];

beforeAll(async () => {
  sim = await startTestSimulator();
});

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

afterAll(async () => {
  await sim.close();
});

async function receiver(options?: { status?: number }): Promise<TestServer<WebhookDelivery>> {
  const started = await startWebhookReceiver(WEBHOOK_SECRET, options);
  receivers.push(started);

  return started;
}

/** Runs the command with the webhook secret set, checking that neither of its forms shows. */
function run(argv: string[], options: Parameters<typeof runMain>[1] = {}) {
  return runMain(argv, { env: ENV, secrets: [KEY], ...options });
}

/** The NDJSON records among `lines`, parsed; the `jobwait:` lines are left out. */
function records(lines: readonly string[]): Record<string, unknown>[] {
  return lines
    .filter((line) => !line.startsWith('jobwait:'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * A clock on which every timer fires at once and the time moves on by its delay, so that the
 * webhook's retries and the deadline of its flush, seconds long, take a moment.
 */
function hurriedClock(): Clock {
  let aheadMs = 0;

  return {
    now: () => Date.now() + aheadMs,
    setTimeout: (callback, delayMs) => {
      aheadMs += delayMs;
      return setTimeout(callback, 0);
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

describe('elb-classic wait --reporter', () => {
  it('writes NDJSON records when stderr is no TTY and no reporter is named', async () => {
    const id = addJob(sim, 'success');
    const { code, stderr } = await run(waitArgs(sim, id));

    expect(code).toBe(0);
    expect(records(stderr).map((record) => record['msg'])).toEqual([
      'wait started',
      'job state changed',
      'job state changed',
      'job state changed',
      'wait succeeded',
    ]);
    expect(stderr.every((line) => line.startsWith('{'))).toBe(true);
  });

  it('shows console lines when stderr is a TTY and no reporter is named', async () => {
    const id = addJob(sim, 'success');
    const env = { ...ENV, CI: 'true', NO_COLOR: '1' };
    const { code, stderr } = await run(waitArgs(sim, id), { env, isTTY: true });

    expect(code).toBe(0);
    expect(stderr[0]).toBe(`${id}  waiting for elb-classic job, timeout 10m`);
  });

  it('writes the debug records of each poll with --log-level debug', async () => {
    const id = addJob(sim, 'success');
    const { code, stderr } = await run(waitArgs(sim, id, '--log-level', 'debug'));
    const events = new Set(records(stderr).map((record) => record['event']));

    expect(code).toBe(0);
    expect([...events].sort()).toEqual(
      ['backoff', 'poll:end', 'poll:start', 'settled', 'state:change', 'wait:start'].sort(),
    );
  });

  it('writes the debug records with --verbose and the log reporter', async () => {
    const id = addJob(sim, 'success');
    const { stderr } = await run(waitArgs(sim, id, '--reporter', 'log', '-v'));

    expect(records(stderr).filter((record) => record['event'] === 'poll:start')).not.toEqual([]);
  });

  it('writes only the failure record and the jobwait: line with --log-level error', async () => {
    const id = addJob(sim, 'failure');
    const { code, stderr } = await run(waitArgs(sim, id, '--log-level', 'error'));

    expect(code).toBe(1);
    expect(records(stderr)).toEqual([
      expect.objectContaining({ level: 50, event: 'settled', outcome: 'failed', jobId: id }),
    ]);
    expect(stderr.at(-1)).toMatch(/^jobwait: Job \w+ failed: ELB\.1009: Insufficient quota; /);
  });

  it('redacts a secret a server echoes from the log records', async () => {
    const id = addJob(sim, 'success');
    const fault = { errorCode: 'ELB.0400', errorMessage: `bad ${TOKEN} and ${KEY}` };
    sim.setFault({ type: 'status', statusCode: 400, ...fault }, { jobId: id, times: 1 });
    const { code, stderr } = await run(waitArgs(sim, id, '--reporter', 'log'));
    const settled = records(stderr).find((record) => record['event'] === 'settled');

    expect(code).toBe(4);
    expect(settled?.['error']).toMatchObject({
      message: expect.stringContaining('(ELB.0400: bad [redacted] and [redacted])'),
    });
  });

  it('keeps the records valid JSON with their exact values when they hold controls', async () => {
    const id = addJob(sim, 'hostile');
    const { code, stderr } = await run(waitArgs(sim, id, '--reporter', 'log'));
    const settled = records(stderr).find((record) => record['event'] === 'settled');

    expect(code).toBe(1);
    expect(stderr.join('\n')).not.toMatch(RAW_CONTROL);
    expect(settled?.['failureReason']).toEqual(expect.stringContaining(HOSTILE));
  });

  it('prints nothing but the error line with --reporter none', async () => {
    const success = await run(waitArgs(sim, addJob(sim, 'success'), '--reporter', 'none'));
    const failure = await run(waitArgs(sim, addJob(sim, 'failure'), '--reporter', 'none'));

    expect(success).toMatchObject({ code: 0, stderr: [] });
    expect(failure.code).toBe(1);
    expect(failure.stderr).toEqual([expect.stringMatching(/^jobwait: Job \w+ failed: ELB\.1009/)]);
  });
});

describe('elb-classic wait --webhook', () => {
  it('sends each state change and the outcome, signed, to the receiver', async () => {
    const hook = await receiver();
    const id = addJob(sim, 'success');
    const { code, stdout, stderr } = await run(waitArgs(sim, id, '--webhook', hook.url, '-q'));

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'SUCCESS' });
    expect(stderr).toEqual([]);
    expect(hook.received.map((delivery) => delivery.payload?.type)).toEqual([
      'io.jobwait.job.state-changed',
      'io.jobwait.job.state-changed',
      'io.jobwait.job.state-changed',
      'io.jobwait.job.succeeded',
    ]);
    expect(hook.received.map((delivery) => delivery.payload?.data['jobId'])).toEqual(
      Array<string>(4).fill(id),
    );
  });

  it('sends the events --webhook-events names', async () => {
    const hook = await receiver();
    const id = addJob(sim, 'success');
    const events = ['--webhook-events', 'wait:start,settled'];
    const { code } = await run(waitArgs(sim, id, '--webhook', hook.url, ...events, '-q'));

    expect(code).toBe(0);
    expect(hook.received.map((delivery) => delivery.payload?.type)).toEqual([
      'io.jobwait.wait.started',
      'io.jobwait.job.succeeded',
    ]);
  });

  it('redacts every secret a server echoes from the messages it sends', async () => {
    const hook = await receiver();
    const id = addJob(sim, 'success');
    const fault = { errorCode: 'ELB.0400', errorMessage: `bad ${TOKEN} ${WEBHOOK_SECRET} ${KEY}` };
    sim.setFault({ type: 'status', statusCode: 400, ...fault }, { jobId: id, times: 1 });
    const { code } = await run(waitArgs(sim, id, '--webhook', hook.url, '-q'));
    const bodies = hook.received.map((delivery) => delivery.body).join('\n');

    expect(code).toBe(4);
    expect(hook.received.map((delivery) => delivery.payload?.type)).toEqual([
      'io.jobwait.job.failed',
    ]);
    expect(bodies).toContain('bad [redacted] [redacted] [redacted]');
    expect([TOKEN, KEY].filter((secret) => bodies.includes(secret))).toEqual([]);
  });

  it('redacts a secret a server echoes percent-encoded from the messages it sends', async () => {
    const hook = await receiver();
    const id = addJob(sim, 'success');
    const encoded = encodeURIComponent(WEBHOOK_SECRET);
    const fault = { errorCode: 'ELB.0400', errorMessage: `bad ${encoded}` };
    sim.setFault({ type: 'status', statusCode: 400, ...fault }, { jobId: id, times: 1 });
    const { code } = await run(waitArgs(sim, id, '--webhook', hook.url, '-q'));
    const bodies = hook.received.map((delivery) => delivery.body).join('\n');

    expect(encoded).not.toBe(WEBHOOK_SECRET);
    expect(code).toBe(4);
    expect(bodies).toContain('bad [redacted]');
    expect(bodies).not.toContain(encoded);
  });

  it('exits 0 and tells undelivered messages in one line when the receiver is down', async () => {
    const url = `http://127.0.0.1:${await refusedPort()}/hook`;
    const id = addJob(sim, 'success');
    const argv = waitArgs(sim, id, '--webhook', url, '--reporter', 'none');
    const { code, stdout, stderr } = await run(argv, { webhookClock: hurriedClock() });
    const undelivered = stderr.filter((line) => line.includes('were not delivered'));

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'SUCCESS', job_id: id });
    expect(undelivered).toEqual([
      expect.stringMatching(
        new RegExp(
          '^jobwait: warning: 4 of 4 webhook messages were not delivered \\(.+\\); ' +
            'last error: ECONNREFUSED$',
        ),
      ),
    ]);
    expect(stderr.every((line) => line.startsWith('jobwait: warning: '))).toBe(true);
  });

  it('warns once of refused deliveries and still exits with the outcome of the wait', async () => {
    const hook = await receiver({ status: 400 });
    const id = addJob(sim, 'success');
    const { code, stderr } = await run(waitArgs(sim, id, '--webhook', hook.url, '-q'));

    expect(code).toBe(0);
    expect(hook.received).toHaveLength(4);
    expect(stderr).toEqual([
      'jobwait: warning: webhook delivery refused (HTTP 400); the message is given up',
      'jobwait: warning: 4 of 4 webhook messages were not delivered (4 refused); ' +
        'last error: HTTP 400',
    ]);
  });

  it('holds its warnings until the progress lines end when stderr is a TTY', async () => {
    const hook = await receiver({ status: 400 });
    const id = addJob(sim, 'success');
    const env = { ...ENV, CI: 'true', NO_COLOR: '1' };
    const { stderr } = await run(waitArgs(sim, id, '--webhook', hook.url, ...CONSOLE), {
      env,
      isTTY: true,
    });
    const final = stderr.findIndex((line) => line.startsWith(`${id}  succeeded after `));

    expect(final).toBeGreaterThan(0);
    expect(stderr.slice(final + 1)).toEqual([
      'jobwait: warning: webhook delivery refused (HTTP 400); the message is given up',
      expect.stringMatching(/^jobwait: warning: 4 of 4 webhook messages were not delivered/),
    ]);
  });
});

describe('elb-classic wait --webhook usage errors', () => {
  async function usage(argv: string[], env: Record<string, string>) {
    const hook = await receiver();
    const before = sim.requests.length;
    const result = await run([...argv, '--webhook', hook.url], { env });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(sim.requests.length).toBe(before);
    expect(hook.received).toEqual([]);

    return result.stderr;
  }

  it('exits 2 naming the variable when the webhook secret is not set', async () => {
    const argv = waitArgs(sim, addJob(sim, 'success'));

    expect(await usage(argv, { JOBWAIT_AUTH_TOKEN: TOKEN })).toEqual([
      'jobwait: --webhook needs the signing secret in JOBWAIT_WEBHOOK_SECRET; set it there ' +
        '(never as a flag)',
    ]);
  });

  it('exits 2 naming the variable, not its value, when the secret is not base64', async () => {
    const env = { JOBWAIT_AUTH_TOKEN: TOKEN, JOBWAIT_WEBHOOK_SECRET: 'not base64 at all!' };

    expect(await usage(waitArgs(sim, addJob(sim, 'success')), env)).toEqual([
      "jobwait: Expected JOBWAIT_WEBHOOK_SECRET to be a base64 secret, such as 'whsec_…'; " +
        'it is not base64 (its value is not shown)',
    ]);
  });

  it('refuses the secret as a flag without echoing it', async () => {
    const argv = [...waitArgs(sim, 'job-1'), `--webhook-secret=${WEBHOOK_SECRET}`];

    expect(await usage(argv, ENV)).toEqual([
      'jobwait: The webhook secret is never given as a flag (--webhook-secret); ' +
        'set JOBWAIT_WEBHOOK_SECRET instead',
    ]);
  });
});
