/**
 * FiLMR fitted by Adam: y = H_v(H_u(γ ⊙ s + β)) on standardized frames, the loss the mean squared
 * distance per frame to the wet frames. Gradients by hand through the reflections
 * (H_w x = x − 2(ŵ·x)ŵ, ŵ = w/|w|), checked against finite differences in the tests.
 */
import type { FitOptions } from "./fit";
import type { OperationParams } from "./operation";

/**
 * The loss and its gradient at θ = [γ, β, u, v] (4·d numbers); `grad` is overwritten. With
 * `inputGrad`, its `s` and `t` (each as long as `s`) are overwritten with the gradient with
 * respect to the inputs and the targets (the ring's fit moves both).
 */
export function filmrLoss(
  theta: Float64Array,
  s: Float64Array,
  t: Float64Array,
  frames: number,
  d: number,
  grad: Float64Array,
  inputGrad?: { readonly s: Float64Array; readonly t: Float64Array },
): number {
  const gamma = theta.subarray(0, d);
  const beta = theta.subarray(d, 2 * d);
  const u = theta.subarray(2 * d, 3 * d);
  const v = theta.subarray(3 * d, 4 * d);
  const nu = Math.hypot(...u);
  const nv = Math.hypot(...v);
  const uh = u.map((x) => x / nu);
  const vh = v.map((x) => x / nv);
  grad.fill(0);
  const gUh = new Float64Array(d);
  const gVh = new Float64Array(d);
  const a = new Float64Array(d);
  const p = new Float64Array(d);
  const gy = new Float64Array(d);
  const gp = new Float64Array(d);
  let loss = 0;
  for (let f = 0; f < frames; f++) {
    const o = f * d;
    let ua = 0;
    for (let i = 0; i < d; i++) {
      a[i] = gamma[i]! * s[o + i]! + beta[i]!;
      ua += uh[i]! * a[i]!;
    }
    let vp = 0;
    for (let i = 0; i < d; i++) {
      p[i] = a[i]! - 2 * ua * uh[i]!;
      vp += vh[i]! * p[i]!;
    }
    let vg = 0;
    for (let i = 0; i < d; i++) {
      const r = p[i]! - 2 * vp * vh[i]! - t[o + i]!;
      loss += r * r;
      gy[i] = (2 * r) / frames;
      vg += vh[i]! * gy[i]!;
      if (inputGrad) inputGrad.t[o + i] = -gy[i]!;
    }
    // Through H_v: g_p = H_v g_y; g_v̂ = −2[(v̂·p) g_y + (v̂·g_y) p].
    let ug = 0;
    for (let i = 0; i < d; i++) {
      gp[i] = gy[i]! - 2 * vg * vh[i]!;
      gVh[i]! -= 2 * (vp * gy[i]! + vg * p[i]!);
      ug += uh[i]! * gp[i]!;
    }
    // Through H_u: g_a = H_u g_p; g_û = −2[(û·a) g_p + (û·g_p) a]; then γ and β.
    for (let i = 0; i < d; i++) {
      const ga = gp[i]! - 2 * ug * uh[i]!;
      gUh[i]! -= 2 * (ua * gp[i]! + ug * a[i]!);
      grad[i]! += ga * s[o + i]!;
      grad[d + i]! += ga;
      if (inputGrad) inputGrad.s[o + i] = ga * gamma[i]!;
    }
  }
  // From the unit vectors to the raw ones: g_w = (g_ŵ − (g_ŵ·ŵ) ŵ) / |w|.
  for (const [gh, wh, n, off] of [
    [gUh, uh, nu, 2 * d],
    [gVh, vh, nv, 3 * d],
  ] as const) {
    let k = 0;
    for (let i = 0; i < d; i++) k += gh[i]! * wh[i]!;
    for (let i = 0; i < d; i++) grad[off + i] = (gh[i]! - k * wh[i]!) / n;
  }
  return loss / frames;
}

