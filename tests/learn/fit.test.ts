import { describe, expect, it } from "vitest";
import { alignPairs, type LatentPair } from "../../src/engine/learn/pairs";
import { fitOperation, choleskySolve } from "../../src/engine/learn/fit";
import { filmrLoss } from "../../src/engine/learn/filmrFit";
import { applyOperation, operationApplier } from "../../src/engine/learn/operation";
import { applyRotation, rotationInPlane } from "../../src/engine/latentMath/householder";
import { latent, type LatentValue } from "../../src/engine/values";

const D = 8;

/** A seeded stream of numbers in [-1, 1). */
function noise(seed: number): () => number {
  let a = seed;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 2 ** 31 - 1;
  };
}

function randomLatent(frames: number, seed: number): LatentValue {
  const r = noise(seed);
  const data = new Float32Array(frames * D);
  for (let f = 0; f < frames; f++)
    for (let i = 0; i < D; i++) data[f * D + i] = 2 * r() + Math.sin(f / (5 + i)) + i * 0.3;
  return latent(data, frames, D, 43, "m");
}

function mapped(x: LatentValue, fn: (row: Float64Array) => Float64Array): LatentValue {
  const out = new Float32Array(x.data.length);
  for (let f = 0; f < x.frames; f++)
    out.set(fn(Float64Array.from(x.data.subarray(f * D, f * D + D))), f * D);
  return latent(out, x.frames, D, x.frameRate, x.modelId);
}

const pairsOf = (fn: (row: Float64Array) => Float64Array, seeds: number[], frames = 200) =>
  seeds.map((seed, i): LatentPair => {
    const dry = randomLatent(frames, seed);
    return { name: `pair${i + 1}`, dry, wet: mapped(dry, fn) };
  });

