import type { Palette } from './ansi.js';
import { startLine, stateLine } from './format.js';
import type { GuardedWriter } from './guarded-writer.js';
import type { ProgressView } from './progress-view.js';

/**
 * One line when a wait starts, one per change of state or detail, and one final line; no
 * control codes, so the output reads the same in a log file, a pipe or a CI job. Closing it
 * releases `writer`.
 */
export function plainView(writer: GuardedWriter, p: Palette): ProgressView {
  return {
    started: (event) => writer.write(startLine(event, p)),
    seen: (event, job, changed) => {
      // The final line names a terminal state; a line of its own would say it twice.
      if (changed && !job.terminal && job.state !== undefined) {
        writer.write(stateLine(event, job.state, job.detail, p));
      }
    },
    note: (line) => writer.write(line),
    settled: (_event, _job, line) => {
      // An outcome it cannot name gets no line rather than a line that says nothing.
      if (line !== undefined) writer.write(line);
    },
    close: () => writer.release(),
  };
}