/** A small deterministic generator (mulberry32) for the starting rotations. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32 - 0.5;
  };
}

/** γ and β of the per-dim least-squares line from s to t: where every start begins. */
function diagonalStart(s: Float64Array, t: Float64Array, frames: number, d: number) {
  const theta = new Float64Array(4 * d);
  for (let i = 0; i < d; i++) {
    let ms = 0;
    let mt = 0;
    for (let f = 0; f < frames; f++) {
      ms += s[f * d + i]! / frames;
      mt += t[f * d + i]! / frames;
    }
    let cov = 0;
    let vs = 0;
    for (let f = 0; f < frames; f++) {
      cov += (s[f * d + i]! - ms) * (t[f * d + i]! - mt);
      vs += (s[f * d + i]! - ms) ** 2;
    }
    const g = vs > 1e-12 ? cov / vs : 1;
    theta[i] = g;
    theta[d + i] = mt - g * ms;
  }
  return theta;
}

/** Adam from `theta` for `steps`, the step size decaying from lr to lr/10 (cosine). */
export function adam(
  theta: Float64Array,
  loss: (th: Float64Array, g: Float64Array) => number,
  steps: number,
  lr: number,
  tick: (step: number) => void,
): number {
  const g = new Float64Array(theta.length);
  const m = new Float64Array(theta.length);
  const v = new Float64Array(theta.length);
  let last = Infinity;
  for (let k = 1; k <= steps; k++) {
    last = loss(theta, g);
    const rate = lr * (0.1 + 0.45 * (1 + Math.cos((Math.PI * (k - 1)) / steps)));
    for (let i = 0; i < theta.length; i++) {
      m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
      v[i] = 0.999 * v[i]! + 0.001 * g[i]! * g[i]!;
      const mh = m[i]! / (1 - 0.9 ** k);
      const vh = v[i]! / (1 - 0.999 ** k);
      theta[i]! -= (rate * mh) / (Math.sqrt(vh) + 1e-8);
    }
    tick(k);
  }
  return Math.min(last, loss(theta, g));
}

/** Starting rotations tried, each for a share of the steps; the best goes on to the end. */
const STARTS = 4;

/**
 * Fits FiLMR on standardized frames: from the per-dim least-squares γ, β and a few seeded
 * starting planes, the best after a short run continues for the remaining steps.
 */
export function fitFiLMR(
  s: Float64Array,
  t: Float64Array,
  frames: number,
  d: number,
  options: FitOptions,
): { params: OperationParams; steps: number } {
  const steps = Math.max(STARTS, options.steps ?? 1500);
  const lr = options.learningRate ?? 0.02;
  const trial = Math.max(1, Math.floor(steps / (2 * STARTS)));
  const loss = (th: Float64Array, g: Float64Array) => filmrLoss(th, s, t, frames, d, g);
  let done = 0;
  const tick = () => {
    done++;
    options.signal?.throwIfAborted();
    if (done % 25 === 0) options.progress?.(Math.min(0.99, done / steps));
  };
  const rand = seeded(0x5eed);
  let best: { theta: Float64Array; loss: number } | undefined;
  for (let k = 0; k < STARTS; k++) {
    const theta = diagonalStart(s, t, frames, d);
    for (let i = 0; i < d; i++) theta[2 * d + i] = rand();
    for (let i = 0; i < d; i++) theta[3 * d + i] = theta[2 * d + i]! + 0.1 * rand();
    const l = adam(theta, loss, trial, lr, tick);
    if (!best || l < best.loss) best = { theta, loss: l };
  }
  adam(best!.theta, loss, steps - STARTS * trial, lr, tick);
  const th = best!.theta;
  return {
    params: {
      kind: "filmr",
      gamma: [...th.subarray(0, d)],
      beta: [...th.subarray(d, 2 * d)],
      u: [...th.subarray(2 * d, 3 * d)],
      v: [...th.subarray(3 * d, 4 * d)],
    },
    steps,
  };
}
