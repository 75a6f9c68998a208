/**
 * Undo and redo over immutable snapshots. Consecutive commits with the same coalescing key (one
 * slider drag, one typed number) become one step, so undo goes back to before the gesture.
 */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  private lastKey: string | undefined;

  constructor(private present: T) {}

  get current(): T {
    return this.present;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** Makes `next` current. With the key of the previous commit, it joins that step. */
  commit(next: T, coalesceKey?: string): void {
    if (coalesceKey === undefined || coalesceKey !== this.lastKey) this.past.push(this.present);
    this.present = next;
    this.future = [];
    this.lastKey = coalesceKey;
  }

  /** Ends the current gesture: the next commit starts a new step even with the same key. */
  seal(): void {
    this.lastKey = undefined;
  }

  undo(): boolean {
    const previous = this.past.pop();
    if (previous === undefined) return false;
    this.future.push(this.present);
    this.present = previous;
    this.lastKey = undefined;
    return true;
  }

  redo(): boolean {
    const next = this.future.pop();
    if (next === undefined) return false;
    this.past.push(this.present);
    this.present = next;
    this.lastKey = undefined;
    return true;
  }

  /** Starts over from `present` with no steps to undo (a file was opened). */
  reset(present: T): void {
    this.past = [];
    this.future = [];
    this.present = present;
    this.lastKey = undefined;
  }
}
