/**
 * A fixed-capacity binary max-heap of integer items keyed by a number, with
 * preallocated storage so that pushes and pops never allocate.
 *
 * Items with equal keys come out in an order fixed by the sequence of pushes
 * and pops (the textbook sift-up / sift-down, ties staying above), which
 * RTPGHI relies on for reproducible phases: do not change the tie rule.
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
    const { items, keys } = this;
    if (this.count === items.length) throw new RangeError("MaxHeap: capacity exceeded");
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] ?? 0;
      if (pk >= key) break;
      items[i] = items[parent] ?? 0;
      keys[i] = pk;
      i = parent;
    }
    items[i] = item;
    keys[i] = key;
  }

  /** Removes and returns the item with the largest key; -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const { items, keys } = this;
    const top = items[0] ?? -1;
    const n = --this.count;
    const key = keys[n] ?? 0;
    // Bottom-up sift-down: move the hole to a leaf along the larger children
    // (one comparison per level), then back up past the children whose key is
    // ≤ the moved key. It places every item exactly where the textbook
    // sift-down would (which stops at the first child ≤ key), ties included,
    // because keys never increase along that path.
    let i = 0;
    for (let l = 1; l < n; l = 2 * i + 1) {
      const r = l + 1;
      const c = r < n && (keys[r] ?? 0) > (keys[l] ?? 0) ? r : l;
      items[i] = items[c] ?? 0;
      keys[i] = keys[c] ?? 0;
      i = c;
    }
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] ?? 0;
      if (pk > key) break;
      items[i] = items[parent] ?? 0;
      keys[i] = pk;
      i = parent;
    }
    items[i] = items[n] ?? 0;
    keys[i] = key;
    return top;
  }
}
