import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nodeRegistry } from "../../src/nodes";
import { patchToText, textToPatch } from "../../src/text";

const doc = readFileSync("docs/text-format.md", "utf8");
const blocks = [...doc.matchAll(/```lp\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe("docs/text-format.md", () => {
  it("has examples in the text form that load with the real nodes and write back stably", () => {
    expect(blocks.length).toBeGreaterThan(0);
    for (const text of blocks) {
      const patch = textToPatch(text, nodeRegistry);
      expect(patch.nodes.length).toBeGreaterThan(3);
      const written = patchToText(patch, nodeRegistry);
      expect(patchToText(textToPatch(written, nodeRegistry), nodeRegistry)).toBe(written);
    }
  });
});
