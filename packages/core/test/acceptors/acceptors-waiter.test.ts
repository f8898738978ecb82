import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

import type { Acceptor } from '../../src/acceptors/acceptor.js';
import { acceptors } from '../../src/acceptors/acceptors.js';
import { constantBackoff } from '../../src/backoff/constant.js';
import { JobFailedError } from '../../src/errors.js';
import type { JobSource } from '../../src/job-source.js';
import { Waiter } from '../../src/waiter.js';
import { eventsNamed, recordEvents, track } from '../helpers.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

/** The part of an EC2 DescribeInstances answer that the InstanceRunning waiter reads. */
interface DescribeInstancesOutput {
  Reservations: {
    Instances: {
      InstanceId: string;
      State: { Name: string };
      StateReason?: { Code: string; Message: string };
    }[];
  }[];
}

/** An error as the AWS SDK throws it: the error code is its `name`. */
class ServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

const STATE_NAMES = 'Reservations[].Instances[].State.Name';
const failsWhenAny = (expected: string): Acceptor<DescribeInstancesOutput> => ({
  state: 'failure',
  matcher: { output: { path: STATE_NAMES, comparator: 'anyStringEquals', expected } },
});

/** The acceptors of EC2's InstanceRunning waiter, with the state and reasons read out. */
const instanceRunning = acceptors<DescribeInstancesOutput>({
  acceptors: [
    {
      state: 'success',
      matcher: {
        output: { path: STATE_NAMES, comparator: 'allStringEquals', expected: 'running' },
      },
    },
    failsWhenAny('shutting-down'),
    failsWhenAny('terminated'),
    failsWhenAny('stopping'),
    { state: 'retry', matcher: { errorType: 'InvalidInstanceID.NotFound' } },
  ],
  state: 'Reservations[0].Instances[0].State.Name',
  code: 'Reservations[0].Instances[0].StateReason.Code',
  reason: 'Reservations[].Instances[].StateReason.Message',
  detail: ({ Reservations }) => {
    const states = Reservations.flatMap(({ Instances }) => Instances.map((i) => i.State.Name));

    return `${states.filter((name) => name === 'running').length}/${states.length} running`;
  },
});

type Answer = DescribeInstancesOutput | Error;

const describeAnswer = (
  ...instances: [
    string,
    DescribeInstancesOutput['Reservations'][0]['Instances'][0]['StateReason']?,
  ][]
): DescribeInstancesOutput => ({
  Reservations: [
    {
      Instances: instances.map(([name, reason], index) => ({
        InstanceId: `i-0${index}`,
        State: { Name: name },
        ...(reason === undefined ? {} : { StateReason: reason }),
      })),
    },
  ],
});

/** DescribeInstances answering `answers` in order, repeating the last one. */
function describeInstances(answers: readonly Answer[]): JobSource<DescribeInstancesOutput> {
  let polls = 0;

  return {
    id: 'i-00',
    kind: 'ec2',
    classify: instanceRunning,
    poll: async () => {
      const answer = answers[Math.min(polls++, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;

      return answer;
    },
  };
}

/** Polls every second, and leaves each failed poll to the waiter rather than in-poll retries. */
const newWaiter = () =>
  new Waiter<DescribeInstancesOutput>({
    backoff: constantBackoff({ delayMs: 1_000 }),
    pollRetries: 0,
  });

const notYetVisible = new ServiceError(
  'InvalidInstanceID.NotFound',
  "The instance ID 'i-00' does not exist",
);

describe('acceptors', () => {
  describe('driving a Waiter with the EC2 InstanceRunning acceptors', () => {
    it('resolves once every instance is running when the instance first is not found', async () => {
      const running = describeAnswer(['running'], ['running']);
      const waiter = newWaiter();
      const events = recordEvents(waiter);
      const source = describeInstances([
        notYetVisible,
        describeAnswer(['pending'], ['pending']),
        describeAnswer(['running'], ['pending']),
        running,
      ]);
      const waited = track(waiter.wait(source));

      await jest.advanceTimersByTimeAsync(3_000);
      await waited.done;

      expect(waited.value).toMatchObject({
        jobId: 'i-00',
        kind: 'ec2',
        observation: running,
        state: 'running',
        attempts: 4,
        elapsedMs: 3_000,
      });
      expect(eventsNamed(events, 'poll:end').map((event) => event.verdict)).toEqual([
        'transient',
        'pending',
        'pending',
        'success',
      ]);
      expect(eventsNamed(events, 'state:change')).toMatchObject([
        { to: 'pending', detail: '0/2 running' },
        { from: 'pending', to: 'running', detail: '1/2 running' },
      ]);
    });

    it('rejects with the reason of the instance when one is terminated', async () => {
      const capacity = {
        Code: 'Server.InsufficientInstanceCapacity',
        Message: 'Server.InsufficientInstanceCapacity: Insufficient capacity.',
      };
      const terminated = describeAnswer(['terminated', capacity], ['running']);
      const source = describeInstances([describeAnswer(['pending'], ['pending']), terminated]);
      const waited = track(newWaiter().wait(source));

      await jest.advanceTimersByTimeAsync(1_000);
      await waited.done;

      expect(waited.error).toBeInstanceOf(JobFailedError);
      expect(waited.error).toMatchObject({
        code: 'ERR_JOB_FAILED',
        jobId: 'i-00',
        state: 'terminated',
        providerCode: 'Server.InsufficientInstanceCapacity',
        reason: 'Server.InsufficientInstanceCapacity: Insufficient capacity.',
        attempts: 2,
        elapsedMs: 1_000,
      });
      expect((waited.error as JobFailedError).observation).toBe(terminated);
    });

    it('rejects with the error as thrown when no acceptor matches it', async () => {
      const denied = new ServiceError('UnauthorizedOperation', 'You are not authorized');
      const source = describeInstances([describeAnswer(['pending']), denied]);
      const waited = track(newWaiter().wait(source));

      await jest.advanceTimersByTimeAsync(1_000);
      await waited.done;

      expect(waited.error).toBe(denied);
    });
  });
});
