import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stftMagnitudes } from "../../src/dsp/stft";
import { loadModelPack } from "../../src/engine/models/loadPack";
import { createOnnxSession } from "../../src/engine/models/onnx";
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

// fftSize 256, stftHop 64, framesPerLatent 2, 8 dims, 16 kHz: 129 bins, 128 samples per frame.
const HOP = 128;
const D = 8;
let model: LoadedModel;
beforeAll(async () => {
  model = await loadModelPack(repoLoader, fixtureDir("spectral-fixture"));
});
afterAll(() => model.dispose());

/** Spectral convergence ‖|Y| − |X|‖ / ‖|X|‖ over frames, Y delayed by `delayFrames`. */
function spectralConvergence(x: Float32Array, y: Float32Array, delayFrames: number): number {
  const cfg = { fftSize: 256, hop: 64 };
  const mx = stftMagnitudes(x, cfg);
  const my = stftMagnitudes(y, cfg);
  let num = 0;
  let den = 0;
  for (let f = 0; f + delayFrames < my.length; f++) {
    const a = mx[f]!;
    const b = my[f + delayFrames]!;
    for (let k = 0; k < a.length; k++) {
      num += ((b[k] ?? 0) - (a[k] ?? 0)) ** 2;
      den += (a[k] ?? 0) ** 2;
    }
  }
  return Math.sqrt(num / den);
}

describe("spectral-fixture (spectral front end)", () => {
  it("describes itself from its manifest", () => {
    expect(model.hopSamples).toBe(HOP);
    expect(model.frameRate).toBe(125);
    expect(model.latentDims).toBe(D);
    expect(model.codebook?.size).toBe(16);
  });

  it("feeds the encoder ln(|X| + logFloor) of the causal STFT, laid out [1, bins, S]", async () => {
    const frames = 6;
    const signal = harmonicTone(220, 16000, frames * HOP);
    const latents = await model.createEncoder().encode(signal);

    const mags = stftMagnitudes(signal, { fftSize: 256, hop: 64 });
    const steps = mags.length;
    const logmag = new Float32Array(129 * steps);
    mags.forEach((m, s) => m.forEach((v, b) => (logmag[b * steps + s] = Math.log(v + 1e-5))));
    const bytes = new Uint8Array(readFileSync(`${fixtureDir("spectral-fixture")}/encoder.onnx`));
    const session = await createOnnxSession(bytes);
    const direct = await session.run("logmag", "z", logmag, [1, 129, steps]);
    await session.release();
    expect(direct.dims).toEqual([1, D, frames]);
    const frameMajor = new Float32Array(frames * D);
    for (let d = 0; d < D; d++)
      for (let t = 0; t < frames; t++) frameMajor[t * D + d] = direct.data[d * frames + t]!;
    expect(maxAbsDiff(latents, frameMajor)).toBeLessThan(1e-5);
  });

  it("round-trips a tone like its training sounds through RTPGHI, with the reported latency", async () => {
    const frames = 100;
    // Silence, then an onset: a wrong latency would smear the onset over the silence.
    const tone = new Float32Array(frames * HOP);
    tone.set(harmonicTone(220, 16000, 60 * HOP), 40 * HOP);
    const decoder = model.createDecoder();
    expect(decoder.latencySamples).toBe(256 - 64);
    const out = await decoder.decode(await model.createEncoder().encode(tone), frames);
    expect(out).toHaveLength(frames * HOP);
    expect(out.every(Number.isFinite)).toBe(true);
    const aligned = spectralConvergence(tone, out, decoder.latencySamples / 64);
    const misaligned = spectralConvergence(tone, out, 0);
    expect(aligned).toBeLessThan(0.5);
    expect(aligned).toBeLessThan(misaligned);
  });

  it.each([1, 7, 1000])("encodes in blocks of %i frames as in one call", async (size) => {
    const frames = 40;
    const next = random(7);
    const signal = Float32Array.from(
      harmonicTone(330, 16000, frames * HOP),
      (v) => v + 0.01 * (next() - 0.5),
    );
    const whole = await model.createEncoder().encode(signal);
    expect(whole).toHaveLength(frames * D);
    const encoder = model.createEncoder();
    const parts = await Promise.all(
      blocks(frames, size).map(([a, b]) => encoder.encode(signal.subarray(a * HOP, b * HOP))),
    );
    expect(maxAbsDiff(concat(parts), whole)).toBeLessThanOrEqual(1e-6);
  });

  it.each([1, 7, 1000])("decodes in blocks of %i frames as in one call", async (size) => {
    const frames = 40;
    const z = await model.createEncoder().encode(harmonicTone(440, 16000, frames * HOP));
    const whole = await model.createDecoder().decode(z, frames);
    expect(whole).toHaveLength(frames * HOP);
    const decoder = model.createDecoder();
    const parts = await Promise.all(
      blocks(frames, size).map(([a, b]) => decoder.decode(z.subarray(a * D, b * D), b - a)),
    );
    const out = concat(parts);
    expect(out).toHaveLength(frames * HOP);
    expect(maxAbsDiff(out, whole)).toBeLessThanOrEqual(1e-6);
  });

  it("encodes one-frame blocks exactly like one call over the whole", async () => {
    const signal = harmonicTone(440, 16000, 12 * HOP);
    const whole = await model.createEncoder().encode(signal);
    const enc = model.createEncoder();
    const parts = [];
    for (const [a, b] of blocks(12, 1))
      parts.push(await enc.encode(signal.subarray(a * HOP, b * HOP)));
    expect(parts.every((p) => p.length === D)).toBe(true);
    expect(maxAbsDiff(concat(parts), whole)).toBeLessThan(1e-5);
  });

  it("zero frames make no output and run nothing", async () => {
    expect(await model.createEncoder().encode(new Float32Array(0))).toHaveLength(0);
    expect(await model.createDecoder().decode(new Float32Array(0), 0)).toHaveLength(0);
  });

  it("rejects a block that is not whole latent frames", async () => {
    await expect(model.createEncoder().encode(new Float32Array(64))).rejects.toThrow(
      "spectral-fixture encoder: expected a multiple of 128 samples, got 64",
    );
  });

  it("never outputs NaN or Infinity, even for non-finite or huge latents", async () => {
    const z = new Float32Array(4 * D);
    z[0] = NaN;
    z[D + 1] = Infinity;
    z[2 * D + 2] = -Infinity;
    z[3 * D + 3] = 1e30;
    const decoder = model.createDecoder();
    const out = await decoder.decode(z, 4);
    expect(out.every(Number.isFinite)).toBe(true);
    // The phase state is not poisoned: later frames still decode to finite sound.
    const later = await decoder.decode(new Float32Array(4 * D), 4);
    expect(later.every(Number.isFinite)).toBe(true);
  });
});
