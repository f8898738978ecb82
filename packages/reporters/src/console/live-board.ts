import type { EventEnvelope } from '@jobwait/core';
import cliSpinners from 'cli-spinners';
import { createLogUpdate } from 'log-update';

import { CURSOR_HIDE, CURSOR_SHOW, type Palette } from './ansi.js';
import { fitLine } from './fit-line.js';
import { pendingLine, type JobTally } from './format.js';
import type { GuardedWriter, OutputStream } from './guarded-writer.js';
import { elapsedNow, liveSegments, moreSegments, type LiveEntry } from './live-line.js';

/** The spinner of the live lines; its frame interval is also the redraw throttle. */
const SPINNER = cliSpinners.dots;

/** The size log-update assumes too when a stream does not tell. */
const DEFAULT_COLUMNS = 80;
const DEFAULT_ROWS = 24;

/**
 * The block of live lines at the bottom of a terminal, one per job whose wait goes on, redrawn
 * in place by log-update at most once per spinner frame, with lines that stay above it
 * (persisted) as jobs end.
 *
 * Its timer runs only while a job is live, and is unref'd: a forgotten reporter never keeps
 * the process alive. A write that fails, or a redraw that throws, turns the board off for good.
 */
export class LiveBoard {
  readonly #entries = new Map<JobTally, LiveEntry>();
  readonly #stream: OutputStream;
  readonly #writer: GuardedWriter;
  readonly #p: Palette;
  readonly #render: ReturnType<typeof createLogUpdate>;
  #frame = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #cursorHidden = false;
  #off = false;

  constructor(stream: OutputStream, writer: GuardedWriter, p: Palette) {
    this.#stream = stream;
    this.#writer = writer;
    this.#p = p;
    // The cursor is hidden and shown by the board itself, on its own stream: log-update would
    // do it on process.stderr whatever stream it draws on.
    this.#render = createLogUpdate(terminalFor(stream, writer), { showCursor: true });
  }

  /** Shows `job` as of `event`, adding it to the block when it is new. */
  track(job: JobTally, event: EventEnvelope, timeoutMs?: number): void {
    if (this.#off) return;

    const seenAtMs = now();
    const entry = this.#entries.get(job);

    if (entry === undefined) {
      this.#entries.set(job, { job, event, seenAtMs, timeoutMs });
    } else {
      entry.event = event;
      entry.seenAtMs = seenAtMs;
      entry.timeoutMs = timeoutMs ?? entry.timeoutMs;
    }
    // Changes wait for the next frame, which throttles redraws; only a first job draws at once.
    if (this.#timer === undefined) this.#start();
  }

  /** Writes `line` above the block, where it stays. */
  persist(line: string): void {
    this.#safely(() => {
      this.#persist(line);
      if (this.#entries.size > 0) this.#draw();
    });
  }

  /** Removes `job` from the block, leaving `line` above it when given. */
  finish(job: JobTally, line: string | undefined): void {
    this.#safely(() => {
      this.#entries.delete(job);
      if (line !== undefined) this.#persist(line);
      if (this.#entries.size > 0) this.#draw();
      else this.#stop();
    });
  }

  /**
   * Takes `jobs` off the block, each leaving a line that says where it stood; when no job is
   * left, stops the timer and shows the cursor.
   */
  release(jobs: Iterable<JobTally>): void {
    this.#safely(() => {
      const nowMs = now();

      for (const job of jobs) {
        const entry = this.#entries.get(job);
        if (entry === undefined) continue;
        this.#entries.delete(job);
        this.#persist(`  ${pendingLine(entry.event, job, elapsedNow(entry, nowMs), this.#p)}`);
      }
      if (this.#entries.size > 0) this.#draw();
    });
    if (this.#entries.size === 0) this.#stop();
  }

  /**
   * Erases the block and writes `line` in its place; the next frame starts below it. Not
   * log-update's `persist`, which breaks a long line into rows with newlines of its own: a
   * final line stays one line, which the terminal wraps, and which copies as it was written.
   */
  #persist(line: string): void {
    this.#render.clear();
    this.#writer.write(line);
  }

  #start(): void {
    this.#safely(() => this.#draw());
    if (this.#off) return;

    this.#timer = setInterval(() => this.#tick(), SPINNER.interval);
    this.#timer.unref();
  }

  #tick(): void {
    this.#frame = (this.#frame + 1) % SPINNER.frames.length;
    this.#safely(() => this.#draw());
  }

  #draw(): void {
    if (this.#writer.failed) throw new Error('The stream has failed');

    if (!this.#cursorHidden) {
      this.#writer.raw(CURSOR_HIDE);
      this.#cursorHidden = true;
    }
    this.#render(this.#frameText());
  }

  /**
   * Runs a step of drawing; if it throws (a bug, or a stream that failed), the board goes off
   * rather than let a timer callback throw, which would crash the process.
   */
  #safely(step: () => void): void {
    if (this.#off) return;
    try {
      step();
    } catch {
      this.#off = true;
      this.#entries.clear();
      this.#stop();
    }
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;

    try {
      this.#render.clear();
    } finally {
      if (this.#cursorHidden) this.#writer.raw(CURSOR_SHOW);
      this.#cursorHidden = false;
    }
  }

  /**
   * One line per job, each cut to the width, and no more lines than the terminal has rows
   * below the top: a block taller than the screen could not be erased, and would repeat
   * itself into the scrollback at every frame.
   */
  #frameText(): string {
    const width = Math.max(1, dimension(this.#stream.columns, DEFAULT_COLUMNS) - 1);
    // log-update keeps the cursor on the row below the block, which takes one more row.
    const capacity = Math.max(1, dimension(this.#stream.rows, DEFAULT_ROWS) - 1);
    const entries = [...this.#entries.values()];
    const shown = entries.length <= capacity ? entries : entries.slice(0, capacity - 1);
    const spinner = SPINNER.frames[this.#frame] ?? '';
    const nowMs = now();
    const lines = shown.map((entry) =>
      fitLine(liveSegments(entry, { spinner, nowMs, p: this.#p }), width),
    );

    if (shown.length < entries.length) {
      lines.push(fitLine(moreSegments(entries.length - shown.length, this.#p), width));
    }

    return lines.join('\n');
  }
}

/** Monotonic milliseconds, looked up at call time so that fake timers replace it in tests. */
function now(): number {
  return globalThis.performance.now();
}

/** A size the stream reports, when it is a whole number from 1; the default otherwise. */
function dimension(value: number | undefined, fallback: number): number {
  return Number.isInteger(value) && (value as number) > 0 ? (value as number) : fallback;
}

/**
 * The stream log-update draws on: writes go through the guarded writer, so a failing stream
 * never throws inside log-update, and the size is read from the real stream at each frame.
 */
function terminalFor(stream: OutputStream, writer: GuardedWriter): NodeJS.WritableStream {
  const terminal = {
    write(chunk: string): boolean {
      writer.raw(chunk);
      return true;
    },
    get isTTY(): boolean {
      return stream.isTTY === true;
    },
    get columns(): number {
      return dimension(stream.columns, DEFAULT_COLUMNS);
    },
    get rows(): number {
      return dimension(stream.rows, DEFAULT_ROWS);
    },
  };

  // log-update reads nothing of its stream but these four members.
  return terminal as unknown as NodeJS.WritableStream;
}
