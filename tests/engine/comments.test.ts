import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import { nodeRegistry } from "../../src/nodes";
import { maxAbsDiff, rms, testEngine } from "../helpers/engine";
import { sweepPatch } from "../stream/helpers";

describe("comments", () => {
  it("survive a save and load, and the engine renders the same sound with or without them", async () => {
    const plain = sweepPatch(0.5);
    const commented = parsePatch(
      serializePatch({
        ...plain,
        comments: [
          { id: "why", text: "the sweep turns the timbre\nonce a second", position: [10, -60] },
          { id: "rot", text: "shares an id with a node", position: [300, -60] },
        ],
      }),
      nodeRegistry,
    );
    expect(commented.comments?.map((c) => c.id)).toEqual(["why", "rot"]);
    expect(commented.comments?.[0]?.text).toBe("the sweep turns the timbre\nonce a second");

    const renderOf = async (patch: typeof plain) => {
      const engine = testEngine();
      await engine.load(patch);
      return (await engine.render()).outputs.get("out")!.channels[0]!;
    };
    const [a, b] = [await renderOf(plain), await renderOf(commented)];
    expect(rms(a)).toBeGreaterThan(0.01);
    expect(maxAbsDiff(a, b)).toBe(0);
  });
});
