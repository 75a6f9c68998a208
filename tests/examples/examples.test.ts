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
  it("has the twelve demo patches", () => {
    expect(files).toEqual([
      "descriptor-target.patch.json",
      "effect-transfer.patch.json",
      "effects-codec.patch.json",
      "effects.patch.json",
      "filmr-sweep.patch.json",
      "interpolate.patch.json",
      "learn-distortion.patch.json",
      "learn-reverb.patch.json",
      "lfo-rotate.patch.json",
      "reconstruct.patch.json",
      "ring.patch.json",
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

describe("lfo-rotate example", () => {
  it("swings the angle ±60° once every 2 beats at the patch's tempo", async () => {
    const patch = parsePatch(readFileSync("examples/lfo-rotate.patch.json", "utf8"), nodeRegistry);
    const engine = testEngine();
    const angles = async (bpm: number) => {
      await engine.load({ ...patch, transport: { bpm, beatsPerBar: 4 } });
      await engine.render({ seconds: 2 });
      const v = engine.value("lfo", "out");
      if (v?.type !== "curve") throw new Error("no curve from the LFO");
      return v.values;
    };
    const at100 = await angles(100);
    const rate = engine.clock.frameRate;
    // A triangle in phase with a sine: 60° a quarter cycle in (half a beat), −60° at 1.5 beats.
    const frameOfBeat = (beat: number, bpm: number) => Math.round((beat * 60 * rate) / bpm);
    expect(at100[frameOfBeat(0.5, 100)]).toBeCloseTo(60, -0.5);
    expect(at100[frameOfBeat(1.5, 100)]).toBeCloseTo(-60, -0.5);
    const at50 = await angles(50);
    expect(at50[frameOfBeat(0.5, 50)]).toBeCloseTo(60, -0.5);
    expect(at50[frameOfBeat(0.5, 100)]).toBeCloseTo(30, -0.5); // half the tempo, half as far
    engine.dispose();
  });
});
