/** One timer of a virtual clock; the object itself is the handle its caller receives. */
export interface VirtualTimer {
  /** The virtual time at which it fires, in milliseconds. */
  readonly dueMs: number;
  /** Its rank among timers created by the same clock, so that ties fire in creation order. */
  readonly seq: number;
  readonly callback: () => void;
}

/** The pending timers of a virtual clock, in the order they fire. */
export class TimerQueue {
  private readonly timers = new Set<VirtualTimer>();

  /** How many timers are pending. */
  get size(): number {
    return this.timers.size;
  }

  add(timer: VirtualTimer): void {
    this.timers.add(timer);
  }

  /** Removes `handle` when it is a pending timer; any other value is ignored. */
  delete(handle: unknown): void {
    this.timers.delete(handle as VirtualTimer);
  }

  /** The timer that fires next: the earliest due, and among those the first created. */
  peek(): VirtualTimer | undefined {
    let next: VirtualTimer | undefined;

    // A scan rather than a heap: a wait keeps a handful of timers pending at any one time.
    for (const timer of this.timers) {
      if (next === undefined || timer.dueMs < next.dueMs) next = timer;
      else if (timer.dueMs === next.dueMs && timer.seq < next.seq) next = timer;
    }

    return next;
  }
}
