import { describe, expect, it } from "vitest";
import { compileGraph } from "../../src/engine/graph";
import { runNode } from "../../src/engine/runNode";
import { latent, type LatentValue } from "../../src/engine/values";
import { nodeRegistry } from "../../src/nodes";
import { makePatch, maxAbsDiff, rms, testEngine } from "../helpers/engine";
import { sweepPatch } from "../stream/helpers";

const MODEL = { model: "spectral-fixture" };

describe("Engine", () => {
  it("renders the same audio whatever the block size (1, 7, 64 frames vs one block)", async () => {
    const engine = testEngine();
    await engine.load(sweepPatch());
    const whole = (await engine.render({ blockFrames: 100_000 })).outputs.get("out")!.channels[0]!;
    expect(rms(whole)).toBeGreaterThan(0.01);
    for (const blockFrames of [1, 7, 64]) {
      const fresh = testEngine();
      await fresh.load(sweepPatch());
      const out = (await fresh.render({ blockFrames })).outputs.get("out")!.channels[0]!;
      expect(maxAbsDiff(out, whole)).toBeLessThanOrEqual(1e-6);
    }
  });

  it("re-runs only what is downstream of a changed parameter", async () => {
    const engine = testEngine();
    await engine.load(sweepPatch());
    await engine.render();
    const before = new Map(engine.processCalls);
    engine.setParam("rot", "gamma", 0.5);
    await engine.render();
    const ran = (id: string) => (engine.processCalls.get(id) ?? 0) - (before.get(id) ?? 0);
    expect(ran("src")).toBe(0);
    expect(ran("enc")).toBe(0);
    expect(ran("sweep")).toBe(0);
    expect(ran("rot")).toBeGreaterThan(0);
    expect(ran("dec")).toBeGreaterThan(0);
    expect(ran("out")).toBeGreaterThan(0);
  });

  it("refuses an invalid parameter change and keeps the patch as it was", async () => {
    const engine = testEngine();
    await engine.load(sweepPatch());
    expect(() => engine.setParam("rot", "angle", 999)).toThrow(/angle/);
    expect(engine.currentPatch().nodes.find((n) => n.id === "rot")!.params.angle).toBe(30);
  });

  it("compensates the decoder's latency: output lines up with the input", async () => {
    const engine = testEngine();
    const patch = makePatch(
      [
        ["src", "AudioIn", { source: "noise", seconds: 1, amplitude: 0.3 }],
        ["enc", "Encode"],
        ["dec", "Decode"],
        ["out", "AudioOut"],
      ],
      [
        ["src.audio", "enc.audio"],
        ["enc.latent", "dec.latent"],
        ["dec.audio", "out.audio"],
      ],
      MODEL,
    );
    await engine.load(patch);
    const result = await engine.render();
    const out = result.outputs.get("out")!.channels[0]!;
    const input = (engine.value("src", "audio") as { channels: Float32Array[] }).channels[0]!;
    expect(out.length).toBe(16000);
    expect(result.latencySamples).toBeGreaterThan(0);
    // The envelope of the decoded noise starts where the input starts, not one latency later.
    const energy = (x: Float32Array, from: number, to: number) => rms(x.subarray(from, to));
    expect(energy(out, 0, 2000)).toBeGreaterThan(0.3 * energy(input, 0, 2000));
  });

  it("never sends anything above full scale, whatever the latent manipulation", async () => {
    const engine = testEngine();
    const patch = makePatch(
      [
        ["src", "AudioIn", { source: "sine", seconds: 0.5 }],
        ["enc", "Encode"],
        ["scale", "LatentScale", { factor: 4 }],
        ["pd", "PrincipalDirections", { k1: 3 }],
        ["dec", "Decode"],
        ["out", "AudioOut"],
      ],
      [
        ["src.audio", "enc.audio"],
        ["enc.latent", "scale.in"],
        ["scale.out", "pd.in"],
        ["pd.out", "dec.latent"],
        ["dec.audio", "out.audio"],
      ],
      MODEL,
    );
    await engine.load(patch);
    const result = await engine.render();
    const out = result.outputs.get("out")!.channels[0]!;
    // Whatever the latent manipulation, nothing leaves AudioOut above full scale.
    expect(Math.max(...out.map(Math.abs))).toBeLessThanOrEqual(1);
  });

  it("names the node, port, frame and dim when a latent holds NaN", async () => {
    const engine = testEngine();
    await engine.load(sweepPatch());
    const scalePatch = makePatch(
      [
        ["src", "AudioIn", { source: "sine" }],
        ["enc", "Encode"],
        ["scale", "LatentScale"],
      ],
      [
        ["src.audio", "enc.audio"],
        ["enc.latent", "scale.in"],
      ],
      MODEL,
    );
    const node = compileGraph(scalePatch, nodeRegistry, "spectral-fixture").byId.get("scale")!;
    const data = new Float32Array(3 * 8);
    data[8 + 5] = NaN;
    const bad = latent(data, 3, 8, 250, "spectral-fixture");
    const inst = await node.def.create(node.params, {
      clock: engine.clock,
      models: undefined as never,
      assets: undefined as never,
      nodeId: "scale",
    });
    await expect(
      runNode(node, inst, { in: bad }, { clock: engine.clock, totalFrames: 3, blockFrames: 1 }),
    ).rejects.toThrow(/node "scale" \(LatentScale\): input "in": frame 1 dim 5 is NaN/);
  });
});

