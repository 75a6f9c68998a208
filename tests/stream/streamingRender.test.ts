import { describe, expect, it } from "vitest";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender } from "../../src/engine/stream/streamingRender";
import { makePatch, maxAbsDiff, rms, testEngine } from "../helpers/engine";
import { playToEnd, sweepPatch, testEngineOptions } from "./helpers";

async function offline(patch: ReturnType<typeof sweepPatch>) {
  const engine = testEngine();
  await engine.load(patch);
  const result = await engine.render();
  return { out: result.outputs.get("out")!.channels[0]!, latency: result.latencySamples };
}

describe("StreamingRender equals the offline render", () => {
  for (const blockFrames of [1, 16]) {
    it(`Curve-modulated FiLMRRotate, blocks of ${blockFrames} frames`, async () => {
      const patch = sweepPatch();
      const reference = await offline(patch);
      const setup = await loadStreamSetup(patch, testEngineOptions());
      const stream = await StreamingRender.create(setup);
      expect(stream.latencySamples).toBe(reference.latency);
      expect(stream.latencySamples).toBeGreaterThan(0);
      const raw = await playToEnd(stream, blockFrames);
      const lat = stream.latencySamples;
      const streamed = raw.subarray(lat, lat + stream.durationSamples);
      expect(rms(streamed)).toBeGreaterThan(0.01);
      expect(maxAbsDiff(streamed, reference.out)).toBeLessThanOrEqual(1e-5);
      stream.dispose();
      await setup.dispose();
    });
  }

  it("precomputes whole-mode nodes: TimeAverage style added to a streamed latent", async () => {
    const patch = makePatch(
      [
        ["a", "AudioIn", { source: "sine", frequency: 330, seconds: 0.5 }],
        ["b", "AudioIn", { source: "noise", seconds: 0.5, amplitude: 0.2 }],
        ["encA", "Encode"],
        ["encB", "Encode"],
        ["style", "TimeAverage"],
        ["add", "LatentAdd"],
        ["dec", "Decode"],
        ["out", "AudioOut"],
      ],
      [
        ["a.audio", "encA.audio"],
        ["b.audio", "encB.audio"],
        ["encB.latent", "style.in"],
        ["encA.latent", "add.a"],
        ["style.out", "add.b"],
        ["add.out", "dec.latent"],
        ["dec.audio", "out.audio"],
      ],
      { model: "spectral-fixture" },
    );
    const reference = await offline(patch);
    const setup = await loadStreamSetup(patch, testEngineOptions());
    const stream = await StreamingRender.create(setup);
    const raw = await playToEnd(stream, 7);
    const lat = stream.latencySamples;
    expect(
      maxAbsDiff(raw.subarray(lat, lat + stream.durationSamples), reference.out),
    ).toBeLessThanOrEqual(1e-5);
    await setup.dispose();
  });

  it("refuses a whole-mode node fed by a live source, naming both", async () => {
    const patch = makePatch(
      [
        ["mic", "AudioIn", { source: "noise", seconds: 0.2 }],
        ["enc", "Encode"],
        ["style", "TimeAverage"],
        ["add", "LatentAdd"],
        ["dec", "Decode"],
        ["out", "AudioOut"],
      ],
      [
        ["mic.audio", "enc.audio"],
        ["enc.latent", "style.in"],
        ["enc.latent", "add.a"],
        ["style.out", "add.b"],
        ["add.out", "dec.latent"],
        ["dec.audio", "out.audio"],
      ],
      { model: "spectral-fixture" },
    );
    const setup = await loadStreamSetup(patch, testEngineOptions());
    await expect(StreamingRender.create(setup, { isLive: (n) => n.id === "mic" })).rejects.toThrow(
      /"style" \(TimeAverage\).*live source "mic"/,
    );
    await setup.dispose();
  });

  it("refuses a patch without an output node", async () => {
    const patch = makePatch([["src", "AudioIn"]], [], { model: "spectral-fixture" });
    const setup = await loadStreamSetup(patch, testEngineOptions());
    await expect(StreamingRender.create(setup)).rejects.toThrow(/no output node/);
    await setup.dispose();
  });
});

describe("StreamingRender.seek", () => {
  it("starts the material at a frame before the first block, and only then", async () => {
    const patch = sweepPatch(2);
    const setup = await loadStreamSetup(patch, testEngineOptions());
    const stream = await StreamingRender.create(setup);
    expect(() => stream.seek(-1)).toThrow("seek: frame must be a non-negative integer, got -1");
    expect(() => stream.seek(2.5)).toThrow("non-negative integer");
    stream.seek(stream.totalFrames + 100);
    expect(stream.ended).toBe(true);
    const fresh = await StreamingRender.create(setup);
    fresh.seek(125);
    expect(fresh.framePosition).toBe(125);
    const block = await fresh.next(8);
    expect(rms(block.channels[0]!)).toBeGreaterThan(0.01); // the sine, 1 s in: sound at once
    expect(fresh.framePosition).toBe(133);
    expect(() => fresh.seek(0)).toThrow("seek: a stream can only seek before its first block");
    stream.dispose();
    fresh.dispose();
    await setup.dispose();
  });
});
