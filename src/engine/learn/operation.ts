/**
 * A learned latent operation (issue 18, seed 001's "latent plugins"): what `learn` fits from
 * dry/wet example pairs and what a patch applies to other latents. Stored as documented JSON
 * (docs/learn.md), so a saved patch or a CLI op file plays without fitting again.
 *
 * - mean: z + shift — the arithmetic of seed 000 (⟨wet − dry⟩ added), the baseline.
 * - affine: s W + b — the general linear map, by ridge regression.
 * - filmr: (γ ⊙ s + β) M(u, v) — OpLaS's FiLMR layer (seed 001): a per-dim gain and offset, then
 *   the rotation of two Householder reflections, as the FiLMRRotate node builds it.
 * - ring: z + P⁺(T(P s) − P s) — seed 001's ring (ring.ts): a learned projection P onto a plane
 *   where one FiLMR map T takes each note of a ring to the next; only the part of the latent in
 *   P's row space moves (P⁺ = Pᵀ(PPᵀ)⁻¹), the rest is kept.
 * affine, filmr and ring work on s = (z − center) / scale, the examples' standardized latents, and map
 * the result back; `amount` blends the input and the result (0: unchanged, 1: the fit).
 */
import { applyRotation, type PlaneRotation } from "../latentMath/householder";
import { normalize } from "../latentMath/vectors";

