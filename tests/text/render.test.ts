import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import type { Patch } from "../../src/engine/patch/schema";
import { nodeRegistry } from "../../src/nodes";
import { patchToText, textToPatch } from "../../src/text";
import { testEngine } from "../helpers/engine";

const examples = readdirSync("examples").filter((f) => f.endsWith(".patch.json"));

async function render(patch: Patch): Promise<Float32Array> {
  const engine = testEngine();
  await engine.load(patch);
  const [audio] = (await engine.render({ seconds: 2 })).outputs.values();
  engine.dispose();
  return audio!.channels[0]!;
}

describe("an example's text form sounds like the example", () => {
  it.each(examples)(
    "%s: rendered from its text, bit-equal to its JSON",
    async (file) => {
      const patch = parsePatch(readFileSync(`examples/${file}`, "utf8"), nodeRegistry);
      const fromText = textToPatch(patchToText(patch, nodeRegistry), nodeRegistry);
      const [a, b] = [await render(patch), await render(fromText)];
      expect(a.length).toBe(2 * 44100);
      expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
    },
    60_000,
  );
});
