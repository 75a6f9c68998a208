/**
 * Descriptor-based synthesis (seed 004, Fig. 2): choose one codebook entry per frame so that the
 * entries' descriptors follow a target curve, by dynamic programming (Viterbi) over frames.
 *
 * Minimises  Σ_t mismatch(d(c_t), target_t) + smoothness · Σ_t jump(c_{t−1}, c_t)  where
 * - mismatch is in dB for loudness and in semitones (12·|log2(d / target)|) for centroid and f0,
 *   so one unit is roughly one just-noticeable step on either scale;
 * - jump is the Euclidean distance between the two entries divided by the mean distance between
 *   distinct entries (a typical jump costs 1; staying costs 0).
 * For f0, unpitched entries (f0 = 0) cannot serve a pitched target (> 0); a target ≤ 0 asks for
 * an unpitched entry, and pitched entries there cost UNPITCHED_MISMATCH. Centroids are floored at
 * 1 Hz before taking logarithms. O(T·K²) time, O(T·K) memory.
 */
import type { Codebook, DescriptorName } from "../models/types";
import { entryDistances } from "./codebook";

/** Mismatch charged for a pitched entry where the f0 target is unpitched: one octave. */
export const UNPITCHED_MISMATCH = 12;

/** Units of each descriptor's values, for documentation and UIs. */
export const DESCRIPTOR_UNITS: Readonly<Record<DescriptorName, string>> = {
  loudness: "dB",
  centroid: "Hz",
  f0: "Hz",
};

/** How far an entry's descriptor value is from the target (dB or semitones, see above). */
export function descriptorMismatch(name: DescriptorName, value: number, target: number): number {
  switch (name) {
    case "loudness":
      return Math.abs(value - target);
    case "centroid":
      return semitones(Math.max(value, 1), Math.max(target, 1));
    case "f0":
      if (target <= 0) return value > 0 ? UNPITCHED_MISMATCH : 0;
      return value > 0 ? semitones(value, target) : Infinity;
  }
}

function semitones(a: number, b: number): number {
  return 12 * Math.abs(Math.log2(a / b));
}

export interface DescriptorPath {
  /** The chosen entry per frame. */
  readonly indices: Int32Array;
  /** Σ mismatch over frames. */
  readonly mismatch: number;
}

/** The optimal entry sequence for `target` (one value per frame, in the descriptor's unit). */
export function followDescriptor(
  codebook: Codebook,
  name: DescriptorName,
  target: ArrayLike<number>,
  smoothness: number,
): DescriptorPath {
  const K = codebook.size;
  const T = target.length;
  const values = codebook.descriptors[name];
  if (name === "f0" && !values.some((f) => f > 0) && Array.from(target).some((t) => t > 0)) {
    throw new Error("the codebook has no pitched entries (every f0 is 0); cannot follow an f0");
  }
  const jumps = normalisedJumps(codebook);
  const local = (t: number, k: number) => descriptorMismatch(name, values[k]!, target[t]!);
  let cost = new Float64Array(K);
  let next = new Float64Array(K);
  const back = new Int32Array(T * K);
  for (let k = 0; k < K; k++) cost[k] = T > 0 ? local(0, k) : 0;
  for (let t = 1; t < T; t++) {
    for (let k = 0; k < K; k++) {
      // Staying is tried first, so ties keep the current entry.
      let best = k;
      let bestCost = cost[k]!;
      for (let j = 0; j < K; j++) {
        const c = cost[j]! + smoothness * jumps[j * K + k]!;
        if (c < bestCost) {
          bestCost = c;
          best = j;
        }
      }
      next[k] = bestCost + local(t, k);
      back[t * K + k] = best;
    }
    [cost, next] = [next, cost];
  }
  const indices = new Int32Array(T);
  if (T === 0) return { indices, mismatch: 0 };
  let last = 0;
  for (let k = 1; k < K; k++) if (cost[k]! < cost[last]!) last = k;
  for (let t = T - 1; t >= 0; t--) {
    indices[t] = last;
    last = back[t * K + last]!;
  }
  let mismatch = 0;
  for (let t = 0; t < T; t++) mismatch += local(t, indices[t]!);
  return { indices, mismatch };
}

/** Entry distances divided by their mean over distinct pairs (all zeros when K = 1). */
function normalisedJumps(codebook: Codebook): Float64Array {
  const K = codebook.size;
  const d = entryDistances(codebook);
  let sum = 0;
  for (const x of d) sum += x;
  const mean = K > 1 ? sum / (K * (K - 1)) : 0;
  if (mean > 0) for (let i = 0; i < d.length; i++) d[i] = d[i]! / mean;
  return d;
}
