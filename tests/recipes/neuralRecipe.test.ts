/**
 * Smoke test of the neural-spectral recipe (models/recipes/neural_spectral/): tiny data, a few
 * training steps, export, then the engine loads the pack and round-trips a tone. Needs Debian's
 * python3 with numpy, torch (python3-torch) and onnx (python3-onnx), fluidsynth and
 * fluid-soundfont-gm; skipped only where `/usr/bin/python3 -c "import torch"` fails.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModelPack } from "../../src/engine/models/loadPack";
import { fsLoader } from "../../src/engine/node/fsLoader";

const PY = "/usr/bin/python3";
const hasTorch = spawnSync(PY, ["-c", "import torch"], { stdio: "ignore" }).status === 0;

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

describe.skipIf(!hasTorch)("neural-spectral recipe (smoke)", () => {
  it("builds a pack whose ONNX loads with the promised shapes and round-trips a tone", async () => {
    const root = mkdtempSync(join(tmpdir(), "neural-smoke-"));
    try {
      execFileSync(
        PY,
        [
          "models/recipes/neural_spectral/make_pack.py",
          "--smoke",
          "--out",
          join(root, "neural-spectral"),
        ],
        { stdio: "pipe", timeout: 230_000 },
      );
      // loadModelPack validates the manifest and checks the ONNX inputs/outputs against it.
      const model = await loadModelPack(fsLoader(root), "neural-spectral");
      try {
        expect(model.id).toBe("neural-spectral");
        expect(model.latentDims).toBe(32);
        expect(model.hopSamples).toBe(1024);
        const fe = model.manifest.frontEnd;
        expect(fe.kind).toBe("spectral");
        expect(model.manifest.stats.mean).toHaveLength(32);
        expect(model.codebook).toBeDefined();

        const frames = 40;
        const tone = Float32Array.from(
          { length: frames * model.hopSamples },
          (_, n) => 0.3 * Math.sin((2 * Math.PI * 330 * n) / model.sampleRate),
        );
        const latents = await model.createEncoder().encode(tone);
        expect(latents).toHaveLength(frames * model.latentDims);
        expect(latents.every(Number.isFinite)).toBe(true);

        const out = await model.createDecoder().decode(latents, frames);
        expect(out).toHaveLength(frames * model.hopSamples);
        expect(out.every(Number.isFinite)).toBe(true);
        expect(out.some((v) => v !== 0)).toBe(true);

        // Frame-local: encoding in blocks of 7 latent frames gives the frames of one call.
        const enc = model.createEncoder();
        const parts: Float32Array[] = [];
        for (let a = 0; a < frames; a += 7) {
          const b = Math.min(frames, a + 7);
          parts.push(await enc.encode(tone.subarray(a * model.hopSamples, b * model.hopSamples)));
        }
        const joined = new Float32Array(latents.length);
        let at = 0;
        for (const p of parts) {
          joined.set(p, at);
          at += p.length;
        }
        expect(maxAbsDiff(joined, latents)).toBeLessThanOrEqual(1e-4);

        // The decoder looks back 14 latent frames (decoder.context); decoding in blocks of 5,
        // with the engine carrying the history, gives the sound of one call.
        expect(model.manifest.decoder.context?.frames).toBe(14);
        const dec = model.createDecoder();
        const sound: Float32Array[] = [];
        for (let a = 0; a < frames; a += 5) {
          const b = Math.min(frames, a + 5);
          sound.push(await dec.decode(latents.subarray(a * 32, b * 32), b - a));
        }
        const streamed = new Float32Array(out.length);
        at = 0;
        for (const p of sound) {
          streamed.set(p, at);
          at += p.length;
        }
        expect(maxAbsDiff(streamed, out)).toBeLessThanOrEqual(1e-4);
      } finally {
        await model.dispose();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 240_000);
});
