import type { Palette } from './ansi.js';
import type { JobTally } from './format.js';
import { guardedWriter, type GuardedWriter, type OutputStream } from './guarded-writer.js';
import { LiveBoard } from './live-board.js';
import { outcomeMark } from './live-line.js';
import type { ProgressView } from './progress-view.js';

/** The board of a reporter while it is attached somewhere, and how many attachments use it. */
interface SharedBoard {
  readonly board: LiveBoard;
  readonly writer: GuardedWriter;
  users: number;
}

/**
 * Makes the live views of one reporter. Its attachments share one board on the stream: two
 * blocks redrawn on one terminal would erase each other's rows. The board and its stream error
 * listener go away when the last attachment is detached.
 */
export function liveViews(stream: OutputStream, p: Palette): () => ProgressView {
  let shared: SharedBoard | undefined;

  return () => {
    if (shared === undefined) {
      const writer = guardedWriter(stream);
      shared = { writer, board: new LiveBoard(stream, writer, p), users: 0 };
    }
    const current = shared;
    current.users += 1;

    return liveView(current.board, p, () => {
      current.users -= 1;
      if (current.users > 0) return;
      current.writer.release();
      if (shared === current) shared = undefined;
    });
  };
}

/**
 * One live line per job of an attachment in the shared block; a job's final line, marked `✔`
 * or `✖`, stays above the block when its wait ends, and so do verbose lines. On close, jobs
 * still live leave a line saying where they stood.
 */
function liveView(board: LiveBoard, p: Palette, onClose: () => void): ProgressView {
  const jobs = new Set<JobTally>();

  return {
    started: (event, job) => {
      jobs.add(job);
      board.track(job, event, event.timeoutMs);
    },
    seen: (event, job) => {
      jobs.add(job);
      board.track(job, event);
    },
    // Indented by the width of the mark, so that job ids stay in one column.
    note: (line) => board.persist(`  ${line}`),
    settled: (event, job, line) => {
      jobs.delete(job);
      board.finish(
        job,
        line === undefined ? undefined : `${outcomeMark(event.outcome, p)} ${line}`,
      );
    },
    close: () => {
      try {
        board.release(jobs);
      } finally {
        jobs.clear();
        onClose();
      }
    },
  };
}