describe("fitting latent operations", () => {
  it("mean shift finds a constant offset exactly", () => {
    const shift = Float64Array.from({ length: D }, (_, i) => i - 3);
    const op = fitOperation(
      "mean",
      alignPairs(
        pairsOf((r) => r.map((x, i) => x + shift[i]!), [1, 2]),
        "mean",
      ),
    );
    expect(op.params.kind).toBe("mean");
    if (op.params.kind === "mean")
      op.params.shift.forEach((s, i) => expect(s).toBeCloseTo(shift[i]!, 4));
    expect(op.fittedOn.fitError).toBeLessThan(1e-8);
    expect(op.fittedOn.identityError).toBeGreaterThan(10);
  });

  it("affine recovers a known linear map, and generalises to another source", () => {
    const r = noise(9);
    const w = Float64Array.from({ length: D * D }, (_, k) => (k % (D + 1) === 0 ? 0.8 : 0.2 * r()));
    const map = (row: Float64Array) =>
      Float64Array.from({ length: D }, (_, j) =>
        row.reduce((acc, x, i) => acc + x * w[i * D + j]!, 0.5),
      );
    const op = fitOperation("affine", alignPairs(pairsOf(map, [3, 4]), "affine"), { ridge: 1e-9 });
    expect(op.fittedOn.fitError).toBeLessThan(1e-6 * op.fittedOn.identityError);
    const [held] = pairsOf(map, [77]);
    const out = applyOperation(operationApplier(op), held!.dry.data, held!.dry.frames);
    for (let k = 0; k < out.length; k++) expect(out[k]).toBeCloseTo(held!.wet.data[k]!, 3);
  });

  it("FiLMR's gradient matches finite differences", () => {
    const d = 5;
    const frames = 7;
    const r = noise(5);
    const s = Float64Array.from({ length: frames * d }, r);
    const t = Float64Array.from({ length: frames * d }, r);
    const theta = Float64Array.from({ length: 4 * d }, () => r() + 0.2);
    const grad = new Float64Array(4 * d);
    filmrLoss(theta, s, t, frames, d, grad);
    const g2 = new Float64Array(4 * d);
    for (let k = 0; k < theta.length; k++) {
      const h = 1e-6;
      const plus = Float64Array.from(theta);
      plus[k]! += h;
      const minus = Float64Array.from(theta);
      minus[k]! -= h;
      const numeric =
        (filmrLoss(plus, s, t, frames, d, g2) - filmrLoss(minus, s, t, frames, d, g2)) / (2 * h);
      expect(grad[k]).toBeCloseTo(numeric, 5);
    }
  });

  it("FiLMR fits a FiLMR-made effect far better than mean shift, on held-out sources", () => {
    const rot = rotationInPlane(
      Float64Array.from({ length: D }, (_, i) => (i === 1 ? 1 : 0)),
      Float64Array.from({ length: D }, (_, i) => (i === 4 ? 1 : 0.1)),
      1.1,
    );
    const gamma = Float64Array.from({ length: D }, (_, i) => 0.7 + 0.1 * i);
    const effect = (row: Float64Array) => {
      const a = row.map((x, i) => gamma[i]! * x + 0.3);
      return applyRotation(rot, a, new Float64Array(D));
    };
    const fitted = alignPairs(pairsOf(effect, [11, 12]), "filmr");
    const filmr = fitOperation("filmr", fitted, { steps: 1200 });
    const mean = fitOperation("mean", fitted);
    const [held] = pairsOf(effect, [99]);
    const error = (op: typeof filmr) => {
      const out = applyOperation(operationApplier(op), held!.dry.data, held!.dry.frames);
      let e = 0;
      for (let k = 0; k < out.length; k++) e += (out[k]! - held!.wet.data[k]!) ** 2;
      return e / held!.dry.frames;
    };
    expect(error(filmr)).toBeLessThan(0.05 * error(mean));
    expect(filmr.fittedOn.steps).toBe(1200);
  });

  it("reports progress and stops when cancelled", () => {
    const pairs = alignPairs(
      pairsOf((r) => r, [1]),
      "filmr",
    );
    const seen: number[] = [];
    fitOperation("filmr", pairs, { steps: 200, progress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((p, i) => i === 0 || p >= seen[i - 1]!)).toBe(true);
    const controller = new AbortController();
    expect(() =>
      fitOperation("filmr", pairs, {
        steps: 2000,
        signal: controller.signal,
        progress: () => controller.abort(),
      }),
    ).toThrow(/abort/i);
  });

  it("solves a small SPD system", () => {
    const a = Float64Array.of(4, 2, 2, 3);
    const x = choleskySolve(a, Float64Array.of(2, 1), 2, 1);
    expect(4 * x[0]! + 2 * x[1]!).toBeCloseTo(2, 12);
    expect(2 * x[0]! + 3 * x[1]!).toBeCloseTo(1, 12);
  });
});

describe("example pairs are checked before fitting", () => {
  const dry = randomLatent(100, 1);
  it("keeps the shorter side of a pair whose wet side has a tail", () => {
    const wet = randomLatent(130, 2);
    const a = alignPairs([{ name: "piano", dry, wet }], "mean");
    expect(a.frames).toBe(100);
    expect(a.used).toEqual([{ name: "piano", frames: 100, dropped: 30 }]);
  });
  it("refuses lengths far apart, another model, NaN, too few frames, naming the input", () => {
    expect(() => alignPairs([{ name: "p", dry, wet: randomLatent(300, 2) }], "mean")).toThrow(
      "p: the dry side has 100 frames and the wet 300",
    );
    const other = { ...randomLatent(100, 3), modelId: "other" };
    expect(() => alignPairs([{ name: "g", dry, wet: other }], "mean")).toThrow(
      'g (wet) was encoded with model "other", the others with "m"',
    );
    const bad = randomLatent(100, 4);
    bad.data[3 * D + 2] = NaN;
    expect(() => alignPairs([{ name: "n", dry: bad, wet: dry }], "mean")).toThrow(
      "n (dry): frame 3 dim 2 is NaN, not a finite number",
    );
    const short = randomLatent(5, 5);
    expect(() => alignPairs([{ name: "s", dry: short, wet: short }], "affine")).toThrow(
      `5 frames of examples in all; fitting "affine" on ${D} dims needs at least ${D + 1}`,
    );
    expect(() => alignPairs([], "mean")).toThrow("no example pairs");
  });
});