export const OPERATION_FORMAT = "latent-patcher.operation";
export const OPERATION_KINDS = ["mean", "affine", "filmr"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** The parameters of each kind, as plain number lists (JSON as written). */
export type OperationParams =
  | { readonly kind: "mean"; readonly shift: readonly number[] }
  | { readonly kind: "affine"; readonly w: readonly number[]; readonly b: readonly number[] }
  | {
      readonly kind: "filmr";
      readonly gamma: readonly number[];
      readonly beta: readonly number[];
      readonly u: readonly number[];
      readonly v: readonly number[];
    }
  | {
      readonly kind: "ring";
      /** P: 2 rows of `dims` numbers, row-major. */
      readonly projection: readonly number[];
      readonly gamma: readonly number[];
      readonly beta: readonly number[];
      readonly u: readonly number[];
      readonly v: readonly number[];
    };

/** What an operation was fitted on and how well, for the record. */
export interface FitRecord {
  readonly pairs: readonly {
    readonly name: string;
    readonly frames: number;
    readonly dropped: number;
  }[];
  readonly frames: number;
  /** How far the fit was pulled towards mean shift (FitOptions.shrink), when it was or validation chose. */
  readonly shrink?: number;
  /** Mean squared distance per frame to the wet latents: doing nothing, and with the fit. */
  readonly identityError: number;
  readonly fitError: number;
  readonly seconds: number;
  readonly steps?: number;
  /**
   * Fitted in the app: a hash of the nodes that made the examples (`examples.ts`); the node is
   * marked stale when the patch's examples no longer match it.
   */
  readonly fingerprint?: string;
}

export interface LatentOperation {
  readonly format: typeof OPERATION_FORMAT;
  readonly version: 1;
  readonly model: string;
  readonly dims: number;
  readonly frameRate: number;
  /** Per-dim center and scale of the standardized space (affine and filmr). */
  readonly center: readonly number[];
  readonly scale: readonly number[];
  readonly params: OperationParams;
  readonly fittedOn: FitRecord;
}

/**
 * The rotation of a fitted (u, v): a fit may end with u and v parallel, which is no rotation
 * (H_u H_u = I), not an error as it is for a hand-set FiLMRRotate.
 */
export function fittedRotation(u: readonly number[], v: readonly number[]): PlaneRotation {
  const un = normalize(u, "u");
  const vn = normalize(v, "v");
  return { u: un, v: vn };
}

/**
 * P⁺ = Pᵀ(PPᵀ)⁻¹ of a 2 × d projection (d × 2, row-major).
 * @throws Error when P's rows are (nearly) parallel
 */
export function ringPseudoInverse(p: readonly number[], d: number): Float64Array {
  let a = 0;
  let b = 0;
  let c = 0;
  for (let k = 0; k < d; k++) {
    a += p[k]! * p[k]!;
    b += p[k]! * p[d + k]!;
    c += p[d + k]! * p[d + k]!;
  }
  const det = a * c - b * b;
  if (!(det > 1e-12 * Math.max(a * c, 1e-300)))
    throw new Error("params.projection: its two rows are parallel (no pseudo-inverse)");
  const out = new Float64Array(d * 2);
  for (let k = 0; k < d; k++) {
    out[k * 2] = (c * p[k]! - b * p[d + k]!) / det;
    out[k * 2 + 1] = (a * p[d + k]! - b * p[k]!) / det;
  }
  return out;
}

/** A prepared operation: `apply` maps one frame (D numbers) to `out`. */
export interface OperationApplier {
  readonly dims: number;
  apply(x: ArrayLike<number>, xOffset: number, out: Float64Array): void;
}

/** Prepares `op` for applying frame by frame (O(D) per frame except affine's O(D²)). */
export function operationApplier(op: LatentOperation): OperationApplier {
  const d = op.dims;
  const p = op.params;
  const center = Float64Array.from(op.center);
  const scale = Float64Array.from(op.scale);
  const s = new Float64Array(d);
  const standardize = (x: ArrayLike<number>, at: number) => {
    for (let i = 0; i < d; i++) s[i] = (x[at + i]! - center[i]!) / scale[i]!;
  };
  const restore = (out: Float64Array) => {
    for (let i = 0; i < d; i++) out[i] = out[i]! * scale[i]! + center[i]!;
  };
  switch (p.kind) {
    case "mean": {
      const shift = Float64Array.from(p.shift);
      return {
        dims: d,
        apply(x, at, out) {
          for (let i = 0; i < d; i++) out[i] = x[at + i]! + shift[i]!;
        },
      };
    }
    case "affine": {
      const w = Float64Array.from(p.w);
      const b = Float64Array.from(p.b);
      return {
        dims: d,
        apply(x, at, out) {
          standardize(x, at);
          for (let j = 0; j < d; j++) {
            let acc = b[j]!;
            for (let i = 0; i < d; i++) acc += s[i]! * w[i * d + j]!;
            out[j] = acc;
          }
          restore(out);
        },
      };
    }
    case "filmr": {
      const gamma = Float64Array.from(p.gamma);
      const beta = Float64Array.from(p.beta);
      const rot = fittedRotation(p.u, p.v);
      return {
        dims: d,
        apply(x, at, out) {
          standardize(x, at);
          for (let i = 0; i < d; i++) s[i] = gamma[i]! * s[i]! + beta[i]!;
          applyRotation(rot, s, out);
          restore(out);
        },
      };
    }
    case "ring": {
      const proj = Float64Array.from(p.projection);
      const pinv = ringPseudoInverse(p.projection, d);
      const rot = fittedRotation(p.u, p.v);
      const y = new Float64Array(2);
      const ty = new Float64Array(2);
      return {
        dims: d,
        apply(x, at, out) {
          standardize(x, at);
          for (let j = 0; j < 2; j++) {
            let acc = 0;
            for (let i = 0; i < d; i++) acc += proj[j * d + i]! * s[i]!;
            y[j] = acc;
          }
          applyRotation(
            rot,
            [p.gamma[0]! * y[0]! + p.beta[0]!, p.gamma[1]! * y[1]! + p.beta[1]!],
            ty,
          );
          const d0 = ty[0]! - y[0]!;
          const d1 = ty[1]! - y[1]!;
          for (let i = 0; i < d; i++) out[i] = s[i]! + pinv[i * 2]! * d0 + pinv[i * 2 + 1]! * d1;
          restore(out);
        },
      };
    }
  }
}

/**
 * Applies `op` to frame-major latents `data` (frames × dims) with `amount(frame)` of the effect:
 * out = x + amount · (op(x) − x).
 */
export function applyOperation(
  op: OperationApplier,
  data: Float32Array,
  frames: number,
  amount: (frame: number) => number = () => 1,
): Float32Array {
  const d = op.dims;
  const out = new Float32Array(frames * d);
  const y = new Float64Array(d);
  for (let f = 0; f < frames; f++) {
    op.apply(data, f * d, y);
    const a = amount(f);
    for (let i = 0; i < d; i++) {
      const x = data[f * d + i]!;
      out[f * d + i] = x + a * (y[i]! - x);
    }
  }
  return out;
}
