import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import { validPatch } from "./arbitraries";
import { registry } from "./fixtures";

describe("serialize → parse round trip (property)", () => {
  it("is byte-stable and loses nothing, from text and from a parsed object", () => {
    fc.assert(
      fc.property(validPatch, (patch) => {
        const text = serializePatch(patch);
        const parsed = parsePatch(text, registry);
        expect(parsed).toEqual(patch);
        expect(serializePatch(parsed)).toBe(text);
        expect(serializePatch(parsePatch(JSON.parse(text), registry))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it("produces JSON that JSON.parse reads back equal to the patch", () => {
    fc.assert(
      fc.property(validPatch, (patch) => {
        const text = serializePatch(patch);
        expect(text.endsWith("}\n")).toBe(true);
        expect(JSON.parse(text)).toEqual(patch);
      }),
      { numRuns: 100 },
    );
  });
});