describe("Interpolate between series of different lengths", () => {
  it("renders as long as the longer source; the shorter one goes on as encoded silence", async () => {
    const engine = testEngine();
    const patch = makePatch(
      [
        ["short", "AudioIn", { source: "noise", seconds: 0.25, amplitude: 0.5 }],
        ["long", "AudioIn", { source: "sine", seconds: 1, frequency: 300 }],
        ["silence", "AudioIn", { source: "sine", seconds: 1, amplitude: 0 }],
        ["encShort", "Encode"],
        ["encLong", "Encode"],
        ["encSilence", "Encode"],
        ["morph", "Interpolate", { alpha: 0.25 }],
        ["dec", "Decode"],
        ["out", "AudioOut"],
      ],
      [
        ["short.audio", "encShort.audio"],
        ["long.audio", "encLong.audio"],
        ["silence.audio", "encSilence.audio"],
        ["encShort.latent", "morph.a"],
        ["encLong.latent", "morph.b"],
        ["morph.out", "dec.latent"],
        ["dec.audio", "out.audio"],
      ],
      MODEL,
    );
    await engine.load(patch);
    const result = await engine.render();
    expect(result.outputs.get("out")!.channels[0]!.length).toBe(16000);
    const morph = engine.value("morph", "out") as LatentValue;
    const long = engine.value("encLong", "latent") as LatentValue;
    const silence = engine.value("encSilence", "latent") as LatentValue;
    // Well past the short source's end (0.25 s = 31 frames): 0.75 · silence + 0.25 · long.
    const f = morph.frames - 10;
    for (let d = 0; d < morph.dims; d++) {
      const i = f * morph.dims + d;
      expect(morph.data[i]).toBeCloseTo(0.75 * silence.data[i]! + 0.25 * long.data[i]!, 4);
    }
  });
});

describe("Engine.setParams", () => {
  it("changes several parameters at once, so a pair can swap without an invalid step", async () => {
    const engine = testEngine();
    await engine.load(sweepPatch());
    expect(() => engine.setParam("rot", "planeA", 1)).toThrow(/planeA and planeB are both 1/);
    engine.setParams("rot", { planeA: 1, planeB: 0 });
    const rot = engine.currentPatch().nodes.find((n) => n.id === "rot")!;
    expect(rot.params).toMatchObject({ planeA: 1, planeB: 0 });
  });
});

describe("Engine.load", () => {
  it("keeps the previous patch playable when the next one fails to load", async () => {
    const engine = testEngine();
    await engine.load(sweepPatch());
    const before = (await engine.render()).outputs.get("out")!.channels[0]!;
    const broken = makePatch(
      [
        ["src", "AudioIn", { source: "asset", asset: "gone" }],
        ["out", "AudioOut"],
      ],
      [["src.audio", "out.audio"]],
      { ...MODEL, assets: { gone: { kind: "builtin", name: "no-such-sound" } } },
    );
    await expect(engine.load(broken)).rejects.toThrow(/no-such-sound/);
    engine.setParam("rot", "gamma", 1);
    const after = (await engine.render()).outputs.get("out")!.channels[0]!;
    expect(maxAbsDiff(after, before)).toBeLessThanOrEqual(1e-6);
  });
});
