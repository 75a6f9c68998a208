import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModelPack } from "../../src/engine/models/loadPack";
import type { LoadedModel } from "../../src/engine/models/types";
import {
  blocks,
  concat,
  fixtureDir,
  harmonicTone,
  maxAbsDiff,
  random,
  repoLoader,
} from "./helpers";

let model: LoadedModel;
beforeAll(async () => {
  model = await loadModelPack(repoLoader, fixtureDir("wave-fixture"));
});
afterAll(() => model.dispose());

function randomLatents(frames: number, dims: number, seed: number): Float32Array {
  const next = random(seed);
  return Float32Array.from({ length: frames * dims }, () => next() * 2 - 1);
}

describe("wave-fixture (RAVE-shaped waveform pack)", () => {
  it("describes itself from its manifest", () => {
    expect(model.id).toBe("wave-fixture");
    expect(model.sampleRate).toBe(16000);
    expect(model.latentDims).toBe(8);
    expect(model.hopSamples).toBe(64);
    expect(model.frameRate).toBe(250);
    expect(model.stats.mean).toHaveLength(8);
    expect(model.stats.std).toHaveLength(8);
    expect(model.stats.components).toHaveLength(8);
    for (const c of model.stats.components) expect(Math.hypot(...c)).toBeCloseTo(1, 6);
    expect(model.stats.componentStd).toHaveLength(8);
    expect(model.codebook?.size).toBe(16);
    expect(model.codebook?.dims).toBe(8);
    expect(model.codebook?.entries).toHaveLength(16 * 8);
    expect(model.codebook?.descriptors.f0).toHaveLength(16);
  });

  it("decode then encode gives the latents back (the decoder is the encoder's pseudo-inverse)", async () => {
    const frames = 40;
    const z = randomLatents(frames, 8, 1);
    const audio = await model.createDecoder().decode(z, frames);
    expect(audio).toHaveLength(frames * 64);
    const again = await model.createEncoder().encode(audio);
    expect(again).toHaveLength(frames * 8);
    expect(maxAbsDiff(again, z)).toBeLessThan(1e-5);
  });

  it("encode then decode reconstructs a signal in the model's span, and projects any other", async () => {
    const frames = 40;
    const inSpan = await model.createDecoder().decode(randomLatents(frames, 8, 2), frames);
    const rebuilt = await model
      .createDecoder()
      .decode(await model.createEncoder().encode(inSpan), frames);
    expect(maxAbsDiff(rebuilt, inSpan)).toBeLessThan(1e-5);

    // A tone is not in the 8-dim span: the round trip projects it, and projecting twice changes nothing.
    const tone = harmonicTone(220, 16000, frames * 64);
    const once = await model
      .createDecoder()
      .decode(await model.createEncoder().encode(tone), frames);
    const twice = await model
      .createDecoder()
      .decode(await model.createEncoder().encode(once), frames);
    expect(maxAbsDiff(once, tone)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(twice, once)).toBeLessThan(1e-5);
  });

  it.each([1, 7, 1000])(
    "encodes and decodes in blocks of %i frames exactly as in one call",
    async (size) => {
      const frames = 50;
      const signal = harmonicTone(330, 16000, frames * 64);
      const whole = await model.createEncoder().encode(signal);
      const encoder = model.createEncoder();
      const parts = await Promise.all(
        blocks(frames, size).map(([a, b]) => encoder.encode(signal.subarray(a * 64, b * 64))),
      );
      expect(maxAbsDiff(concat(parts), whole)).toBeLessThanOrEqual(1e-6);

      const decodedWhole = await model.createDecoder().decode(whole, frames);
      const decoder = model.createDecoder();
      const decodedParts = [];
      for (const [a, b] of blocks(frames, size)) {
        decodedParts.push(await decoder.decode(whole.subarray(a * 8, b * 8), b - a));
      }
      expect(maxAbsDiff(concat(decodedParts), decodedWhole)).toBeLessThanOrEqual(1e-6);
    },
  );

  it("has no latency, and zero frames make no output", async () => {
    const decoder = model.createDecoder();
    expect(decoder.latencySamples).toBe(0);
    expect(await decoder.decode(new Float32Array(0), 0)).toHaveLength(0);
    expect(await model.createEncoder().encode(new Float32Array(0))).toHaveLength(0);
  });

  it("rejects blocks of the wrong size with a message", async () => {
    await expect(model.createEncoder().encode(new Float32Array(100))).rejects.toThrow(
      "wave-fixture encoder: expected a multiple of 64 samples, got 100",
    );
    await expect(model.createDecoder().decode(new Float32Array(9), 1)).rejects.toThrow(
      "wave-fixture decoder: expected 1 frames × 8 dims = 8 numbers, got 9",
    );
  });

  it("never outputs NaN or Infinity, even for non-finite latents", async () => {
    const z = randomLatents(4, 8, 3);
    z[3] = NaN;
    z[12] = Infinity;
    const audio = await model.createDecoder().decode(z, 4);
    expect(audio.every(Number.isFinite)).toBe(true);
  });

  it("after dispose, codecs reject instead of crashing", async () => {
    const own = await loadModelPack(repoLoader, fixtureDir("wave-fixture"));
    const encoder = own.createEncoder();
    await own.dispose();
    await own.dispose();
    await expect(encoder.encode(new Float32Array(64))).rejects.toThrow(/released/);
  });
});
