/**
 * Nearest-neighbour search in a codebook (seed 004's discrete model: every encoder output is
 * matched to its nearest codebook element). Brute force, O(K·D) per query: codebooks here have
 * a few hundred entries of tens of dims, where an index structure would not pay off.
 */
import type { Codebook } from "../models/types";
import { squaredDistance, type Vec } from "./vectors";

/**
 * Index of the entry nearest (Euclidean) to `x[xOffset .. xOffset + dims)`; ties go to the
 * lowest index.
 */
export function nearestEntry(codebook: Codebook, x: Vec, xOffset = 0): number {
  const { size, dims, entries } = codebook;
  let best = 0;
  let bestDistance = Infinity;
  for (let k = 0; k < size; k++) {
    const d = squaredDistance(entries, k * dims, x, xOffset, dims);
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return best;
}

/** K × K Euclidean distances between entries, row-major. O(K²·D). */
export function entryDistances(codebook: Codebook): Float64Array {
  const { size, dims, entries } = codebook;
  const out = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const d = Math.sqrt(squaredDistance(entries, i * dims, entries, j * dims, dims));
      out[i * size + j] = d;
      out[j * size + i] = d;
    }
  }
  return out;
}
