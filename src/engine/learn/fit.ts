/**
 * Fitting a latent operation to aligned dry/wet frames (`pairs.ts`): mean shift and affine in
 * closed form, FiLMR by gradient descent (Adam) with hand-derived gradients through the two
 * Householder reflections. Deterministic: the same examples give the same operation.
 */
import { fitFiLMR } from "./filmrFit";
import { blendTowardsMean, chooseShrink } from "./validate";
import type { AlignedPairs } from "./pairs";
import {
  OPERATION_FORMAT,
  operationApplier,
  type LatentOperation,
  type OperationKind,
  type OperationParams,
} from "./operation";

/** How a fit is run (the kinds that have nothing to tune ignore the rest). */
export interface FitOptions {
  /** FiLMR: Adam steps (default 1500). */
  readonly steps?: number;
  /** FiLMR: Adam's step size (default 0.02, decayed to a tenth over the steps). */
  readonly learningRate?: number;
  /** Affine: the ridge λ, relative to the frame count on standardized latents (default 1e-3). */
  readonly ridge?: number;
  /**
   * Affine and FiLMR: how far to pull the fit towards mean shift, in [0, 1] (default 0): the
   * targets become (1 − shrink)·wet + shrink·(dry + ⟨wet − dry⟩), so 1 gives mean shift. A
   * shrunk fit trades the examples' error for steadiness on other sounds.
   */
  readonly shrink?: number;
  /**
   * Affine and FiLMR: choose `shrink` by leave-one-pair-out validation on the examples (at least
   * two pairs; FiLMR's trial fits take a quarter of the steps). The choice is in the record.
   */
  readonly validate?: boolean;
  /** Called now and then with the share done, in [0, 1]. */
  readonly progress?: (done: number) => void;
  /** Stops a fit: it throws an AbortError. */
  readonly signal?: AbortSignal;
}

/** Per-dim mean and standard deviation of the dry and wet frames together (std ≥ 1e-6). */
function standardization(p: AlignedPairs): { center: Float64Array; scale: Float64Array } {
  const d = p.dims;
  const center = new Float64Array(d);
  const sq = new Float64Array(d);
  const n = 2 * p.frames;
  for (const data of [p.dry, p.wet])
    for (let f = 0; f < p.frames; f++)
      for (let i = 0; i < d; i++) {
        const x = data[f * d + i]!;
        center[i]! += x / n;
        sq[i]! += (x * x) / n;
      }
  const scale = center.map((m, i) => Math.max(1e-6, Math.sqrt(Math.max(0, sq[i]! - m * m))));
  return { center, scale };
}

function standardized(data: Float64Array, d: number, center: Float64Array, scale: Float64Array) {
  return data.map((x, k) => (x - center[k % d]!) / scale[k % d]!);
}

/** Mean squared distance per frame between frame-major `a` and `b`. */
export function frameError(a: ArrayLike<number>, b: ArrayLike<number>, frames: number): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += (a[k]! - b[k]!) ** 2;
  return sum / Math.max(1, frames);
}

function fitMean(p: AlignedPairs): OperationParams {
  const shift = new Float64Array(p.dims);
  for (let k = 0; k < p.dry.length; k++) shift[k % p.dims]! += (p.wet[k]! - p.dry[k]!) / p.frames;
  return { kind: "mean", shift: [...shift] };
}

/** Solves A X = B for symmetric positive definite A (n×n) and B (n×m), by Cholesky. */
export function choleskySolve(
  a: Float64Array,
  b: Float64Array,
  n: number,
  m: number,
): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error("the examples' latents are degenerate (a singular system)");
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  const x = Float64Array.from(b);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let s = x[i * m + c]!;
      for (let k = 0; k < i; k++) s -= l[i * n + k]! * x[k * m + c]!;
      x[i * m + c] = s / l[i * n + i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i * m + c]!;
      for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k * m + c]!;
      x[i * m + c] = s / l[i * n + i]!;
    }
  }
  return x;
}

/** y = s W + b by ridge regression on centred standardized frames (closed form). */
function fitAffine(s: Float64Array, t: Float64Array, frames: number, d: number, ridge: number) {
  const ms = new Float64Array(d);
  const mt = new Float64Array(d);
  for (let k = 0; k < s.length; k++) {
    ms[k % d]! += s[k]! / frames;
    mt[k % d]! += t[k]! / frames;
  }
  const xtx = new Float64Array(d * d);
  const xty = new Float64Array(d * d);
  for (let f = 0; f < frames; f++)
    for (let i = 0; i < d; i++) {
      const xi = s[f * d + i]! - ms[i]!;
      for (let j = 0; j < d; j++) {
        xtx[i * d + j]! += xi * (s[f * d + j]! - ms[j]!);
        xty[i * d + j]! += xi * (t[f * d + j]! - mt[j]!);
      }
    }
  for (let i = 0; i < d; i++) xtx[i * d + i]! += ridge * frames;
  const w = choleskySolve(xtx, xty, d, d);
  const b = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let acc = mt[j]!;
    for (let i = 0; i < d; i++) acc -= ms[i]! * w[i * d + j]!;
    b[j] = acc;
  }
  return { kind: "affine" as const, w: [...w], b: [...b] };
}

/**
 * Fits an operation of `kind` to the aligned pairs; the record says what it was fitted on and its
 * error against doing nothing (mean squared distance per frame to the wet latents).
 */
export function fitOperation(
  kind: OperationKind,
  pairs: AlignedPairs,
  options: FitOptions = {},
): LatentOperation {
  const started = performance.now();
  const d = pairs.dims;
  const { center, scale } = standardization(pairs);
  let params: OperationParams;
  let steps: number | undefined;
  let shrink: number | undefined;
  if (kind === "mean") params = fitMean(pairs);
  else {
    const s = standardized(pairs.dry, d, center, scale);
    const t = standardized(pairs.wet, d, center, scale);
    const fitOn = (a: Float64Array, b: Float64Array, n: number, o: FitOptions) =>
      kind === "affine"
        ? { params: fitAffine(a, b, n, d, o.ridge ?? 1e-3), steps: undefined }
        : fitFiLMR(a, b, n, d, o);
    shrink = options.validate
      ? chooseShrink(s, t, pairs.used, d, options, fitOn, kind === "filmr")
      : (options.shrink ?? 0);
    const fit = fitOn(s, blendTowardsMean(s, t, pairs.frames, d, shrink), pairs.frames, options);
    params = fit.params;
    steps = fit.steps;
  }
  options.progress?.(1);
  const base = {
    format: OPERATION_FORMAT as typeof OPERATION_FORMAT,
    version: 1 as const,
    model: pairs.modelId,
    dims: d,
    frameRate: pairs.frameRate,
    center: [...center],
    scale: [...scale],
    params,
  };
  const applier = operationApplier({ ...base, fittedOn: emptyRecord });
  const out = new Float64Array(pairs.dry.length);
  const y = new Float64Array(d);
  for (let f = 0; f < pairs.frames; f++) {
    applier.apply(pairs.dry, f * d, y);
    out.set(y, f * d);
  }
  return {
    ...base,
    fittedOn: {
      pairs: pairs.used,
      frames: pairs.frames,
      ...(shrink || options.validate ? { shrink } : {}),
      identityError: frameError(pairs.dry, pairs.wet, pairs.frames),
      fitError: frameError(out, pairs.wet, pairs.frames),
      seconds: (performance.now() - started) / 1000,
      ...(steps !== undefined ? { steps } : {}),
    },
  };
}

const emptyRecord = { pairs: [], frames: 0, identityError: 0, fitError: 0, seconds: 0 };
