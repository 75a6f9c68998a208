import { describe, expect, it } from "vitest";
import { MAX_LISTED_ISSUES, PatchError } from "../../src/engine/patch/errors";
import { parsePatch } from "../../src/engine/patch/parse";
import { nodeRegistry } from "../../src/nodes";

describe("a patch with very many problems", () => {
  it("lists the first ones and counts the rest, keeping every issue", () => {
    // Every node after the first repeats its id: 1,999 problems.
    const nodes = Array.from({ length: 2000 }, () => ({ id: "a", type: "LatentScale" }));
    const text = JSON.stringify({
      format: "latent-patcher.patch",
      version: 2,
      name: "many",
      transport: { bpm: 120, beatsPerBar: 4 },
      nodes,
      connections: [],
    });
    let err: unknown;
    try {
      parsePatch(text, nodeRegistry);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PatchError);
    const e = err as PatchError;
    expect(e.issues.length).toBeGreaterThan(MAX_LISTED_ISSUES);
    const lines = e.message.split("\n");
    expect(lines).toHaveLength(MAX_LISTED_ISSUES + 1);
    expect(lines[0]).toBe('patch.nodes[1].id: duplicate node id "a" (also patch.nodes[0])');
    expect(lines.at(-1)).toBe(`… and ${e.issues.length - MAX_LISTED_ISSUES} more problems`);
  });

  it("says nothing more when the problems fit", () => {
    const e = new PatchError([{ path: "patch.nodes[0]", message: "expected an object" }]);
    expect(e.message).toBe("patch.nodes[0]: expected an object");
  });

  it("keeps a JSON error on one line, though the text it quotes has newlines", () => {
    const text = '{\n  "nodes": [\n    {},\n\n  ],\n  "assets": {}\n}';
    expect(() => parsePatch(text, nodeRegistry)).toThrow(PatchError);
    try {
      parsePatch(text, nodeRegistry);
    } catch (e) {
      expect((e as Error).message.split("\n")).toHaveLength(1);
      expect((e as Error).message).toMatch(/^patch: not valid JSON: Unexpected token '\]'/);
    }
  });
});
