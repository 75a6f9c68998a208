import { describe, expect, it } from "vitest";
import { compileGraph } from "../../src/engine/graph";
import { parsePatch } from "../../src/engine/patch/parse";
import { nodeRegistry } from "../../src/nodes";
import { faultsOf, faultyNodes } from "../../src/ui/canvas/faults";
import { example } from "./helpers";

/** The message `fn` throws. */
function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error("it did not throw");
}

describe("faultyNodes", () => {
  it("finds the node a compile error names: an input left unconnected", () => {
    const patch = example("reconstruct");
    const cut = {
      ...patch,
      connections: patch.connections.filter((c) => c.to !== "decode.latent"),
    };
    const message = thrown(() => compileGraph(cut, nodeRegistry));
    expect(message).toContain('"decode"');
    expect(faultyNodes(message, cut)).toEqual(["decode"]);
  });

  it("finds a node a patch error names by its path (patch.nodes[i])", () => {
    const patch = example("reconstruct");
    const raw = JSON.parse(JSON.stringify(patch)) as { nodes: { params: object }[] };
    raw.nodes[2]!.params = { ...raw.nodes[2]!.params, model: 42 };
    const message = thrown(() => parsePatch(raw, nodeRegistry));
    expect(message).toMatch(/^patch\.nodes\[2\]/);
    expect(faultyNodes(message, patch)).toEqual([patch.nodes[2]!.id]);
  });

  it("blames a subpatch instance's card for its inner node", () => {
    const patch = example("subpatch-chain");
    const message = 'node "turn2/rotate" (FiLMRRotate): the angle is NaN';
    expect(faultyNodes(message, patch)).toEqual(["turn2"]);
    expect(faultyNodes('node "x" (in subpatch "s", instance "turn1")', patch)).toEqual(["turn1"]);
  });

  it("names no node for a message about none, or about nodes the patch lacks", () => {
    const patch = example("reconstruct");
    expect(faultyNodes("this patch has no AudioOut node", patch)).toEqual([]);
    expect(faultyNodes('node "ghost" (Decode): no model', patch)).toEqual([]);
    expect(faultyNodes("patch.nodes[99].type: unknown", patch)).toEqual([]);
  });

  it("keeps the message with each node at fault", () => {
    const patch = example("reconstruct");
    const message = 'node "encode" (Encode) and node "decode" (Decode) disagree';
    expect([...faultsOf(message, patch)]).toEqual([
      ["encode", message],
      ["decode", message],
    ]);
  });
});
