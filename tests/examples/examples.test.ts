import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import { nodeRegistry } from "../../src/nodes";
import { rms, testEngine } from "../helpers/engine";

const files = readdirSync("examples")
  .filter((f) => f.endsWith(".patch.json"))
  .sort();

describe("examples", () => {
  it("has the five demo patches", () => {
    expect(files).toEqual([
      "descriptor-target.patch.json",
      "effect-transfer.patch.json",
      "filmr-sweep.patch.json",
      "interpolate.patch.json",
      "reconstruct.patch.json",
    ]);
  });

  for (const file of files) {
    it(`${file} is in canonical form and renders 4 s of non-silent audio within full scale`, async () => {
      const text = readFileSync(`examples/${file}`, "utf8");
      const patch = parsePatch(text, nodeRegistry);
      expect(serializePatch(patch)).toBe(text);
      const engine = testEngine();
      await engine.load(patch);
      const result = await engine.render();
      const [audio] = result.outputs.values();
      const x = audio!.channels[0]!;
      expect(x.length).toBe(4 * 44100);
      expect(rms(x)).toBeGreaterThan(0.005);
      expect(x.every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
      engine.dispose();
    });
  }
});
