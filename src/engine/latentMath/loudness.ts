/**
 * A model's loudness as a linear function of its latent, fitted to its codebook: each entry's
 * decoded loudness (dB, a descriptor every shipped pack records) against the entry's latent, by
 * least squares (a small ridge keeps it solvable for any pack), leaving out the near-silent
 * entries.
 *
 * A latent operation that should keep the level (FiLMR's `level: "keep"`) moves each frame it
 * made along the fitted direction until the predicted loudness is the input frame's again:
 * x' = x + (L(in) − L(x)) · w / |w|². Everything orthogonal to w — the timbre the operation
 * changed — stays as it is.
 */
import type { Codebook } from "../models/types";

/**
 * Entries quieter than this are left out: the floor (−120 dB) and the near-silent ones, whose
 * loudness no longer follows the latent linearly (the fit's error falls from 4.6 to 3.1 dB on
 * the default pack without them).
 */
const SILENT_DB = -60;
/** Ridge added to the normal equations, relative to their mean diagonal. */
const RIDGE = 1e-6;

export interface LoudnessFit {
  /** dB per unit of each latent dim (in the space the fit was made in). */
  readonly w: Float64Array;
  readonly bias: number;
  /** |w|², for the correction. */
  readonly w2: number;
}

/**
 * Fits loudness (dB) ≈ w·z + bias over the codebook's non-silent entries, where z is the entry
 * mapped by `toSpace` (e.g. standardized). Undefined when fewer entries than dims + 2 are left or
 * the loudness does not vary (no direction to follow).
 */
export function fitLoudness(
  codebook: Codebook,
  toSpace: (entry: Float32Array) => ArrayLike<number> = (e) => e,
): LoudnessFit | undefined {
  const { dims, size, entries } = codebook;
  const loud = codebook.descriptors.loudness;
  const n = dims + 1;
  const ata = new Float64Array(n * n);
  const atb = new Float64Array(n);
  let used = 0;
  for (let k = 0; k < size; k++) {
    const y = loud[k]!;
    if (!(y > SILENT_DB)) continue;
    const z = toSpace(entries.subarray(k * dims, (k + 1) * dims));
    const row = Float64Array.from({ length: n }, (_, i) => (i < dims ? z[i]! : 1));
    for (let i = 0; i < n; i++) {
      atb[i]! += row[i]! * y;
      for (let j = 0; j < n; j++) ata[i * n + j]! += row[i]! * row[j]!;
    }
    used++;
  }
  if (used < dims + 2) return undefined;
  let trace = 0;
  for (let i = 0; i < dims; i++) trace += ata[i * n + i]!;
  for (let i = 0; i < dims; i++) ata[i * n + i]! += (RIDGE * trace) / dims; // not the bias
  const x = solve(ata, atb, n);
  if (!x) return undefined;
  const w = x.subarray(0, dims);
  let w2 = 0;
  for (const v of w) w2 += v * v;
  if (!Number.isFinite(w2)) return undefined;
  // The fitted loudness must vary over the entries by more than a hundredth of a dB.
  let sum = 0;
  let sum2 = 0;
  for (let k = 0; k < size; k++) {
    if (!(loud[k]! > SILENT_DB)) continue;
    const z = toSpace(entries.subarray(k * dims, (k + 1) * dims));
    let p = 0;
    for (let i = 0; i < dims; i++) p += w[i]! * z[i]!;
    sum += p;
    sum2 += p * p;
  }
  const spread = Math.sqrt(Math.max(0, sum2 / used - (sum / used) ** 2));
  if (!(spread > 0.01)) return undefined;
  return { w: Float64Array.from(w), bias: x[dims]!, w2 };
}

/** Predicted loudness (dB) of z. */
export function predictLoudness(fit: LoudnessFit, z: ArrayLike<number>): number {
  let s = fit.bias;
  for (let i = 0; i < fit.w.length; i++) s += fit.w[i]! * z[i]!;
  return s;
}

/** Moves `z` (in place) along w so its predicted loudness becomes `targetDb`. */
export function keepLoudness(fit: LoudnessFit, z: Float64Array, targetDb: number): void {
  const k = (targetDb - predictLoudness(fit, z)) / fit.w2;
  for (let i = 0; i < fit.w.length; i++) z[i]! += k * fit.w[i]!;
}

/** Solves the n × n system a·x = b by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array | undefined {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[p * n + c]!)) p = r;
    if (!(Math.abs(m[p * n + c]!) > 1e-300)) return undefined;
    if (p !== c) {
      for (let j = 0; j < n; j++) [m[c * n + j], m[p * n + j]] = [m[p * n + j]!, m[c * n + j]!];
      [x[c], x[p]] = [x[p]!, x[c]!];
    }
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c]! / m[c * n + c]!;
      if (f === 0) continue;
      for (let j = c; j < n; j++) m[r * n + j]! -= f * m[c * n + j]!;
      x[r]! -= f * x[c]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let j = r + 1; j < n; j++) s -= m[r * n + j]! * x[j]!;
    x[r] = s / m[r * n + r]!;
  }
  return x;
}
