/**
 * A priority queue over the integer ranks 0..capacity−1 that returns the
 * smallest rank first: a bit per rank plus a bit per 32-rank word, so adding
 * and taking are a few word operations each, never allocate and never depend
 * on the order of insertion. For items whose priorities are all known (and
 * sorted) in advance, it replaces a heap.
 */
export class RankQueue {
  private readonly words: Uint32Array;
  private readonly summary: Uint32Array;

  /** @param capacity the number of ranks */
  constructor(capacity: number) {
    this.words = new Uint32Array(Math.ceil(capacity / 32));
    this.summary = new Uint32Array(Math.ceil(this.words.length / 32));
  }

  /** Removes every rank. */
  clear(): void {
    this.words.fill(0);
    this.summary.fill(0);
  }

  /** Adds `rank` (adding a held rank again has no effect). */
  add(rank: number): void {
    const w = rank >>> 5;
    this.words[w] = (this.words[w] ?? 0) | (1 << (rank & 31));
    const s = w >>> 5;
    this.summary[s] = (this.summary[s] ?? 0) | (1 << (w & 31));
  }

  /** The smallest rank held; -1 when empty. */
  peek(): number {
    const { words, summary } = this;
    for (let s = 0; s < summary.length; s++) {
      const bits = summary[s] ?? 0;
      if (bits === 0) continue;
      const w = (s << 5) | lowestBit(bits);
      return (w << 5) | lowestBit(words[w] ?? 0);
    }
    return -1;
  }

  /** Removes `rank`, which must be held. */
  remove(rank: number): void {
    const w = rank >>> 5;
    const word = (this.words[w] ?? 0) & ~(1 << (rank & 31));
    this.words[w] = word;
    if (word === 0) {
      const s = w >>> 5;
      this.summary[s] = (this.summary[s] ?? 0) & ~(1 << (w & 31));
    }
  }

  /** Removes and returns the smallest rank held; -1 when empty. */
  take(): number {
    const { words, summary } = this;
    for (let s = 0; s < summary.length; s++) {
      const bits = summary[s] ?? 0;
      if (bits === 0) continue;
      const w = (s << 5) | lowestBit(bits);
      const word = words[w] ?? 0;
      const rest = word & (word - 1);
      words[w] = rest;
      if (rest === 0) summary[s] = bits & (bits - 1);
      return (w << 5) | lowestBit(word);
    }
    return -1;
  }
}

/** Index of the lowest set bit of a non-zero 32-bit word. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}
