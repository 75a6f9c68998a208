/** Curve: breakpoints, linear in between, held outside, sampled at f / frameRate. */
import { describe, expect, it } from "vitest";
import { runBlocks } from "../../src/engine/blocks";
import type { CurveValue } from "../../src/engine/values";
import { breakpointValue, CurveNode } from "../../src/nodes/Curve";
import { CLOCK, fakeEnv } from "./fakeModel";

describe("Curve", () => {
  it("interpolates linearly, holds before the first and after the last point, and steps", () => {
    const pts = [
      [0.5, 1],
      [1.5, 3],
      [1.5, -1],
      [2, 0],
    ] as const;
    expect(breakpointValue(pts, 0)).toBe(1);
    expect(breakpointValue(pts, 1)).toBe(2);
    expect(breakpointValue(pts, 1.4999)).toBeCloseTo(3, 3);
    expect(breakpointValue(pts, 1.5)).toBe(-1);
    expect(breakpointValue(pts, 1.75)).toBe(-0.5);
    expect(breakpointValue(pts, 10)).toBe(0);
  });

  it("outputs one value per frame at time f / frameRate; the default ramps 0 → 1 over 4 s", async () => {
    const out = (await runBlocks(CurveNode, {}, fakeEnv(), {}, 37, 500)).out as CurveValue;
    expect(out.rate).toBe(CLOCK.frameRate);
    expect(out.values).toHaveLength(500);
    for (const f of [0, 1, 37, 200, 399, 400, 499]) {
      expect(out.values[f]).toBeCloseTo(Math.min(1, f / CLOCK.frameRate / 4), 6);
    }
  });

  it("refuses points that go back in time or are empty", () => {
    expect(
      CurveNode.validate?.({
        points: [
          [1, 0],
          [0.5, 1],
        ],
      }),
    ).toMatch(/points\[1\] goes back in time/);
    expect(CurveNode.validate?.({ points: [] })).toMatch(/at least one/);
    expect(() => CurveNode.create({ points: [] }, fakeEnv())).toThrow("Curve: points needs");
  });
});
