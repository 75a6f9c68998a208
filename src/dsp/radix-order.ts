/**
 * Reusable scratch for {@link RadixOrder.descending}: a stable LSD radix sort
 * of indices by 32-bit unsigned codes, one byte per pass, that never allocates.
 * For a few hundred codes it is several times faster than a comparison sort of
 * a typed array.
 */
export class RadixOrder {
  private readonly scratch: Int32Array;
  private readonly counts = new Int32Array(4 * 256);

  /** @param capacity the most codes sorted at once */
  constructor(capacity: number) {
    this.scratch = new Int32Array(capacity);
  }

  /**
   * Writes into `order` the indices `0..codes.length−1` by decreasing code;
   * equal codes keep increasing index order.
   */
  descending(codes: Uint32Array, order: Int32Array): void {
    const n = codes.length;
    const { counts, scratch } = this;
    if (order.length < n || scratch.length < n) {
      throw new RangeError(`RadixOrder: ${n} codes exceed the capacity ${scratch.length}`);
    }
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = codes[i] ?? 0;
      counts[c & 255]!++;
      counts[256 + ((c >>> 8) & 255)]!++;
      counts[512 + ((c >>> 16) & 255)]!++;
      counts[768 + (c >>> 24)]!++;
    }
    // Start of each bucket, highest digit first, so the result comes out descending.
    for (let pass = 0; pass < 4; pass++) {
      let start = 0;
      for (let b = 255; b >= 0; b--) {
        const at = pass * 256 + b;
        const count = counts[at] ?? 0;
        counts[at] = start;
        start += count;
      }
    }
    // Four stable passes, low byte first: codes → scratch → order → scratch → order.
    for (let i = 0; i < n; i++) scratch[counts[(codes[i] ?? 0) & 255]!++] = i;
    for (let i = 0; i < n; i++) {
      const k = scratch[i] ?? 0;
      order[counts[256 + (((codes[k] ?? 0) >>> 8) & 255)]!++] = k;
    }
    for (let i = 0; i < n; i++) {
      const k = order[i] ?? 0;
      scratch[counts[512 + (((codes[k] ?? 0) >>> 16) & 255)]!++] = k;
    }
    for (let i = 0; i < n; i++) {
      const k = scratch[i] ?? 0;
      order[counts[768 + ((codes[k] ?? 0) >>> 24)]!++] = k;
    }
  }
}
