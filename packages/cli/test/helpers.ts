import { Writable } from 'node:stream';

import { startSimulator, type Simulator, type TimelineStep } from '@jobwait/elb-classic/testing';

/** The token the simulators of these tests demand. */
export const TOKEN = 'test-token-5f2a9c71e0b4';

/** Flags that make a wait poll every 20-50 ms, so a test takes a fraction of a second. */
export const FAST = ['--initial-delay', '0', '--min-delay', '20ms', '--max-delay', '50ms'];

/** A Writable that keeps what was written, optionally posing as a TTY. */
export function capture({ isTTY = false }: { isTTY?: boolean } = {}) {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      callback();
    },
  });
  if (isTTY) Object.defineProperty(stream, 'isTTY', { value: true });

  return { stream, text: () => text, lines: () => text.split('\n').filter((l) => l !== '') };
}

/**
 * A failure reason a hostile server might send: it would set the terminal's title, clear the
 * screen and forge a `jobwait:` line, if written raw.
 */
export const HOSTILE = 'x\n\u001b]0;pwned\u0007\u001b[2Jjobwait: fake line\u009b31m';

/** {@link HOSTILE} as the command must show it: every control character escaped. */
export const HOSTILE_SHOWN = 'x\\n\\u001b]0;pwned\\u0007\\u001b[2Jjobwait: fake line\\u009b31m';

/** Any character a terminal acts on, but the newline that ends each line. */
// eslint-disable-next-line no-control-regex -- the tests look for control characters
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;

/** Timelines of the jobs the tests wait for, in real milliseconds. */
export const TIMELINES = {
  success: [
    { status: 'INIT', forMs: 100 },
    {
      status: 'RUNNING',
      forMs: 150,
      subJobs: [
        { jobType: 'createPort', status: 'RUNNING' },
        { jobType: 'createVIP', status: 'INIT' },
      ],
    },
    {
      status: 'RUNNING',
      forMs: 150,
      subJobs: [
        { jobType: 'createPort', status: 'SUCCESS' },
        { jobType: 'createVIP', status: 'RUNNING' },
      ],
    },
    { status: 'SUCCESS' },
  ],
  failure: [
    { status: 'RUNNING', forMs: 150 },
    {
      status: 'FAIL',
      errorCode: 'ELB.1009',
      failReason: 'Insufficient quota',
      subJobs: [{ jobType: 'createPort', status: 'FAIL', errorCode: 'ELB.2001' }],
    },
  ],
  forever: [{ status: 'RUNNING' }],
  hostile: [
    {
      status: 'FAIL',
      errorCode: 'ELB\u001b[2J',
      failReason: HOSTILE,
      subJobs: [{ jobType: 'create\u001b[31mPort', status: 'FAIL', errorCode: 'ELB.2001' }],
    },
  ],
  unknown: [{ status: 'WEIRD\u001b[2J\r' }],
} satisfies Record<string, TimelineStep[]>;

/** A simulator on 127.0.0.1 that demands {@link TOKEN}. */
export async function startTestSimulator(): Promise<Simulator> {
  // Timelines advance by request, not by wall time: every request moves the simulator's
  // clock 50 ms on, and every phase lasts at least 100 ms, so each phase is seen by a poll
  // whatever the machine's load.
  const served: { sim?: Simulator } = {};
  const clock = { now: () => (served.sim?.requests.length ?? 0) * STEP_MS };
  served.sim = await startSimulator({ host: '127.0.0.1', port: 0, token: TOKEN, clock });

  return served.sim;
}

const STEP_MS = 50;

/** Adds a job whose timeline starts now, and returns its id. */
export function addJob(sim: Simulator, timeline: keyof typeof TIMELINES): string {
  return sim.addJob({ jobType: 'createELB', timeline: TIMELINES[timeline] }).job_id;
}

/** The arguments of `jobwait elb-classic wait <jobId>` against `sim`, fast. */
export function waitArgs(sim: Simulator, jobId: string, ...extra: string[]): string[] {
  return [
    'elb-classic',
    'wait',
    jobId,
    '--project-id',
    sim.projectId,
    '--endpoint',
    sim.url,
    ...FAST,
    ...extra,
  ];
}
