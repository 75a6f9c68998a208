import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModelPack, ModelPackError } from "../../src/engine/models/loadPack";
import type { LoadedModel } from "../../src/engine/models/types";
import { blocks, concat, fixtureDir, harmonicTone, maxAbsDiff, repoLoader } from "./helpers";

// encoder-context-fixture = spectral-fixture whose encoder sees one latent frame before the
// block and returns z'_t = z_t + 0.5 z_{t-1} (z: the plain encoder's latents); before the
// stream, the history is silence. wave-encoder-context-fixture: the same on wave-fixture.
const D = 8;
const WEIGHT = 0.5;

/** z'_t = z_t + 0.5 z_{t-1}, with `before` as z_{-1}. */
function lookedBack(z: Float32Array, before: Float32Array): Float32Array {
  const out = new Float32Array(z.length);
  for (let t = 0; t < z.length / D; t++)
    for (let d = 0; d < D; d++) {
      const prev = t === 0 ? before[d]! : z[(t - 1) * D + d]!;
      out[t * D + d] = z[t * D + d]! + WEIGHT * prev;
    }
  return out;
}

const packs: Record<string, LoadedModel> = {};
beforeAll(async () => {
  for (const id of [
    "encoder-context-fixture",
    "spectral-fixture",
    "wave-encoder-context-fixture",
    "wave-fixture",
  ])
    packs[id] = await loadModelPack(repoLoader, fixtureDir(id));
});
afterAll(async () => {
  for (const p of Object.values(packs)) await p.dispose();
});

describe.each([
  ["encoder-context-fixture", "spectral-fixture"],
  ["wave-encoder-context-fixture", "wave-fixture"],
])("encoder.context (%s): an encoder that looks back", (withContext, plainId) => {
  it("feeds the previous frame's input — silence before the stream — and encodes only the new frames", async () => {
    const ctx = packs[withContext]!;
    const plain = packs[plainId]!;
    const frames = 30;
    const signal = harmonicTone(330, 16000, frames * ctx.hopSamples);
    const got = await ctx.createEncoder().encode(signal);
    expect(got).toHaveLength(frames * D);
    const z = await plain.createEncoder().encode(signal);
    // z_{-1}: the plain encoding of silence (what the history holds before the stream).
    const silence = await plain.createEncoder().encode(new Float32Array(ctx.hopSamples));
    expect(maxAbsDiff(got, lookedBack(z, silence))).toBeLessThan(1e-4);
    // and the look-back matters
    expect(maxAbsDiff(got, z)).toBeGreaterThan(1e-2);
  });

  it("gives the same latents for any block split (1, 3 and 7 frames against one call)", async () => {
    const ctx = packs[withContext]!;
    const frames = 36;
    const signal = harmonicTone(220, 16000, frames * ctx.hopSamples);
    const whole = await ctx.createEncoder().encode(signal);
    for (const size of [1, 3, 7]) {
      const enc = ctx.createEncoder();
      const parts = [];
      for (const [a, b] of blocks(frames, size))
        parts.push(await enc.encode(signal.subarray(a * ctx.hopSamples, b * ctx.hopSamples)));
      expect(maxAbsDiff(concat(parts), whole), `blocks of ${size}`).toBeLessThan(1e-5);
    }
  });
});

describe("encoder.context in a pack that lies about it", () => {
  it("refuses an encoder given more context than it drops, saying what the context means", async () => {
    const err = await loadModelPack(repoLoader, fixtureDir("lying-encoder-context")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ModelPackError);
    expect((err as Error).message).toBe(
      'tests/fixtures/models/lying-encoder-context: encoder.onnx output "z" has shape [1,8,3], ' +
        "manifest promises [1,8,2] (latentDims, 2 latent frames); with encoder.context.frames 2, " +
        "it must return only the frames after the context",
    );
  });
});
