/**
 * The ring (seed 001's "Stargate" problem) on real latents: n points zᵢ (e.g. the time-averaged
 * latents of twelve notes around the circle of fifths), a learned linear projection P into a
 * plane, and one learned FiLMR map T there, fitted jointly so that T takes each point to the
 * next, wrapping round:
 *
 *   loss = (1/n) Σ ‖T(P sᵢ) − P sᵢ₊₁‖² + variance + covariance + decay·‖P‖²/(2·D)
 *
 * with s = (z − center) / scale, and VICReg's terms on the projected points (each coordinate's
 * standard deviation held at 1 or more, the two coordinates uncorrelated) so the ring cannot
 * collapse to a point. P starts from the ridge regression onto a regular n-gon, T from a turn of
 * 2π/n; then Adam (filmrFit's, with its hand-derived gradients through the reflections) moves
 * both. As a latent operation, z ↦ z + P⁺(T(P s) − P s) (operation.ts, kind "ring").
 */
import { adam, filmrLoss } from "./filmrFit";
import { choleskySolve } from "./fit";

/** The projected space's dimensions: a plane, where one rotation can carry a ring. */
export const RING_DIMS = 2;

export interface RingOptions {
  /** Adam steps (default 3000). */
  readonly steps?: number;
  /** Weight of the variance and covariance terms (default 1 each). */
  readonly variance?: number;
  readonly covariance?: number;
  /** Weight decay on P (default 1e-3), and the ridge of its starting regression (default 1). */
  readonly decay?: number;
  readonly ridge?: number;
}

export interface RingFit {
  readonly dims: number;
  readonly center: readonly number[];
  readonly scale: readonly number[];
  /** P, RING_DIMS rows of `dims` numbers (row-major): y = P s. */
  readonly projection: readonly number[];
  readonly gamma: readonly number[];
  readonly beta: readonly number[];
  readonly u: readonly number[];
  readonly v: readonly number[];
  /** The loss at the start and at the end, and the steps taken. */
  readonly startLoss: number;
  readonly loss: number;
  readonly steps: number;
}

const K = RING_DIMS;

/**
 * The loss of parameters θ = [P (K·D), γ, β, u, v (K each)] on standardized points `x` (n × D),
 * its gradient into `grad`. Exported for the gradient check.
 */
export function ringLoss(
  theta: Float64Array,
  x: Float64Array,
  n: number,
  d: number,
  weights: { variance: number; covariance: number; decay: number },
  grad: Float64Array,
): number {
  const p = theta.subarray(0, K * d);
  const y = new Float64Array(n * K);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < K; j++) {
      let acc = 0;
      for (let k = 0; k < d; k++) acc += p[j * d + k]! * x[i * d + k]!;
      y[i * K + j] = acc;
    }
  const next = new Float64Array(n * K);
  for (let i = 0; i < n; i++) next.set(y.subarray(((i + 1) % n) * K, ((i + 1) % n) * K + K), i * K);
  const gs = new Float64Array(n * K);
  const gt = new Float64Array(n * K);
  const gf = new Float64Array(4 * K);
  let loss = filmrLoss(theta.subarray(K * d), y, next, n, K, gf, { s: gs, t: gt });
  const gy = gs;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < K; j++) gy[((i + 1) % n) * K + j]! += gt[i * K + j]!;
  // VICReg on the projected points: hinge on each coordinate's std, off-diagonal covariance².
  const mean = new Float64Array(K);
  for (let i = 0; i < n; i++) for (let j = 0; j < K; j++) mean[j]! += y[i * K + j]! / n;
  const yc = y.map((v, k) => v - mean[k % K]!);
  const cov = new Float64Array(K * K);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < K; a++)
      for (let b = 0; b < K; b++) cov[a * K + b]! += (yc[i * K + a]! * yc[i * K + b]!) / (n - 1);
  for (let j = 0; j < K; j++) {
    const std = Math.sqrt(cov[j * K + j]! + 1e-4);
    if (std >= 1) continue;
    loss += (weights.variance * (1 - std)) / K;
    for (let i = 0; i < n; i++)
      gy[i * K + j]! -= (weights.variance * yc[i * K + j]!) / (K * std * (n - 1));
  }
  for (let a = 0; a < K; a++)
    for (let b = 0; b < K; b++) {
      if (a === b) continue;
      const c = cov[a * K + b]!;
      loss += (weights.covariance * c * c) / K;
      for (let i = 0; i < n; i++)
        gy[i * K + a]! += (4 * weights.covariance * c * yc[i * K + b]!) / (K * (n - 1));
    }
  grad.fill(0);
  for (let j = 0; j < K; j++)
    for (let k = 0; k < d; k++) {
      let acc = (weights.decay * p[j * d + k]!) / d;
      for (let i = 0; i < n; i++) acc += gy[i * K + j]! * x[i * d + k]!;
      grad[j * d + k] = acc;
    }
  let norm = 0;
  for (let k = 0; k < K * d; k++) norm += p[k]! * p[k]!;
  loss += (weights.decay * norm) / (2 * d);
  grad.set(gf, K * d);
  return loss;
}

