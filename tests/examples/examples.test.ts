import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import { nodeRegistry } from "../../src/nodes";
import { descriptorTrack } from "../../src/dsp/descriptors";
import { rms, testEngine } from "../helpers/engine";

const files = readdirSync("examples")
  .filter((f) => f.endsWith(".patch.json"))
  .sort();

describe("examples", () => {
  it("has the six demo patches", () => {
    expect(files).toEqual([
      "descriptor-target.patch.json",
      "effect-transfer.patch.json",
      "filmr-sweep.patch.json",
      "interpolate.patch.json",
      "reconstruct.patch.json",
      "subpatch-chain.patch.json",
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

describe("descriptor-target example", () => {
  it("decodes to audio whose spectral centroid follows the rising brightness curve (±15 %)", async () => {
    const patch = parsePatch(
      readFileSync("examples/descriptor-target.patch.json", "utf8"),
      nodeRegistry,
    );
    const engine = testEngine();
    await engine.load(patch);
    const x = [...(await engine.render()).outputs.values()][0]!.channels[0]!;
    const track = descriptorTrack(x, 44100, 1024, 2048);
    const frameRate = 44100 / 1024;
    for (const seconds of [0.5, 1.5, 2.5, 3.5]) {
      const f = Math.round(seconds * frameRate);
      const window = track.centroid.subarray(f - 10, f + 10);
      const measured = window.reduce((a, v) => a + v, 0) / window.length;
      const target = 400 + ((4000 - 400) * seconds) / 4;
      expect(Math.abs(measured - target) / target, `at ${seconds} s`).toBeLessThan(0.15);
    }
    engine.dispose();
  });
});
