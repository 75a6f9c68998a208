/** Slicing, joining, the block context and the reference runner. */
import { describe, expect, it } from "vitest";
import {
  concatValues,
  makeBlockContext,
  runBlocks,
  sliceValue,
  withDefaults,
} from "../../src/engine/blocks";
import { defineNode, type Params } from "../../src/engine/nodeDefinition";
import { audio, curve, latent, scalar, vector } from "../../src/engine/values";
import { CLOCK, fakeEnv } from "./fakeModel";

const lat = (values: number[], dims: number, modelId = "fake") =>
  latent(Float32Array.from(values), values.length / dims, dims, 100, modelId);

describe("sliceValue", () => {
  it("slices latents by frame and zero-pads past either end", () => {
    const v = lat([1, 2, 3, 4, 5, 6], 2);
    const mid = sliceValue(v, 1, 2, 160);
    expect(mid.type === "latent" && Array.from(mid.data)).toEqual([3, 4, 5, 6]);
    const past = sliceValue(v, 2, 3, 160);
    expect(past.type === "latent" && [past.frames, Array.from(past.data)]).toEqual([
      3,
      [5, 6, 0, 0, 0, 0],
    ]);
    const before = sliceValue(v, -1, 2, 160);
    expect(before.type === "latent" && Array.from(before.data)).toEqual([0, 0, 1, 2]);
  });

  it("slices curves by frame and audio by hopSamples per frame", () => {
    const c = sliceValue(curve(Float32Array.from([1, 2, 3]), 100), 2, 2, 160);
    expect(c.type === "curve" && Array.from(c.values)).toEqual([3, 0]);
    const a = sliceValue(audio(16000, [Float32Array.from([1, 2, 3, 4, 5])]), 1, 2, 2);
    expect(a.type === "audio" && Array.from(a.channels[0]!)).toEqual([3, 4, 5, 0]);
  });

  it("passes vectors and scalars through", () => {
    const v = vector(Float32Array.from([1, 2]), "fake");
    expect(sliceValue(v, 5, 3, 160)).toBe(v);
    const s = scalar(2);
    expect(sliceValue(s, 5, 3, 160)).toBe(s);
  });
});

describe("concatValues", () => {
  it("joins latents, curves and audio in order", () => {
    const l = concatValues([lat([1, 2], 2), lat([3, 4, 5, 6], 2)]);
    expect(l.type === "latent" && [l.frames, Array.from(l.data)]).toEqual([3, [1, 2, 3, 4, 5, 6]]);
    const c = concatValues([
      curve(Float32Array.from([1]), 100),
      curve(Float32Array.from([2]), 100),
    ]);
    expect(c.type === "curve" && Array.from(c.values)).toEqual([1, 2]);
    const a = concatValues([
      audio(8000, [Float32Array.from([1]), Float32Array.from([-1])]),
      audio(8000, [Float32Array.from([2]), Float32Array.from([-2])]),
    ]);
    expect(a.type === "audio" && a.channels.map((ch) => Array.from(ch))).toEqual([
      [1, 2],
      [-1, -2],
    ]);
  });

  it("keeps the first vector or scalar (whole values)", () => {
    const v = vector(Float32Array.from([1]), "fake");
    expect(concatValues([v, vector(Float32Array.from([2]), "fake")])).toBe(v);
    expect(concatValues([scalar(1), scalar(2)])).toEqual(scalar(1));
  });

  it("refuses empty lists, mixed types, mixed models and mismatched shapes", () => {
    expect(() => concatValues([])).toThrow(/no blocks/);
    expect(() => concatValues([scalar(1), curve(new Float32Array(1), 100)])).toThrow(
      /scalar.*curve/,
    );
    expect(() => concatValues([lat([1], 1, "a"), lat([1], 1, "b")])).toThrow(/'a' and 'b'/);
    expect(() => concatValues([lat([1, 2], 2), lat([1], 1)])).toThrow(/dims/);
    expect(() =>
      concatValues([curve(new Float32Array(1), 100), curve(new Float32Array(1), 50)]),
    ).toThrow(/rate/);
    expect(() => concatValues([audio(8000, [new Float32Array(1)]), audio(8000, [])])).toThrow(
      /channels/,
    );
  });
});

describe("makeBlockContext", () => {
  const params: Params = { gain: 0.5, name: "x" };
  it("reads a scalar cable, a curve cable frame by frame (clamped), else the parameter", () => {
    const ctx = makeBlockContext(CLOCK, 10, 4, params, {
      a: scalar(3),
      b: curve(Float32Array.from([1, 2]), 100),
    });
    expect([ctx.startFrame, ctx.frames, ctx.clock]).toEqual([10, 4, CLOCK]);
    expect(ctx.param("a", 2)).toBe(3);
    expect([ctx.param("b"), ctx.param("b", 1), ctx.param("b", 3)]).toEqual([1, 2, 2]);
    expect(ctx.param("gain", 3)).toBe(0.5);
  });

  it("throws for a missing or non-number parameter", () => {
    const ctx = makeBlockContext(CLOCK, 0, 1, params, {});
    expect(() => ctx.param("missing")).toThrow(/'missing' is missing/);
    expect(() => ctx.param("name")).toThrow(/'name' is not a number/);
  });
});

describe("runBlocks", () => {
  /** Records each block's start and size and outputs its frame numbers as a curve. */
  const counter = defineNode<Params>({
    type: "Counter",
    category: "source",
    description: "Test node that reports the frames it saw.",
    inputs: [],
    outputs: [{ name: "out", type: "curve", description: "frame numbers" }],
    params: [{ name: "offset", kind: "number", default: 100, min: 0, max: 1000, description: "x" }],
    create() {
      return {
        async process(_inputs, block) {
          await Promise.resolve();
          const values = Float32Array.from(
            { length: block.frames },
            (_, i) => block.startFrame + i,
          );
          values[0] = values[0]! + block.param("offset") * 0;
          return { out: curve(values, block.clock.frameRate) };
        },
      };
    },
  });

  it("runs consecutive blocks of the given sizes, cycling a list, and joins the output", async () => {
    const out = await runBlocks(counter, {}, fakeEnv(), {}, [2, 3], 12);
    expect(out.out?.type === "curve" && Array.from(out.out.values)).toEqual(
      Array.from({ length: 12 }, (_, i) => i),
    );
  });

  it("fills parameters with defaults and refuses bad block sizes", async () => {
    expect(withDefaults(counter, {})).toEqual({ offset: 100 });
    expect(withDefaults(counter, { offset: 3 })).toEqual({ offset: 3 });
    await expect(runBlocks(counter, {}, fakeEnv(), {}, 0, 4)).rejects.toThrow(/positive integers/);
  });
});
