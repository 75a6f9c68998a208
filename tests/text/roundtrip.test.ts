import { readFileSync, readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { nodeRegistry } from "../../src/nodes";
import { patchToText, textToPatch } from "../../src/text";
import { validPatch } from "../patch/arbitraries";
import { registry } from "../patch/fixtures";
import { meaning } from "./normalize";

const examples = readdirSync("examples").filter((f) => f.endsWith(".patch.json"));

describe("text round trips", () => {
  it.each(examples)(
    "%s: patch → text → patch means the same, text → patch → text is stable",
    (file) => {
      const patch = parsePatch(readFileSync(`examples/${file}`, "utf8"), nodeRegistry);
      const text = patchToText(patch, nodeRegistry);
      const back = textToPatch(text, nodeRegistry, patch);
      expect(meaning(back, nodeRegistry)).toEqual(meaning(patch, nodeRegistry));
      expect(back.nodes.map((n) => n.position)).toEqual(patch.nodes.map((n) => n.position));
      expect(patchToText(back, nodeRegistry)).toBe(text);
    },
  );

  it("keeps every example's text short: one line per node plus the headers", () => {
    for (const file of examples) {
      const patch = parsePatch(readFileSync(`examples/${file}`, "utf8"), nodeRegistry);
      const lines = patchToText(patch, nodeRegistry).trimEnd().split("\n");
      const headers = lines.indexOf("");
      expect(lines.length - headers - 1).toBe(patch.nodes.length);
    }
  });

  it("round-trips random valid patches (property)", () => {
    fc.assert(
      fc.property(validPatch, (patch) => {
        const text = patchToText(patch, registry);
        const back = textToPatch(text, registry, patch);
        expect(meaning(back, registry)).toEqual(meaning(patch, registry));
        expect(back.comments).toEqual(patch.comments);
        expect(back.ui).toEqual(patch.ui);
        expect(patchToText(back, registry)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it("places nodes new to the text without a position, and keeps the others' positions", () => {
    const previous = textToPatch("a = Osc\n", registry);
    const placed = {
      ...previous,
      nodes: previous.nodes.map((n) => ({ ...n, position: [10, 20] as [number, number] })),
    };
    const next = textToPatch("a = Osc freq=300\nb = Osc\n", registry, placed);
    expect(next.nodes.map((n) => n.position)).toEqual([[10, 20], undefined]);
  });
});
