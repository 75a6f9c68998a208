/** QuantizeToCodebook and DescriptorTarget as nodes. */
import { describe, expect, it } from "vitest";
import { runBlocks } from "../../src/engine/blocks";
import { descriptorMismatch, squaredDistance } from "../../src/engine/latentMath";
import { curve, type CurveValue, type LatentValue } from "../../src/engine/values";
import { DescriptorTargetNode } from "../../src/nodes/DescriptorTarget";
import { QuantizeToCodebookNode } from "../../src/nodes/QuantizeToCodebook";
import { CLOCK, DIMS, fakeEnv, makeCodebook, randomLatent } from "./fakeModel";

const book = makeCodebook();

describe("QuantizeToCodebook", () => {
  it("outputs only codebook entries, each the nearest one (brute force), and their indices", async () => {
    const x = randomLatent(40, 8);
    const out = await runBlocks(QuantizeToCodebookNode, {}, fakeEnv(), { in: x }, 9, 40);
    const q = out.out as LatentValue;
    const indices = (out.indices as CurveValue).values;
    expect(out.indices?.type === "curve" && out.indices.rate).toBe(CLOCK.frameRate);
    for (let f = 0; f < 40; f++) {
      const k = indices[f]!;
      expect(Array.from(q.data.subarray(f * DIMS, (f + 1) * DIMS))).toEqual(
        Array.from(book.entries.subarray(k * DIMS, (k + 1) * DIMS)),
      );
      const best = squaredDistance(book.entries, k * DIMS, x.data, f * DIMS, DIMS);
      for (let j = 0; j < book.size; j++) {
        expect(best).toBeLessThanOrEqual(
          squaredDistance(book.entries, j * DIMS, x.data, f * DIMS, DIMS),
        );
      }
    }
  });

  it("blends with the original by mix and still reports indices", async () => {
    const x = randomLatent(10, 2);
    const full = await runBlocks(QuantizeToCodebookNode, {}, fakeEnv(), { in: x }, 10, 10);
    const half = await runBlocks(
      QuantizeToCodebookNode,
      { mix: 0.5 },
      fakeEnv(),
      { in: x },
      10,
      10,
    );
    const none = await runBlocks(QuantizeToCodebookNode, { mix: 0 }, fakeEnv(), { in: x }, 10, 10);
    expect((none.out as LatentValue).data).toEqual(x.data);
    const q = (full.out as LatentValue).data;
    (half.out as LatentValue).data.forEach((v, i) =>
      expect(v).toBeCloseTo(0.5 * x.data[i]! + 0.5 * q[i]!, 6),
    );
    expect(half.indices).toEqual(full.indices);
  });

  it("refuses a model without a codebook", async () => {
    await expect(
      runBlocks(QuantizeToCodebookNode, {}, fakeEnv(), { in: randomLatent(4, 1, "plain") }, 4, 4),
    ).rejects.toThrow("QuantizeToCodebook: model 'plain' has no codebook");
  });
});

describe("DescriptorTarget", () => {
  const rising = curve(
    Float32Array.from({ length: 120 }, (_, t) => 250 * 28 ** (t / 119)),
    100,
  );
  const run = (params: object, inputs: object) =>
    runBlocks(DescriptorTargetNode, params, fakeEnv(), inputs as never, 120, 120);

  it("follows a rising centroid target within 1.5 semitones at smoothness 0, emitting the entries", async () => {
    const out = await run({ smoothness: 0 }, { target: rising });
    const lat = out.out as LatentValue;
    const idx = (out.indices as CurveValue).values;
    expect([lat.frames, lat.modelId, lat.frameRate]).toEqual([120, "fake", CLOCK.frameRate]);
    idx.forEach((k, t) => {
      const err = descriptorMismatch("centroid", book.descriptors.centroid[k]!, rising.values[t]!);
      expect(err).toBeLessThanOrEqual(1.5 + 1e-6);
      expect(Array.from(lat.data.subarray(t * DIMS, (t + 1) * DIMS))).toEqual(
        Array.from(book.entries.subarray(k * DIMS, (k + 1) * DIMS)),
      );
    });
  });

  it("uses the model of the `in` latent, and refuses one that contradicts the model parameter", async () => {
    const out = await run({}, { target: rising, in: randomLatent(3, 1, "other") });
    expect((out.out as LatentValue).modelId).toBe("other");
    await expect(
      run({ model: "fake" }, { target: rising, in: randomLatent(3, 1, "other") }),
    ).rejects.toThrow(
      "DescriptorTarget: in is from model 'other' but the model parameter is 'fake'",
    );
  });

  it("refuses a model without a codebook and a non-finite target", async () => {
    await expect(run({ model: "plain" }, { target: rising })).rejects.toThrow(
      /'plain' has no codebook/,
    );
    const bad = curve(Float32Array.from([300, NaN, 400]), 100);
    await expect(run({}, { target: bad })).rejects.toThrow(
      "DescriptorTarget target: frame 1 is NaN",
    );
  });
});
