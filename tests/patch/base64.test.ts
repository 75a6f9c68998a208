import { describe, expect, it } from "vitest";
import { PatchError } from "../../src/engine/patch/errors";
import { parsePatch } from "../../src/engine/patch/parse";
import { isBase64 } from "../../src/engine/patch/schema";
import { nodeRegistry } from "../../src/nodes";

describe("embedded sounds' base64", () => {
  it("accepts standard padded base64 and nothing else", () => {
    for (const ok of ["", "QQ==", "QUI=", "QUJD", "a+/9"]) expect(isBase64(ok), ok).toBe(true);
    for (const bad of ["Q", "QQ=", "Q===", "====", "QU I", "QUJD=", "QU=D", "QUJ-", "QUJ_"])
      expect(isBase64(bad), bad).toBe(false);
  });

  it("refuses 7 MB of base64 with one bad character at the end, without overflowing the stack", () => {
    const base64 = `${"QUJD".repeat(1_800_000)}QU!D`;
    const patch = {
      format: "latent-patcher.patch",
      version: 2,
      name: "big",
      transport: { bpm: 120, beatsPerBar: 4 },
      assets: { big: { kind: "embedded", mime: "audio/wav", base64 } },
      nodes: [],
      connections: [],
    };
    expect(() => parsePatch(patch, nodeRegistry)).toThrow(PatchError);
    expect(() => parsePatch(patch, nodeRegistry)).toThrow(
      /patch\.assets\.big\.base64: expected base64 text/,
    );
  });
});
