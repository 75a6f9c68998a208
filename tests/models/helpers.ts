import { fsLoader } from "../../src/engine/node/fsLoader";

/** Reads from the repository root, as the CLI does. */
export const repoLoader = fsLoader(process.cwd());

export const fixtureDir = (name: string) => `tests/fixtures/models/${name}`;

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

export function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Splits `total` units into blocks of `size` (the last one shorter), as [start, end) pairs. */
export function blocks(total: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < total; start += size)
    out.push([start, Math.min(total, start + size)]);
  return out;
}

/** A deterministic pseudo-random generator (mulberry32) for test signals. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A decaying harmonic tone like the fixtures' training sounds. */
export function harmonicTone(
  f0: number,
  sampleRate: number,
  samples: number,
  amplitude = 0.2,
): Float32Array {
  const out = new Float32Array(samples);
  for (let n = 0; n < samples; n++) {
    const t = n / sampleRate;
    let v = 0;
    for (let h = 1; h <= 5; h++) v += Math.sin(2 * Math.PI * f0 * h * t) / h;
    out[n] = amplitude * v * Math.exp(-t);
  }
  return out;
}
