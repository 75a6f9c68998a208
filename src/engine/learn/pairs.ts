/**
 * Example pairs for a learned latent operation: a dry latent and its wet counterpart (the same
 * sound through an effect), checked and aligned frame by frame before any fitting.
 */
import type { LatentValue } from "../values";

/** One dry/wet example, named for messages (a file name, a port). */
export interface LatentPair {
  readonly name: string;
  readonly dry: LatentValue;
  readonly wet: LatentValue;
}

/** The pairs' frames stacked: `frames` rows of `dims` numbers each, dry and wet row for row. */
export interface AlignedPairs {
  readonly dims: number;
  readonly modelId: string;
  readonly frameRate: number;
  readonly frames: number;
  readonly dry: Float64Array;
  readonly wet: Float64Array;
  /** Per pair: the frames used, and the frames of the longer side left out (an effect's tail). */
  readonly used: readonly {
    readonly name: string;
    readonly frames: number;
    readonly dropped: number;
  }[];
}

/** Frames a fit needs at the least (per kind, see `minFrames`). */
export function minFrames(kind: string, dims: number): number {
  return kind === "affine" ? dims + 1 : kind === "filmr" ? 8 : 1;
}

/** A pair's side whose length differs from the other's by more than this share is refused. */
const MAX_LENGTH_MISMATCH = 0.5;

function firstNonFinite(v: LatentValue): number {
  for (let i = 0; i < v.data.length; i++) if (!Number.isFinite(v.data[i])) return i;
  return -1;
}

/**
 * Checks the pairs (one model, one width, finite numbers, lengths that match within half) and
 * stacks their frames; a pair whose sides differ in length keeps the shorter's frames (the wet
 * side of a reverb or delay is usually longer by its tail).
 * @throws Error naming the pair and side that is wrong
 */
export function alignPairs(pairs: readonly LatentPair[], kind: string): AlignedPairs {
  if (pairs.length === 0) throw new Error("no example pairs: give at least one dry and one wet");
  const first = pairs[0]!.dry;
  const used: { name: string; frames: number; dropped: number }[] = [];
  let frames = 0;
  for (const p of pairs) {
    for (const [side, v] of [
      ["dry", p.dry],
      ["wet", p.wet],
    ] as const) {
      if (v.modelId !== first.modelId)
        throw new Error(
          `${p.name} (${side}) was encoded with model "${v.modelId}", the others with "${first.modelId}": encode every example with one model`,
        );
      if (v.dims !== first.dims)
        throw new Error(`${p.name} (${side}) has ${v.dims} dims, the others ${first.dims}`);
      const bad = firstNonFinite(v);
      if (bad >= 0)
        throw new Error(
          `${p.name} (${side}): frame ${Math.floor(bad / v.dims)} dim ${bad % v.dims} is ${v.data[bad]}, not a finite number`,
        );
    }
    const n = Math.min(p.dry.frames, p.wet.frames);
    const longer = Math.max(p.dry.frames, p.wet.frames);
    if (n === 0 || (longer - n) / longer > MAX_LENGTH_MISMATCH)
      throw new Error(
        `${p.name}: the dry side has ${p.dry.frames} frames and the wet ${p.wet.frames}; a pair must be the same sound, dry and through the effect (lengths within ${MAX_LENGTH_MISMATCH * 100} %)`,
      );
    used.push({ name: p.name, frames: n, dropped: longer - n });
    frames += n;
  }
  const dims = first.dims;
  const need = minFrames(kind, dims);
  if (frames < need)
    throw new Error(
      `${frames} frames of examples in all; fitting "${kind}" on ${dims} dims needs at least ${need}`,
    );
  const dry = new Float64Array(frames * dims);
  const wet = new Float64Array(frames * dims);
  let at = 0;
  pairs.forEach((p, i) => {
    const n = used[i]!.frames * dims;
    dry.set(p.dry.data.subarray(0, n), at);
    wet.set(p.wet.data.subarray(0, n), at);
    at += n;
  });
  return { dims, modelId: first.modelId, frameRate: first.frameRate, frames, dry, wet, used };
}
