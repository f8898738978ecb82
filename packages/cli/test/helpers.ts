import { Writable } from 'node:stream';

import { startSimulator, type Simulator, type TimelineStep } from '@jobwait/elb-classic/testing';

/** The token the simulators of these tests demand. */
export const TOKEN = 'test-token-5f2a9c71e0b4';

/** Flags that make a wait poll every 20-50 ms, so a test takes a fraction of a second. */
export const FAST = ['--initial-delay', '0', '--min-delay', '20ms', '--max-delay', '50ms'];

/** A Writable that keeps what was written. */
export function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      callback();
    },
  });

  return { stream, text: () => text, lines: () => text.split('\n').filter((l) => l !== '') };
}

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
} satisfies Record<string, TimelineStep[]>;

/** A simulator on 127.0.0.1 that demands {@link TOKEN}. */
export async function startTestSimulator(): Promise<Simulator> {
  return startSimulator({ host: '127.0.0.1', port: 0, token: TOKEN });
}

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
