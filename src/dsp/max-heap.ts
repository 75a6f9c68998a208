/**
 * A fixed-capacity binary max-heap of integer items keyed by a number, with
 * preallocated storage so that pushes and pops never allocate.
 */
export class MaxHeap {
  private readonly items: Int32Array;
  private readonly keys: Float64Array;
  private count = 0;

  /** @param capacity the most items held at once */
  constructor(capacity: number) {
    this.items = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
  }

  /** Number of items held. */
  get size(): number {
    return this.count;
  }

  /** Removes every item. */
  clear(): void {
    this.count = 0;
  }

  /** Adds `item` with priority `key`; throws when the heap is full. */
  push(item: number, key: number): void {
    if (this.count === this.items.length) throw new RangeError("MaxHeap: capacity exceeded");
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = this.keys[parent] ?? 0;
      if (pk >= key) break;
      this.items[i] = this.items[parent] ?? 0;
      this.keys[i] = pk;
      i = parent;
    }
    this.items[i] = item;
    this.keys[i] = key;
  }

  /** Removes and returns the item with the largest key; -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.items[0] ?? -1;
    const n = --this.count;
    const item = this.items[n] ?? 0;
    const key = this.keys[n] ?? 0;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && (this.keys[r] ?? 0) > (this.keys[l] ?? 0) ? r : l;
      const ck = this.keys[c] ?? 0;
      if (ck <= key) break;
      this.items[i] = this.items[c] ?? 0;
      this.keys[i] = ck;
      i = c;
    }
    this.items[i] = item;
    this.keys[i] = key;
    return top;
  }
}
