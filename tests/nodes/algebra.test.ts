/** LatentAdd, LatentSubtract, LatentScale, Mix and TimeAverage against their definitions. */
import { describe, expect, it } from "vitest";
import { runBlocks } from "../../src/engine/blocks";
import type { Inputs, NodeDefinition, Outputs } from "../../src/engine/nodeDefinition";
import { curve, latent, type LatentValue } from "../../src/engine/values";
import { LatentAddNode } from "../../src/nodes/LatentAdd";
import { LatentScaleNode } from "../../src/nodes/LatentScale";
import { LatentSubtractNode } from "../../src/nodes/LatentSubtract";
import { MixNode } from "../../src/nodes/Mix";
import { TimeAverageNode } from "../../src/nodes/TimeAverage";
import { CLOCK, DIMS, fakeEnv, fixedVector, randomLatent } from "./fakeModel";

const FRAMES = 20;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any node's params
const run = (def: NodeDefinition<any>, inputs: Inputs, params = {}, blocks = 6): Promise<Outputs> =>
  runBlocks(def, params, fakeEnv(), inputs, blocks, FRAMES);

/** out[f][d] computed by `fn(f, d)`, compared with tolerance 1e-6. */
function expectFrames(out: Outputs, fn: (f: number, d: number) => number, frames = FRAMES) {
  const v = out.out as LatentValue;
  expect(v.type).toBe("latent");
  expect(v.frames).toBe(frames);
  for (let f = 0; f < frames; f++) {
    for (let d = 0; d < DIMS; d++) expect(v.data[f * DIMS + d]).toBeCloseTo(fn(f, d), 5);
  }
}

const a = randomLatent(FRAMES, 1);
const b = randomLatent(FRAMES, 2);
const at = (x: LatentValue, f: number, d: number) => x.data[f * DIMS + d]!;
const w = fixedVector([1, -2, 0.5, 3]);

describe("LatentAdd / LatentSubtract", () => {
  it("add and subtract frame by frame", async () => {
    expectFrames(await run(LatentAddNode, { a, b }), (f, d) => at(a, f, d) + at(b, f, d));
    expectFrames(await run(LatentSubtractNode, { a, b }), (f, d) => at(a, f, d) - at(b, f, d));
  });

  it("broadcast a vector over frames, on either side", async () => {
    expectFrames(await run(LatentAddNode, { a: w, b }), (f, d) => w.data[d]! + at(b, f, d));
    expectFrames(await run(LatentSubtractNode, { a, b: w }), (f, d) => at(a, f, d) - w.data[d]!);
  });

  it("give a vector for two vectors", async () => {
    const out = await run(LatentSubtractNode, { a: w, b: fixedVector([1, 1, 1, 1]) });
    expect(out.out?.type).toBe("vector");
    expect(Array.from((out.out as { data: Float32Array }).data)).toEqual([0, -3, -0.5, 2]);
  });

  it("refuse a missing input, a curve, and different dims", async () => {
    await expect(run(LatentAddNode, { a })).rejects.toThrow("LatentAdd b: nothing is connected");
    await expect(
      run(LatentAddNode, { a, b: curve(new Float32Array(FRAMES), 100) }),
    ).rejects.toThrow("LatentAdd b: expected a latent or a vector, got curve");
    await expect(run(LatentAddNode, { a, b: fixedVector([1, 2]) })).rejects.toThrow(
      "a has 4 dims but b has 2",
    );
  });

  it("names both models when they differ", async () => {
    await expect(run(LatentAddNode, { a, b: fixedVector([1, 2, 3, 4], "other") })).rejects.toThrow(
      "LatentAdd: a is from model 'fake' but b is from model 'other'",
    );
  });
});

describe("LatentScale", () => {
  it("multiplies by the factor, frame by frame when a curve drives it", async () => {
    expectFrames(
      await run(LatentScaleNode, { in: a }, { factor: -2.5 }),
      (f, d) => -2.5 * at(a, f, d),
    );
    const factor = curve(
      Float32Array.from({ length: FRAMES }, (_, f) => f / 4),
      CLOCK.frameRate,
    );
    // The curve passes the factor's range (max 4) near the end: it is clamped, as a typed value is.
    expectFrames(
      await run(LatentScaleNode, { in: a, factor }),
      (f, d) => Math.min(f / 4, 4) * at(a, f, d),
    );
  });
});

describe("Mix", () => {
  it("is the weighted sum of the connected inputs, vectors broadcast", async () => {
    const out = await run(MixNode, { in1: a, in2: b, in4: w }, { w1: 0.25, w2: -1.5, w4: 2 });
    expectFrames(out, (f, d) => 0.25 * at(a, f, d) - 1.5 * at(b, f, d) + 2 * w.data[d]!);
  });

  it("passes in1 through by default and ignores in2 until w2 is raised", async () => {
    expectFrames(await run(MixNode, { in1: a, in2: b }), (f, d) => at(a, f, d));
  });

  it("follows a weight curve", async () => {
    const w2 = curve(
      Float32Array.from({ length: FRAMES }, (_, f) => f / FRAMES),
      100,
    );
    expectFrames(
      await run(MixNode, { in1: a, in2: b, w2 }),
      (f, d) => at(a, f, d) + (f / FRAMES) * at(b, f, d),
    );
  });

  it("needs at least one input", async () => {
    await expect(run(MixNode, {})).rejects.toThrow(/Mix: no inputs are connected/);
  });
});

describe("TimeAverage", () => {
  it("is the mean over all frames", async () => {
    const x = randomLatent(37, 9);
    const out = await runBlocks(TimeAverageNode, {}, fakeEnv(), { in: x }, 37, 37);
    expect(out.out?.type).toBe("vector");
    const mean = (out.out as { data: Float32Array }).data;
    for (let d = 0; d < DIMS; d++) {
      let s = 0;
      for (let f = 0; f < 37; f++) s += at(x, f, d);
      expect(mean[d]).toBeCloseTo(s / 37, 5);
    }
    expect((out.out as { modelId: string }).modelId).toBe("fake");
  });

  it("refuses an empty latent", async () => {
    const empty = latent(new Float32Array(0), 0, DIMS, 100, "fake");
    await expect(runBlocks(TimeAverageNode, {}, fakeEnv(), { in: empty }, 1, 0)).rejects.toThrow(
      "TimeAverage in: the latent has no frames",
    );
  });
});