/** Per-dim mean and standard deviation (floored) of frame-major `data`. */
function standardization(data: Float64Array, d: number) {
  const rows = data.length / d;
  const center = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let k = 0; k < data.length; k++) {
    center[k % d]! += data[k]! / rows;
    sq[k % d]! += data[k]! ** 2 / rows;
  }
  const scale = center.map((m, i) => Math.max(1e-6, Math.sqrt(Math.max(0, sq[i]! - m * m))));
  return { center, scale };
}

/**
 * Fits the ring to `points` (n × dims, frame-major, in ring order). `frames`, when given, are
 * the frames the points were averaged from: their spread sets the standardization (the
 * operation then sees frames like them); otherwise the points' own.
 * @throws Error when there are fewer than 3 points, numbers that are not finite, or points
 * that do not differ (nothing to arrange in a ring)
 */
export function fitRing(
  points: Float64Array,
  n: number,
  dims: number,
  options: RingOptions = {},
  frames?: Float64Array,
): RingFit {
  if (!(n >= 3)) throw new Error(`a ring needs at least 3 points, got ${n}`);
  if (points.length !== n * dims)
    throw new Error(`${points.length} numbers for ${n} points of ${dims} dims`);
  const bad = points.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw new Error(`point ${Math.floor(bad / dims)} dim ${bad % dims} is ${points[bad]}`);
  const { center, scale } = standardization(frames ?? points, dims);
  const x = points.map((v, k) => (v - center[k % dims]!) / scale[k % dims]!);
  let spread = 0;
  for (let k = dims; k < x.length; k++) spread += (x[k]! - x[k % dims]!) ** 2;
  if (!(spread > 1e-9 * n * dims))
    throw new Error("the points are all the same: nothing to arrange in a ring");
  const theta = new Float64Array(K * dims + 4 * K);
  // P from the ridge regression of the points (centred) onto a regular n-gon of std 1 a coordinate.
  const mx = new Float64Array(dims);
  for (let k = 0; k < x.length; k++) mx[k % dims]! += x[k]! / n;
  const xtx = new Float64Array(dims * dims);
  const xty = new Float64Array(dims * K);
  for (let i = 0; i < n; i++) {
    const target = [Math.cos((2 * Math.PI * i) / n), Math.sin((2 * Math.PI * i) / n)];
    for (let a = 0; a < dims; a++) {
      const xa = x[i * dims + a]! - mx[a]!;
      for (let b = 0; b < dims; b++) xtx[a * dims + b]! += xa * (x[i * dims + b]! - mx[b]!);
      for (let j = 0; j < K; j++) xty[a * K + j]! += xa * Math.SQRT2 * target[j]!;
    }
  }
  for (let a = 0; a < dims; a++) xtx[a * dims + a]! += options.ridge ?? 1;
  const w = choleskySolve(xtx, xty, dims, K);
  for (let j = 0; j < K; j++) for (let a = 0; a < dims; a++) theta[j * dims + a] = w[a * K + j]!;
  // T: γ = 1, u and v half a step apart (a turn of 2π/n), β so that it turns about the centre c
  // of the projected points: R(y + β) = R(y − c) + c for β = R⁻¹c − c.
  const f = K * dims;
  const step = (2 * Math.PI) / n;
  theta.set([1, 1], f);
  const c = [0, 1].map((j) => {
    let acc = 0;
    for (let a = 0; a < dims; a++) acc += theta[j * dims + a]! * mx[a]!;
    return acc;
  });
  const [cx, cy] = [c[0]!, c[1]!];
  theta.set(
    [
      Math.cos(step) * cx + Math.sin(step) * cy - cx,
      -Math.sin(step) * cx + Math.cos(step) * cy - cy,
    ],
    f + K,
  );
  theta.set([1, 0], f + 2 * K);
  theta.set([Math.cos(step / 2), Math.sin(step / 2)], f + 3 * K);
  const weights = {
    variance: options.variance ?? 1,
    covariance: options.covariance ?? 1,
    decay: options.decay ?? 1e-3,
  };
  const g = new Float64Array(theta.length);
  const loss = (th: Float64Array, gr: Float64Array) => ringLoss(th, x, n, dims, weights, gr);
  const startLoss = loss(theta, g);
  const steps = options.steps ?? 3000;
  const end = adam(theta, loss, steps, 0.01, () => {});
  const part = (a: number, b: number) => [...theta.subarray(a, b)];
  return {
    dims,
    center: [...center],
    scale: [...scale],
    projection: part(0, f),
    gamma: part(f, f + K),
    beta: part(f + K, f + 2 * K),
    u: part(f + 2 * K, f + 3 * K),
    v: part(f + 3 * K, f + 4 * K),
    startLoss,
    loss: end,
    steps,
  };
}
