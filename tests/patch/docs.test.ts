import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import { nodeRegistry } from "../../src/nodes";

const doc = readFileSync(new URL("../../docs/patch-format.md", import.meta.url), "utf8");

describe("docs/patch-format.md", () => {
  it("has an example patch that loads with the real nodes and saves byte-stably", () => {
    const example = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const patch = parsePatch(example, nodeRegistry);
    expect(patch.nodes.map((n) => n.type)).toContain("AudioIn");
    const text = serializePatch(patch);
    expect(serializePatch(parsePatch(text, nodeRegistry))).toBe(text);
  });
});
