/**
 * Latents seen from above: rows of latent vectors projected on the model's first two principal
 * directions, `((z − mean)·c₀, (z − mean)·c₁)` (seed 002 Fig. 2). Pure, no DOM.
 */
import type { Codebook, LatentStats } from "../../engine/models/types";
import type { LatentValue } from "../../engine/values";

export interface Points2D {
  readonly xs: Float32Array;
  readonly ys: Float32Array;
}

/**
 * Projects `rows` row-major vectors of `dims` numbers on the principal directions `a` and `b`
 * after removing `mean`. Missing trailing dims of a shorter direction count as 0.
 */
export function projectRows(
  data: Float32Array,
  rows: number,
  dims: number,
  mean: Float32Array,
  a: Float32Array,
  b: Float32Array,
): Points2D {
  const xs = new Float32Array(rows);
  const ys = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let x = 0;
    let y = 0;
    for (let d = 0; d < dims; d++) {
      const z = (data[r * dims + d] ?? 0) - (mean[d] ?? 0);
      x += z * (a[d] ?? 0);
      y += z * (b[d] ?? 0);
    }
    xs[r] = x;
    ys[r] = y;
  }
  return { xs, ys };
}

function directions(stats: LatentStats): [Float32Array, Float32Array] {
  const [a, b] = stats.components;
  if (!a || !b) throw new Error("the model has fewer than two principal directions");
  return [a, b];
}

/** A latent trajectory, one point per frame. */
export function projectLatent(value: LatentValue, stats: LatentStats): Points2D {
  const [a, b] = directions(stats);
  return projectRows(value.data, value.frames, value.dims, stats.mean, a, b);
}

/** Every codebook entry, one point per entry. */
export function projectCodebook(codebook: Codebook, stats: LatentStats): Points2D {
  const [a, b] = directions(stats);
  return projectRows(codebook.entries, codebook.size, codebook.dims, stats.mean, a, b);
}

export interface Bounds {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** The box holding all points (and the origin, the model's mean), padded by `pad` of its size. */
export function boundsOf(sets: readonly Points2D[], pad = 0.08): Bounds {
  let [x0, x1, y0, y1] = [0, 0, 0, 0];
  for (const { xs, ys } of sets) {
    for (const x of xs) if (Number.isFinite(x)) [x0, x1] = [Math.min(x0, x), Math.max(x1, x)];
    for (const y of ys) if (Number.isFinite(y)) [y0, y1] = [Math.min(y0, y), Math.max(y1, y)];
  }
  const px = (x1 - x0 || 1) * pad;
  const py = (y1 - y0 || 1) * pad;
  return { x0: x0 - px, x1: x1 + px, y0: y0 - py, y1: y1 + py };
}

/** A descriptor's values scaled to [0, 1] for colour, with the range they span. */
export interface Shade {
  readonly shade: Float32Array;
  readonly lo: number;
  readonly hi: number;
  /** Hz descriptors (centroid, f0) are shaded on a log scale. */
  readonly log: boolean;
}

/**
 * Scales descriptor values for colouring: logarithmically for frequencies in Hz (values ≤ 0, an
 * unpitched f0, take the lowest colour), linearly otherwise (loudness in dB).
 */
export function shadeOf(values: Float32Array, inHz: boolean): Shade {
  const f = (v: number) => (inHz ? Math.log(Math.max(v, 1e-9)) : v);
  const kept = Array.from(values).filter((v) => Number.isFinite(v) && (!inHz || v > 0));
  const lo = kept.length > 0 ? Math.min(...kept) : 0;
  const hi = kept.length > 0 ? Math.max(...kept) : 1;
  const [a, b] = [f(lo), f(hi)];
  const span = b - a || 1;
  const shade = Float32Array.from(values, (v) =>
    inHz && !(v > 0) ? 0 : Math.min(1, Math.max(0, (f(v) - a) / span)),
  );
  return { shade, lo, hi, log: inHz };
}
