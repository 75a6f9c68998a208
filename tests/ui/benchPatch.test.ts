import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import { nodeRegistry } from "../../src/nodes";
import { benchPatch, NODES_PER_CHAIN } from "../../bench/uiPatch";

describe("the UI benchmark's patch", () => {
  it("is a valid patch of 200 nodes, every chain wired from its sound to its output", () => {
    const patch = parsePatch(serializePatch(benchPatch(20)), nodeRegistry);
    expect(patch.nodes).toHaveLength(200);
    expect(NODES_PER_CHAIN * 20).toBe(200);
    expect(patch.connections).toHaveLength(20 * (NODES_PER_CHAIN - 1));
    const outs = patch.nodes.filter((n) => n.type === "AudioOut").map((n) => n.id);
    expect(outs).toHaveLength(20);
    for (const out of outs)
      expect(patch.connections.some((c) => c.to === `${out}.audio`)).toBe(true);
  });
});
