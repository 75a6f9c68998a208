/**
 * FiLMRRotate: x ← (γx + β)M in both modes, checked against the matrix definitions (with
 * `level: "free"`, the formula alone; "keep" is checked at the end and in filmrLevel.test.ts).
 */
import { describe, expect, it } from "vitest";
import { runBlocks } from "../../src/engine/blocks";
import {
  aguileraPerezMatrix,
  dot,
  filmrRotation,
  maxAbsDiff,
  rotationMatrix,
  rowTimesMatrix,
} from "../../src/engine/latentMath";
import type { Inputs } from "../../src/engine/nodeDefinition";
import { curve, latent, type LatentValue, type VectorValue } from "../../src/engine/values";
import { FiLMRRotateNode, type FiLMRRotateParams } from "../../src/nodes/FiLMRRotate";
import { CLOCK, COMPONENTS, DIMS, fakeEnv, fixedVector, randomLatent } from "./fakeModel";

const run = (params: Partial<FiLMRRotateParams>, inputs: Inputs, frames: number, blocks = 3) =>
  runBlocks(FiLMRRotateNode, { level: "free", ...params }, fakeEnv(), inputs, blocks, frames);

const asLatent = (rows: Float32Array[]) => {
  const data = new Float32Array(rows.length * DIMS);
  rows.forEach((r, f) => data.set(r, f * DIMS));
  return latent(data, rows.length, DIMS, CLOCK.frameRate, "fake");
};

describe("FiLMRRotate, angle mode", () => {
  it("rotates the first principal direction by the angle toward the second", async () => {
    const angles = [0, 30, 90, -45, 180, 137.5];
    const [c0, c1] = [COMPONENTS[0]!, COMPONENTS[1]!];
    const out = (
      await run(
        {},
        { in: asLatent(angles.map(() => c0)), angle: curve(Float32Array.from(angles), 100) },
        angles.length,
      )
    ).out as LatentValue;
    angles.forEach((deg, f) => {
      const y = out.data.subarray(f * DIMS, (f + 1) * DIMS);
      const rad = (deg * Math.PI) / 180;
      expect(dot(y, c0)).toBeCloseTo(Math.cos(rad), 5);
      expect(dot(y, c1)).toBeCloseTo(Math.sin(rad), 5);
      expect(dot(y, COMPONENTS[2]!)).toBeCloseTo(0, 6);
      expect(dot(y, COMPONENTS[3]!)).toBeCloseTo(0, 6);
    });
  });

  it("leaves directions outside the plane alone and honours planeA/planeB", async () => {
    const x = asLatent([COMPONENTS[1]!, COMPONENTS[3]!]);
    const out = (await run({ angle: 90, planeA: 3, planeB: 2 }, { in: x }, 2)).out as LatentValue;
    expect(maxAbsDiff(out.data.subarray(0, DIMS), COMPONENTS[1]!)).toBeLessThan(1e-6);
    // c3 turned 90° toward c2 is c2.
    expect(maxAbsDiff(out.data.subarray(DIMS), COMPONENTS[2]!)).toBeLessThan(1e-6);
  });

  it("applies γ and β before the rotation: (γx + β)M", async () => {
    const x = randomLatent(9, 4);
    const params = { gamma: 1.5, beta: -0.3, angle: 40, planeA: 1, planeB: 3 };
    const out = (await run(params, { in: x }, 9, 4)).out as LatentValue;
    const rot = filmrRotation(COMPONENTS[1]!, rotatedInPlane(40 / 2));
    const m = rotationMatrix(rot);
    for (let f = 0; f < 9; f++) {
      const y = Array.from(x.data.subarray(f * DIMS, (f + 1) * DIMS), (v) => 1.5 * v - 0.3);
      const want = rowTimesMatrix(y, m, DIMS);
      for (let d = 0; d < DIMS; d++) expect(out.data[f * DIMS + d]).toBeCloseTo(want[d]!, 5);
    }
  });

  it("refuses equal or out-of-range planes", async () => {
    expect(FiLMRRotateNode.validate?.({ ...defaults(), planeA: 2, planeB: 2 })).toMatch(/both 2/);
    await expect(run({ planeB: 7 }, { in: randomLatent(2) }, 2)).rejects.toThrow(
      "FiLMRRotate: planeB 7 is out of range; model 'fake' has 4 principal directions",
    );
  });
});

