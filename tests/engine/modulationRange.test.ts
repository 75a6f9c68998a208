/** One range rule: a cable's value is clamped to the range a typed value must be in. */
import { describe, expect, it } from "vitest";
import { makeBlockContext, modulationRanges, runBlocks } from "../../src/engine/blocks";
import { curve, scalar, type LatentValue } from "../../src/engine/values";
import { allNodes } from "../../src/nodes";
import { InterpolateNode } from "../../src/nodes/Interpolate";
import { fakeEnv, randomLatent } from "../nodes/fakeModel";

const CLOCK = { sampleRate: 44100, hopSamples: 1024, frameRate: 44100 / 1024 };

describe("modulated values follow the typed values' range", () => {
  it("clamps a cable on every modulatable parameter of every node to its [min, max]", () => {
    let checked = 0;
    for (const def of allNodes) {
      for (const spec of def.params) {
        if (spec.kind !== "number" || !spec.modulatable) continue;
        const ranges = modulationRanges(def);
        const high = makeBlockContext(CLOCK, 0, 2, {}, { [spec.name]: scalar(spec.max + 1e6) });
        expect(high.param(spec.name), `${def.type}.${spec.name} unclamped`).toBe(spec.max + 1e6);
        const over = curve(Float32Array.from([spec.min - 1e6, spec.max + 1e6]), CLOCK.frameRate);
        const ctx = makeBlockContext(CLOCK, 0, 2, {}, { [spec.name]: over }, undefined, ranges);
        expect(
          [ctx.param(spec.name, 0), ctx.param(spec.name, 1)],
          `${def.type}.${spec.name}`,
        ).toEqual([spec.min, spec.max]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("drives Interpolate's α to 1 (b exactly) with a curve at 1.5, and to 0 (a) at −0.5", async () => {
    const a = randomLatent(20, 1);
    const b = randomLatent(20, 2);
    const run = async (value: number) => {
      const alpha = curve(new Float32Array(20).fill(value), CLOCK.frameRate);
      const out = await runBlocks(InterpolateNode, {}, fakeEnv(), { a, b, alpha }, 7, 20);
      return (out.out as LatentValue).data;
    };
    expect(await run(1.5)).toEqual(b.data);
    expect(await run(-0.5)).toEqual(a.data);
  });
});
