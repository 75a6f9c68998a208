/** Interpolate: exact endpoints, the blend, and series of different lengths. */
import { describe, expect, it } from "vitest";
import { runBlocks } from "../../src/engine/blocks";
import { curve, type LatentValue } from "../../src/engine/values";
import { InterpolateNode } from "../../src/nodes/Interpolate";
import { DIMS, fakeEnv, randomLatent } from "./fakeModel";

const a = randomLatent(30, 1);
const b = randomLatent(30, 2);
const run = (params: object, inputs = { a, b }, total = 30, blocks = 7) =>
  runBlocks(InterpolateNode, params, fakeEnv(), inputs, blocks, total).then(
    (o) => o.out as LatentValue,
  );

describe("Interpolate", () => {
  it("gives a exactly at α = 0 and b exactly at α = 1", async () => {
    expect((await run({ alpha: 0 })).data).toEqual(a.data);
    expect((await run({ alpha: 1 })).data).toEqual(b.data);
  });

  it("is (1 − α)a + αb, with α following a curve", async () => {
    const alpha = curve(
      Float32Array.from({ length: 30 }, (_, f) => f / 29),
      100,
    );
    const out = await run({}, { a, b, alpha } as never);
    for (let f = 0; f < 30; f++) {
      const t = f / 29;
      for (let d = 0; d < DIMS; d++) {
        const i = f * DIMS + d;
        expect(out.data[i]).toBeCloseTo((1 - t) * a.data[i]! + t * b.data[i]!, 5);
      }
    }
  });

  it("refuses latents of two models, naming both", async () => {
    await expect(run({}, { a, b: { ...b, modelId: "other" } })).rejects.toThrow(
      "Interpolate: a is from model 'fake' but b is from model 'other'",
    );
  });
});
