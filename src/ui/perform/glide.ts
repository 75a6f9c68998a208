/**
 * Linear glides of values over time, stepped by a ticker: a MIDI knob's value glides to each new
 * position over its smoothing time (no zipper steps), a snapshot recall over its crossfade time.
 * The clock and the ticker are injectable, so tests step time by hand.
 */

/** Milliseconds now, and a way to be called again soon (returns a cancel). */
export interface Ticker {
  now(): number;
  schedule(callback: () => void): () => void;
}

/** The browser's: performance.now and a 16 ms timer (timers keep running in a background tab). */
export const browserTicker: Ticker = {
  now: () => performance.now(),
  schedule(callback) {
    const id = setTimeout(callback, 16);
    return () => clearTimeout(id);
  },
};

interface Running {
  readonly from: number;
  readonly to: number;
  readonly start: number;
  readonly ms: number;
  readonly apply: (value: number) => void;
}

/** Glides keyed values (a parameter ref, "@morph", "recall"); a new target restarts its glide. */
export class Glides {
  private readonly running = new Map<string, Running>();
  private readonly last = new Map<string, number>();
  private cancel: (() => void) | undefined;

  constructor(private readonly ticker: Ticker) {}

  /**
   * Moves `key` to `to` over `ms`, calling `apply` with each value; from where it is now (its
   * glide's current value, else `from`). `ms` 0 applies at once.
   */
  glide(key: string, from: number, to: number, ms: number, apply: (value: number) => void): void {
    const start = this.ticker.now();
    const current = this.currentValue(key, start) ?? from;
    if (ms <= 0 || current === to) {
      this.running.delete(key);
      this.last.set(key, to);
      apply(to);
      return;
    }
    this.running.set(key, { from: current, to, start, ms, apply });
    this.ensureTicking();
  }

  /** Stops `key`'s glide (or every glide) and forgets where it was: the next starts afresh. */
  stop(key?: string): void {
    if (key === undefined) {
      this.running.clear();
      this.last.clear();
    } else {
      this.running.delete(key);
      this.last.delete(key);
    }
  }

  get active(): boolean {
    return this.running.size > 0;
  }

  private currentValue(key: string, now: number): number | undefined {
    const r = this.running.get(key);
    if (!r) return this.last.get(key);
    const t = Math.min(1, (now - r.start) / r.ms);
    return r.from + t * (r.to - r.from);
  }

  private ensureTicking(): void {
    if (this.cancel) return;
    this.cancel = this.ticker.schedule(() => this.tick());
  }

  private tick(): void {
    this.cancel = undefined;
    const now = this.ticker.now();
    for (const [key, r] of [...this.running]) {
      const value = this.currentValue(key, now)!;
      this.last.set(key, value);
      if (now - r.start >= r.ms) this.running.delete(key);
      r.apply(value);
    }
    if (this.running.size > 0) this.ensureTicking();
  }
}
