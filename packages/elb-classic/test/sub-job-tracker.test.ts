import { describe, expect, it } from '@jest/globals';

import type { ElbJob, ElbSubJob } from '../src/job.js';
import { SubJobTracker } from '../src/sub-job-tracker.js';

function running(subJobs: ElbSubJob[]): ElbJob {
  return { status: 'RUNNING', sub_jobs: subJobs };
}

function moves(tracker: SubJobTracker, job: ElbJob): string[] {
  return tracker.changes(job).map((c) => `${c.index} ${c.from ?? '-'}>${c.to}`);
}

describe('SubJobTracker', () => {
  it('reports each sub-job once when first seen, then only when its status changes', () => {
    const tracker = new SubJobTracker();
    const port = { job_id: 'p', job_type: 'createPort' };
    const vm = { job_id: 'v', job_type: 'createInternalVM' };

    expect(moves(tracker, running([{ ...port, status: 'RUNNING' }]))).toEqual(['0 ->RUNNING']);
    expect(moves(tracker, running([{ ...port, status: 'RUNNING' }]))).toEqual([]);
    expect(
      moves(
        tracker,
        running([
          { ...port, status: 'SUCCESS' },
          { ...vm, status: 'INIT' },
        ]),
      ),
    ).toEqual(['0 RUNNING>SUCCESS', '1 ->INIT']);
    expect(
      moves(
        tracker,
        running([
          { ...port, status: 'SUCCESS' },
          { ...vm, status: 'INIT' },
        ]),
      ),
    ).toEqual([]);
  });

  it('knows a sub-job by its id when the list is reordered', () => {
    const tracker = new SubJobTracker();
    tracker.changes(
      running([
        { job_id: 'a', status: 'RUNNING' },
        { job_id: 'b', status: 'INIT' },
      ]),
    );

    const changes = tracker.changes(
      running([
        { job_id: 'b', status: 'INIT' },
        { job_id: 'a', status: 'SUCCESS' },
      ]),
    );

    expect(changes).toEqual([
      { subJob: { job_id: 'a', status: 'SUCCESS' }, index: 1, from: 'RUNNING', to: 'SUCCESS' },
    ]);
  });

  it('knows a sub-job without an id by its position and type', () => {
    const tracker = new SubJobTracker();
    tracker.changes(running([{ job_type: 'createPort', status: 'RUNNING' }]));

    expect(moves(tracker, running([{ job_type: 'createPort', status: 'SUCCESS' }]))).toEqual([
      '0 RUNNING>SUCCESS',
    ]);
    expect(moves(tracker, running([{ job_type: 'createIP', status: 'SUCCESS' }]))).toEqual([
      '0 ->SUCCESS',
    ]);
  });

  it('tracks two entries that share an id on their own', () => {
    const tracker = new SubJobTracker();
    const twice = (second: string) =>
      running([
        { job_id: 'x', status: 'RUNNING' },
        { job_id: 'x', status: second },
      ]);
    tracker.changes(twice('INIT'));

    expect(moves(tracker, twice('FAIL'))).toEqual(['1 INIT>FAIL']);
  });

  it('follows sub-jobs from the top level to entities and back', () => {
    const tracker = new SubJobTracker();
    tracker.changes(running([{ job_id: 'a', status: 'RUNNING' }]));

    const moved: ElbJob = {
      status: 'RUNNING',
      sub_jobs: null,
      entities: { sub_jobs: [{ job_id: 'a', status: 'SUCCESS' }], sub_jobs_total: 1 },
    };

    expect(moves(tracker, moved)).toEqual(['0 RUNNING>SUCCESS']);
  });

  it('forgets a sub-job that drops out of the list without reporting it', () => {
    const tracker = new SubJobTracker();
    tracker.changes(running([{ job_id: 'a', status: 'RUNNING' }]));

    expect(moves(tracker, { status: 'RUNNING', sub_jobs: '' })).toEqual([]);
    expect(moves(tracker, running([{ job_id: 'a', status: 'RUNNING' }]))).toEqual(['0 ->RUNNING']);
  });
});
