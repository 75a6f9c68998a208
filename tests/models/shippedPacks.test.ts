import { readdirSync, existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stftMagnitudes } from "../../src/dsp/stft";
import { BUILTIN_MODEL_IDS, DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { loadModelPack } from "../../src/engine/models/loadPack";
import { blocks, concat, maxAbsDiff, repoLoader } from "./helpers";

/** Every pack under models/ (a folder with a model.json). */
const shipped = readdirSync("models", { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(`models/${e.name}/model.json`))
  .map((e) => e.name)
  .sort();

describe("the shipped packs", () => {
  it("are the builtin list, default first", () => {
    expect([...BUILTIN_MODEL_IDS].sort()).toEqual(shipped);
    expect(BUILTIN_MODEL_IDS[0]).toBe(DEFAULT_MODEL_ID);
  });

  for (const id of shipped) {
    it(`${id}: loads with the shapes its manifest promises, round-trips a sine, streams in blocks`, async () => {
      const dir = `models/${id}`;
      // loadModelPack validates the manifest and checks the ONNX inputs/outputs against it.
      const model = await loadModelPack(repoLoader, dir);
      try {
        expect(model.id).toBe(id);
        const m = model.manifest;
        expect(model.latentDims).toBe(m.latentDims);
        expect(model.sampleRate).toBe(m.sampleRate);
        const fe = m.frontEnd;
        if (fe.kind === "spectral") expect(model.hopSamples).toBe(fe.stftHop * fe.framesPerLatent);
        expect(m.stats.mean).toHaveLength(m.latentDims);
        const frames = Math.ceil(model.sampleRate / model.hopSamples); // about one second
        const sine = Float32Array.from(
          { length: frames * model.hopSamples },
          (_, n) => 0.3 * Math.sin((2 * Math.PI * 440 * n) / model.sampleRate),
        );
        const latents = await model.createEncoder().encode(sine);
        expect(latents).toHaveLength(frames * model.latentDims);
        expect(latents.every(Number.isFinite)).toBe(true);

        const decoder = model.createDecoder();
        if (fe.kind === "spectral") expect(decoder.latencySamples).toBe(fe.fftSize - fe.stftHop);
        const out = await decoder.decode(latents, frames);
        expect(out).toHaveLength(frames * model.hopSamples);
        expect(out.every(Number.isFinite)).toBe(true);

        // The loudest bin of the decoded sound (after its onset) is near 440 Hz.
        const fftSize = 2048;
        const mags = stftMagnitudes(out.subarray(out.length / 2), { fftSize, hop: fftSize / 4 });
        const mean = new Float32Array(fftSize / 2 + 1);
        for (const mg of mags) mg.forEach((v, k) => (mean[k] = (mean[k] ?? 0) + v));
        const peak = mean.indexOf(Math.max(...mean));
        const binHz = model.sampleRate / fftSize;
        expect(Math.abs(peak * binHz - 440)).toBeLessThanOrEqual(3 * binHz);

        // Streaming in blocks of 7 frames gives the frames of one call, encoder and decoder.
        const encoder = model.createEncoder();
        const parts = [];
        for (const [a, b] of blocks(frames, 7)) {
          parts.push(
            await encoder.encode(sine.subarray(a * model.hopSamples, b * model.hopSamples)),
          );
        }
        expect(maxAbsDiff(concat(parts), latents)).toBeLessThanOrEqual(1e-4);
        const dec = model.createDecoder();
        const outParts = [];
        const D = model.latentDims;
        for (const [a, b] of blocks(frames, 7)) {
          outParts.push(await dec.decode(latents.subarray(a * D, b * D), b - a));
        }
        // (float rounding: onnxruntime sums in another order for another block width)
        expect(maxAbsDiff(concat(outParts), out)).toBeLessThanOrEqual(1e-4);
      } finally {
        await model.dispose();
      }
    });
  }
});
