/**
 * Time as the elements see it. Injectable so idle sign-out and countdowns can be tested with a
 * fake clock; `serverOffsetMs` lets countdowns follow the backend's clock rather than the device's.
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A clock tests drive by hand: `advance(ms)` runs the timers that fall due, in order. */
export class ManualClock implements Clock {
  private timers: {at: number; id: number; callback: () => void}[] = [];
  private nextId = 1;
  constructor(private current: number = Date.UTC(2026, 2, 3, 15, 0)) {}
  now(): number {
    return this.current;
  }
  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.push({at: this.current + Math.max(0, ms), id, callback});
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  /** Moves time forward, running every timer that falls due (timers may add timers). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = due.at;
      due.callback();
    }
    this.current = target;
  }
  /** Jumps time without running timers (a tab that slept while hidden). */
  jump(ms: number): void {
    this.current += ms;
  }
}
