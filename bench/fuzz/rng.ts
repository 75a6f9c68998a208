/**
 * Seeded randomness for the fuzzer: every case is a pure function of (seed, loader, index), so
 * the runner can regenerate any case it saw hang or crash without having logged its bytes.
 */
import fc from "fast-check";

/** A small, fast PRNG (mulberry32); deterministic for a given seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }

  /** An integer in [lo, hi], biased towards small sizes (log-uniform). */
  size(lo: number, hi: number): number {
    const span = Math.log(hi - lo + 1);
    return Math.min(hi, lo + Math.floor(Math.exp(this.float() * span)) - 1);
  }

  /** One value drawn from a fast-check arbitrary, seeded from this generator. */
  draw<T>(arb: fc.Arbitrary<T>): T {
    return fc.sample(arb, { seed: this.next() | 0, numRuns: 1 })[0] as T;
  }

  /** Picks one of `options` with probability proportional to its weight. */
  weighted<T>(options: readonly (readonly [number, T])[]): T {
    const total = options.reduce((a, [w]) => a + w, 0);
    let x = this.float() * total;
    for (const [w, v] of options) {
      x -= w;
      if (x < 0) return v;
    }
    return (options[options.length - 1] as readonly [number, T])[1];
  }
}

/** The seed of case `index` of `loader` in a run seeded with `seed` (FNV-1a over all three). */
export function caseSeed(seed: number, loader: string, index: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${loader}:${index}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h >>> 0;
}
