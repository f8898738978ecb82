// The jobwait demo: `npm run demo` at the repository root builds everything, then runs this.
// It starts the classic ELB simulator on 127.0.0.1, and runs the real `jobwait` command
// against it twice: once for a load balancer that gets created, once for a job that fails.
// It exits 0 when both behave as expected, and non-zero otherwise.
import { spawn } from 'node:child_process';
import console from 'node:console';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

import { startSimulator } from '@jobwait/elb-classic/testing';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
// A made-up token: the simulator checks it as the real API would.
const TOKEN = 'demo-token-0b7c3e9a51f2';
// Poll about once a second, so the progress of a 15-second job shows step by step.
const TIMING = ['--initial-delay', '500ms', '--min-delay', '1s', '--max-delay', '1s'];
const REPORTER = ['--reporter', 'console'];

const subJobs = (port, vip) => [
  { jobType: 'createPort', status: port },
  { jobType: 'createVIP', status: vip },
];

const CREATE_ELB = [
  { status: 'INIT', forMs: 2000 },
  { status: 'RUNNING', forMs: 6000, subJobs: subJobs('RUNNING', 'INIT') },
  { status: 'RUNNING', forMs: 6000, subJobs: subJobs('SUCCESS', 'RUNNING') },
  {
    status: 'SUCCESS',
    subJobs: subJobs('SUCCESS', 'SUCCESS'),
    entities: {
      elb: {
        id: '0f6f3c1e2d4b4a5f9e8d7c6b5a493827',
        name: 'demo-web-lb',
        type: 'External',
        status: 'ACTIVE',
        bandwidth: 10,
        vip_address: '198.51.100.42',
      },
    },
  },
];

const FAILING_ELB = [
  { status: 'INIT', forMs: 1000 },
  { status: 'RUNNING', forMs: 2000, subJobs: subJobs('RUNNING', 'INIT') },
  {
    status: 'FAIL',
    errorCode: 'ELB.1009',
    failReason: 'CreateIPTask-fail',
    subJobs: [
      { jobType: 'createPort', status: 'SUCCESS' },
      { jobType: 'createVIP', status: 'FAIL', errorCode: 'ELB.1009' },
    ],
  },
];

const bold = (text) =>
  process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[1m${text}\u001b[22m` : text;

/**
 * Runs `jobwait elb-classic wait <jobId>` with its progress on this terminal. The console
 * reporter is named, since the command writes NDJSON log records when stderr is not a terminal
 * (`npm run demo | cat`, a CI log), and this demo is read by people.
 */
function jobwait(sim, jobId) {
  const args = ['elb-classic', 'wait', jobId, '--project-id', sim.projectId, '--endpoint', sim.url];
  const flags = [...TIMING, ...REPORTER];
  console.log(`  $ jobwait ${args.join(' ')} \\\n      ${flags.join(' ')}\n`);

  const child = spawn(process.execPath, [BIN, ...args, ...flags], {
    env: { ...process.env, JOBWAIT_AUTH_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));

  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, job: parse(stdout) }));
  });
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function createLoadBalancer(sim) {
  console.log(`${bold('1. A load balancer is created (about 15 seconds)')}\n`);
  const { job_id: jobId } = sim.addJob({ jobType: 'createELB', timeline: CREATE_ELB });
  const { code, job } = await jobwait(sim, jobId);
  const elb = job?.entities?.elb;

  if (code !== 0 || elb === undefined) {
    console.log(`\n  ✗ expected exit code 0 and a load balancer, got exit code ${code}\n`);
    return false;
  }

  console.log(`\n  ✓ exit code 0; created load balancer ${elb.id}`);
  console.log(`    ${elb.name}, ${elb.type}, VIP ${elb.vip_address}, ${elb.status}\n`);
  return true;
}

async function failingJob(sim) {
  console.log(`${bold('2. A job that fails (about 3 seconds)')}\n`);
  const { job_id: jobId } = sim.addJob({ jobType: 'createELB', timeline: FAILING_ELB });
  const { code, job } = await jobwait(sim, jobId);

  if (code !== 1 || job?.status !== 'FAIL') {
    console.log(`\n  ✗ expected exit code 1 and a failed job, got exit code ${code}\n`);
    return false;
  }

  console.log(`\n  ✓ exit code 1; the job failed with ${job.error_code}: ${job.fail_reason}\n`);
  return true;
}

const sim = await startSimulator({ host: '127.0.0.1', port: 0, token: TOKEN });
// Ctrl-C reaches the command too, which stops its wait; the demo then closes the simulator.
process.on('SIGINT', () => {});

try {
  console.log(`\njobwait demo: a simulated classic ELB API is listening on ${sim.url}`);
  console.log(`The token of its project is in JOBWAIT_AUTH_TOKEN, as the command expects.\n`);
  const created = await createLoadBalancer(sim);
  const failed = created && (await failingJob(sim));

  console.log(
    created && failed ? 'Both jobs behaved as expected.' : 'The demo did not go as expected.',
  );
  process.exitCode = created && failed ? 0 : 1;
} finally {
  await sim.close();
}