/** cos(a)·c1 + sin(a)·c3 (a in degrees): the v at half the angle used by angle mode above. */
function rotatedInPlane(deg: number): number[] {
  const r = (deg * Math.PI) / 180;
  return Array.from(COMPONENTS[1]!, (v, i) => Math.cos(r) * v + Math.sin(r) * COMPONENTS[3]![i]!);
}

function defaults(): FiLMRRotateParams {
  return Object.fromEntries(FiLMRRotateNode.params.map((p) => [p.name, p.default])) as never;
}

describe("FiLMRRotate, vectors mode", () => {
  const u = [1, 0.5, -0.2, 0.3];
  const v = [0.1, 1, 0.4, -0.6];

  it("is x·M with M the Aguilera–Pérez rotation of u, v (twice their angle)", async () => {
    const x = randomLatent(11, 5);
    const out = (await run({ mode: "vectors", u, v }, { in: x }, 11, 4)).out as LatentValue;
    const m = aguileraPerezMatrix(u, v);
    for (let f = 0; f < 11; f++) {
      const want = rowTimesMatrix(x.data.subarray(f * DIMS, (f + 1) * DIMS), m, DIMS);
      for (let d = 0; d < DIMS; d++) expect(out.data[f * DIMS + d]).toBeCloseTo(want[d]!, 5);
    }
  });

  it("transforms a vector into a vector", async () => {
    const w = fixedVector([1, 2, 3, 4]);
    const out = (await run({ mode: "vectors", u, v, gamma: 2 }, { in: w }, 5)).out as VectorValue;
    expect(out.type).toBe("vector");
    const want = rowTimesMatrix([2, 4, 6, 8], aguileraPerezMatrix(u, v), DIMS);
    Array.from(want).forEach((x, d) => expect(out.data[d]).toBeCloseTo(x, 5));
  });

  it("refuses missing, parallel or wrongly sized u and v with a clear message", async () => {
    const p = defaults();
    expect(FiLMRRotateNode.validate?.({ ...p, mode: "vectors" })).toMatch(/needs u and v/);
    expect(
      FiLMRRotateNode.validate?.({ ...p, mode: "vectors", u, v: u.map((x) => -2 * x) }),
    ).toMatch(/parallel/);
    await expect(
      run({ mode: "vectors", u: [1, 0], v: [0, 1] }, { in: randomLatent(2) }, 2),
    ).rejects.toThrow("FiLMRRotate: u and v have 2 numbers but the latent has 4 dims");
    await expect(run({ mode: "vectors", u, v: u }, { in: randomLatent(2) }, 2)).rejects.toThrow(
      /FiLMRRotate: u and v are parallel/,
    );
  });
});

describe("FiLMRRotate, standardized space", () => {
  const mean = Float32Array.from([1, -2, 0.5, 3]);
  const std = Float32Array.from([2, 1, 0.5, 0.25]);
  const env = () => {
    const base = fakeEnv();
    const model = base.models.get("fake");
    const shifted = { ...model, stats: { ...model.stats, mean, std } };
    return { ...base, models: { defaultModelId: "fake", get: () => shifted } };
  };
  const runIn = (params: Partial<FiLMRRotateParams>, x: LatentValue) =>
    runBlocks(FiLMRRotateNode, { level: "free", ...params }, env(), { in: x }, 2, x.frames);

  it("applies γ and β to (x − mean)/std and maps back; raw applies them to x", async () => {
    const x = randomLatent(5, 3);
    const std_ = (await runIn({ gamma: 2, beta: 0.5 }, x)).out as LatentValue;
    const raw = (await runIn({ gamma: 2, beta: 0.5, space: "raw" }, x)).out as LatentValue;
    for (let i = 0; i < x.data.length; i++) {
      const d = i % DIMS;
      expect(std_.data[i]).toBeCloseTo(
        mean[d]! + std[d]! * (2 * ((x.data[i]! - mean[d]!) / std[d]!) + 0.5),
        5,
      );
      expect(raw.data[i]).toBeCloseTo(2 * x.data[i]! + 0.5, 5);
    }
  });

  it("keeps the model's mean fixed under any rotation, and changes other points", async () => {
    const x = asLatent([mean, mean.map((m, d) => m + std[d]!)]);
    for (const angle of [30, 90, 180]) {
      const y = (await runIn({ angle }, x)).out as LatentValue;
      expect(maxAbsDiff(y.data.subarray(0, DIMS), mean)).toBeLessThan(1e-5);
      expect(maxAbsDiff(y.data.subarray(DIMS), x.data.subarray(DIMS))).toBeGreaterThan(0.01);
    }
  });
});
