/**
 * Shrinking a fit towards mean shift, and choosing how far by leave-one-pair-out validation on
 * the examples: a frame-wise map fitted on a few sounds can learn their quirks (a delay's or a
 * reverb's wet frame depends on earlier dry frames, which no frame-wise map sees), and mean
 * shift is the steady fallback it shrinks to.
 */
import type { FitOptions } from "./fit";
import { operationApplier, type OperationParams } from "./operation";

/** The shrinks tried by validation (0: the plain fit … 1: mean shift). */
export const SHRINK_GRID = [0, 0.5, 0.8, 0.95, 1] as const;

/** (1 − shrink)·t + shrink·(s + ⟨t − s⟩), frame by frame: the targets of a shrunk fit. */
export function blendTowardsMean(
  s: Float64Array,
  t: Float64Array,
  frames: number,
  d: number,
  shrink: number,
): Float64Array {
  if (!(shrink >= 0 && shrink <= 1)) throw new Error(`shrink ${shrink}: expected 0 to 1`);
  if (shrink === 0) return t;
  const m = new Float64Array(d);
  for (let k = 0; k < s.length; k++) m[k % d]! += (t[k]! - s[k]!) / frames;
  return t.map((x, k) => (1 - shrink) * x + shrink * (s[k]! + m[k % d]!));
}

type Fitter = (
  s: Float64Array,
  t: Float64Array,
  frames: number,
  options: FitOptions,
) => { params: OperationParams };

/** Mean squared distance per frame of `params` applied to `s` (standardized) from `t`. */
function heldOutError(params: OperationParams, s: Float64Array, t: Float64Array, d: number) {
  const ones = new Array<number>(d).fill(1);
  const apply = operationApplier({
    format: "latent-patcher.operation",
    version: 1,
    model: "",
    dims: d,
    frameRate: 1,
    center: new Array<number>(d).fill(0),
    scale: ones,
    params,
    fittedOn: { pairs: [], frames: 0, identityError: 0, fitError: 0, seconds: 0 },
  });
  const y = new Float64Array(d);
  let sum = 0;
  for (let f = 0; f < s.length / d; f++) {
    apply.apply(s, f * d, y);
    for (let i = 0; i < d; i++) sum += (y[i]! - t[f * d + i]!) ** 2;
  }
  return sum / (s.length / d);
}

/**
 * The shrink of SHRINK_GRID whose fits, each on all pairs but one, come closest to the pair left
 * out (mean over the pairs, in the standardized space). One pair: 0, nothing to validate on.
 */
export function chooseShrink(
  s: Float64Array,
  t: Float64Array,
  used: readonly { readonly frames: number }[],
  d: number,
  options: FitOptions,
  fit: Fitter,
  iterative: boolean,
): number {
  if (used.length < 2) return 0;
  const trial: FitOptions = {
    ...options,
    progress: undefined,
    ...(iterative ? { steps: Math.max(50, Math.floor((options.steps ?? 1500) / 4)) } : {}),
  };
  const starts = used.reduce<number[]>((acc, u) => [...acc, acc.at(-1)! + u.frames * d], [0]);
  let best = { shrink: 0, error: Infinity };
  for (const shrink of SHRINK_GRID) {
    let error = 0;
    used.forEach((_, k) => {
      const [a, b] = [starts[k]!, starts[k + 1]!];
      const rest = (x: Float64Array) => {
        const out = new Float64Array(x.length - (b - a));
        out.set(x.subarray(0, a));
        out.set(x.subarray(b), a);
        return out;
      };
      const sr = rest(s);
      const n = sr.length / d;
      const { params } = fit(sr, blendTowardsMean(sr, rest(t), n, d, shrink), n, trial);
      error += heldOutError(params, s.subarray(a, b), t.subarray(a, b), d) / used.length;
    });
    if (error < best.error) best = { shrink, error };
  }
  return best.shrink;
}
