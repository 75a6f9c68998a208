/** PrincipalDirections: knob k_i moves the latent by k_i · componentStd_i along component_i. */
import { describe, expect, it } from "vitest";
import { runBlocks } from "../../src/engine/blocks";
import { dot } from "../../src/engine/latentMath";
import type { ModelStore } from "../../src/engine/nodeDefinition";
import { curve, type LatentValue } from "../../src/engine/values";
import { PrincipalDirectionsNode } from "../../src/nodes/PrincipalDirections";
import { COMPONENT_STD, COMPONENTS, DIMS, fakeEnv, fakeModel, randomLatent } from "./fakeModel";

const x = randomLatent(10, 3);

describe("PrincipalDirections", () => {
  it("moves along component i by k · std_i and leaves the other components alone", async () => {
    for (let i = 0; i < 4; i++) {
      const out = (
        await runBlocks(
          PrincipalDirectionsNode,
          { [`k${i + 1}`]: 1.5 },
          fakeEnv(),
          { in: x },
          3,
          10,
        )
      ).out as LatentValue;
      for (let f = 0; f < 10; f++) {
        const y = out.data.subarray(f * DIMS, (f + 1) * DIMS);
        const x0 = x.data.subarray(f * DIMS, (f + 1) * DIMS);
        COMPONENTS.forEach((c, j) => {
          const moved = dot(y, c) - dot(x0, c);
          expect(moved).toBeCloseTo(j === i ? 1.5 * COMPONENT_STD[i]! : 0, 5);
        });
      }
    }
  });

  it("adds knobs together and follows a curve on a knob", async () => {
    const k1 = curve(
      Float32Array.from({ length: 10 }, (_, f) => f - 5),
      100,
    );
    const out = (
      await runBlocks(PrincipalDirectionsNode, { k3: -2 }, fakeEnv(), { in: x, k1 }, 4, 10)
    ).out as LatentValue;
    for (let f = 0; f < 10; f++) {
      for (let d = 0; d < DIMS; d++) {
        const want =
          x.data[f * DIMS + d]! +
          // k1 runs from −5 to 4: clamped to its range [−3, 3], as a typed value is.
          Math.min(3, Math.max(-3, f - 5)) * COMPONENT_STD[0]! * COMPONENTS[0]![d]! -
          2 * COMPONENT_STD[2]! * COMPONENTS[2]![d]!;
        expect(out.data[f * DIMS + d]).toBeCloseTo(want, 5);
      }
    }
  });

  it("refuses a knob beyond the model's directions, but not one left at 0", async () => {
    await expect(
      runBlocks(PrincipalDirectionsNode, { k5: 1 }, fakeEnv(), { in: x }, 3, 10),
    ).rejects.toThrow(
      "PrincipalDirections: k5 is 1 but model 'fake' has only 4 principal directions",
    );
    const two = fakeModel("fake");
    const models: ModelStore = {
      defaultModelId: "fake",
      get: () => ({ ...two, stats: { ...two.stats, components: COMPONENTS.slice(0, 2) } }),
    };
    const out = await runBlocks(
      PrincipalDirectionsNode,
      { k2: 1 },
      { ...fakeEnv(), models },
      { in: x },
      3,
      10,
    );
    expect(out.out?.type).toBe("latent");
  });
});
