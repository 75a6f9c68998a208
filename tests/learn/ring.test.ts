/** The ring's fit (src/engine/learn/ring.ts): its gradient, locking on a synthetic ring, refusals. */
import { describe, expect, it } from "vitest";
import { fitRing, ringLoss, RING_DIMS } from "../../src/engine/learn/ring";
import { applyRotation } from "../../src/engine/latentMath/householder";
import { fittedRotation } from "../../src/engine/learn/operation";

const D = 8;
const N = 12;

function stream(seed: number): () => number {
  let a = seed;
  return () => (a = (Math.imul(a, 1664525) + 1013904223) >>> 0) / 2 ** 31 - 1;
}

/** Twelve points on an ellipse in D dims (a random plane, an offset) plus a little noise. */
function syntheticRing(seed: number, noiseSeed = 1): Float64Array {
  const r = stream(seed);
  const nz = stream(noiseSeed);
  const plane = Array.from({ length: 2 * D }, r);
  const pts = new Float64Array(N * D);
  for (let i = 0; i < N; i++)
    for (let k = 0; k < D; k++) {
      const t = (2 * Math.PI * i) / N;
      pts[i * D + k] =
        3 * (plane[k]! * Math.cos(t) + plane[D + k]! * Math.sin(t)) + k + 0.05 * nz();
    }
  return pts;
}

/** T(P sᵢ) against P sᵢ₊₁ for a fit: mean error and mean spacing. */
function lock(fit: ReturnType<typeof fitRing>, pts: Float64Array) {
  const y = Array.from({ length: N }, (_, i) =>
    [0, 1].map((j) => {
      let acc = 0;
      for (let k = 0; k < D; k++)
        acc += fit.projection[j * D + k]! * ((pts[i * D + k]! - fit.center[k]!) / fit.scale[k]!);
      return acc;
    }),
  );
  const rot = fittedRotation(fit.u, fit.v);
  let err = 0;
  let spacing = 0;
  for (let i = 0; i < N; i++) {
    const a = y[i]!.map((v, j) => fit.gamma[j]! * v + fit.beta[j]!);
    const out = new Float64Array(2);
    applyRotation(rot, a, out);
    const next = y[(i + 1) % N]!;
    err += Math.hypot(out[0]! - next[0]!, out[1]! - next[1]!) / N;
    spacing += Math.hypot(y[i]![0]! - next[0]!, y[i]![1]! - next[1]!) / N;
  }
  return { err, spacing };
}

describe("the ring", () => {
  it("has the gradient its finite differences give", () => {
    const r = stream(3);
    const x = Float64Array.from({ length: N * D }, r);
    const theta = Float64Array.from({ length: RING_DIMS * D + 4 * RING_DIMS }, () => r());
    const weights = { variance: 1, covariance: 0.7, decay: 0.1 };
    const g = new Float64Array(theta.length);
    ringLoss(theta, x, N, D, weights, g);
    const h = 1e-6;
    const scratch = new Float64Array(theta.length);
    for (let k = 0; k < theta.length; k++) {
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[k]! += h;
      minus[k]! -= h;
      const fd =
        (ringLoss(plus, x, N, D, weights, scratch) - ringLoss(minus, x, N, D, weights, scratch)) /
        (2 * h);
      expect(g[k]!).toBeCloseTo(fd, 5);
    }
  });

  it("locks on a synthetic ring: each point goes to the next, with the points kept apart", () => {
    const pts = syntheticRing(7);
    const fit = fitRing(pts, N, D, { steps: 1500 });
    expect(fit.loss).toBeLessThan(fit.startLoss);
    const { err, spacing } = lock(fit, pts);
    expect(spacing).toBeGreaterThan(0.5);
    expect(err / spacing).toBeLessThan(0.05);
    // Another draw of the same ring's noise is carried round as well.
    const again = syntheticRing(7, 99);
    expect(lock(fit, again).err / spacing).toBeLessThan(0.1);
    expect(fitRing(pts, N, D, { steps: 1500 })).toEqual(fit);
  });

  it("refuses too few points, numbers that are not finite, and points that do not differ", () => {
    expect(() => fitRing(new Float64Array(2 * D), 2, D)).toThrow(
      "a ring needs at least 3 points, got 2",
    );
    const nan = syntheticRing(1);
    nan[3 * D + 2] = NaN;
    expect(() => fitRing(nan, N, D)).toThrow("point 3 dim 2 is NaN");
    const same = new Float64Array(N * D).fill(0.5);
    expect(() => fitRing(same, N, D)).toThrow("the points are all the same");
    expect(() => fitRing(new Float64Array(5), N, D)).toThrow("5 numbers for 12 points of 8 dims");
  });
});
