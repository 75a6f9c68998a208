import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stftMagnitudes } from "../../src/dsp/stft";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { loadModelPack } from "../../src/engine/models/loadPack";
import { blocks, concat, maxAbsDiff, repoLoader } from "./helpers";

const dir = `models/${DEFAULT_MODEL_ID}`;

// The default pack is produced by its own recipe; until it is in the checkout there is nothing to test.
describe.skipIf(!existsSync(`${dir}/model.json`))("the default pack (models/pca-spectral)", () => {
  it("loads, and round-trips a sine through encode → decode with the right lengths", async () => {
    const model = await loadModelPack(repoLoader, dir);
    try {
      expect(model.id).toBe(DEFAULT_MODEL_ID);
      const fe = model.manifest.frontEnd;
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
      for (const m of mags) m.forEach((v, k) => (mean[k] = (mean[k] ?? 0) + v));
      const peak = mean.indexOf(Math.max(...mean));
      const binHz = model.sampleRate / fftSize;
      expect(Math.abs(peak * binHz - 440)).toBeLessThanOrEqual(3 * binHz);

      // Streaming in blocks of 7 frames gives the frames of one call.
      const encoder = model.createEncoder();
      const parts = [];
      for (const [a, b] of blocks(frames, 7)) {
        parts.push(await encoder.encode(sine.subarray(a * model.hopSamples, b * model.hopSamples)));
      }
      expect(maxAbsDiff(concat(parts), latents)).toBeLessThanOrEqual(1e-4);
    } finally {
      await model.dispose();
    }
  });
});
