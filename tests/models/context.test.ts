import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModelPack, ModelPackError } from "../../src/engine/models/loadPack";
import { parseManifest } from "../../src/engine/models/parseManifest";
import type { LoadedModel } from "../../src/engine/models/types";
import { LatentHistory } from "../../src/engine/models/layout";
import {
  blocks,
  concat,
  fixtureDir,
  harmonicTone,
  maxAbsDiff,
  random,
  repoLoader,
} from "./helpers";
import { readFileSync } from "node:fs";

// context-fixture = spectral-fixture whose decoder first filters the latents causally,
// z'_t = z_t + 0.3 z_{t-1} − 0.1 z_{t-2}, with the manifest's `initial` before the stream.
const D = 8;
const TAPS = [-0.1, 0.3, 1.0];
let withContext: LoadedModel;
let plain: LoadedModel;
beforeAll(async () => {
  withContext = await loadModelPack(repoLoader, fixtureDir("context-fixture"));
  plain = await loadModelPack(repoLoader, fixtureDir("spectral-fixture"));
});
afterAll(async () => {
  await withContext.dispose();
  await plain.dispose();
});

function randomLatents(frames: number, seed: number): Float32Array {
  const r = random(seed);
  return new Float32Array(frames * D).map(() => (r() - 0.5) * 4);
}

/** The filter the fixture's decoder applies, with `initial` as the history. */
function filtered(z: Float32Array, initial: readonly number[]): Float32Array {
  const frames = z.length / D;
  const at = (t: number, d: number) => (t < 0 ? initial[d]! : z[t * D + d]!);
  const out = new Float32Array(z.length);
  for (let t = 0; t < frames; t++)
    for (let d = 0; d < D; d++)
      out[t * D + d] = TAPS[0]! * at(t - 2, d) + TAPS[1]! * at(t - 1, d) + TAPS[2]! * at(t, d);
  return out;
}

describe("decoder.context: a decoder that looks back over previous latent frames", () => {
  it("feeds the history first — the manifest's initial latent before the stream — and decodes only the new frames", async () => {
    const initial = withContext.manifest.decoder.context!.initial;
    const z = randomLatents(40, 1);
    const got = await withContext.createDecoder().decode(z, 40);
    const want = await plain.createDecoder().decode(filtered(z, initial), 40);
    expect(got).toHaveLength(40 * withContext.hopSamples);
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
    // and it matters: zeros as the history would give another start
    const zerosBefore = await plain.createDecoder().decode(filtered(z, new Array(D).fill(0)), 40);
    expect(maxAbsDiff(got, zerosBefore)).toBeGreaterThan(1e-3);
  });

  it("gives the same sound for any block split (1, 3 and 7 frames against one call)", async () => {
    const signal = harmonicTone(330, 16000, 48 * 128);
    const z = await withContext.createEncoder().encode(signal);
    const whole = await withContext.createDecoder().decode(z, 48);
    for (const size of [1, 3, 7]) {
      const dec = withContext.createDecoder();
      const parts = [];
      for (const [a, b] of blocks(48, size))
        parts.push(await dec.decode(z.subarray(a * D, b * D), b - a));
      expect(maxAbsDiff(concat(parts), whole), `blocks of ${size}`).toBeLessThan(1e-5);
    }
  });

  it("LatentHistory prepends what came before and remembers the last frames", () => {
    const h = new LatentHistory(2, 1, [9]);
    expect([...h.extend(new Float32Array([1]))]).toEqual([9, 9, 1]);
    expect([...h.extend(new Float32Array([2, 3, 4]))]).toEqual([9, 1, 2, 3, 4]);
    expect([...h.extend(new Float32Array([]))]).toEqual([3, 4]);
  });

  it("refuses a pack whose decoder returns its context frames too, saying what the context means", async () => {
    const err = await loadModelPack(repoLoader, fixtureDir("lying-context")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ModelPackError);
    expect((err as Error).message).toBe(
      'tests/fixtures/models/lying-context: decoder.onnx output "logmag" has shape [1,129,6], ' +
        "manifest promises [1,129,4] (fftSize/2+1, 2 × framesPerLatent); with decoder.context.frames 3, " +
        "it must return only the frames after the context",
    );
  });

  it("refuses an initial latent of the wrong length", () => {
    const m = JSON.parse(readFileSync(`${fixtureDir("context-fixture")}/model.json`, "utf8")) as {
      decoder: { context: { initial: number[] } };
    };
    m.decoder.context.initial = m.decoder.context.initial.slice(0, 5);
    expect(() => parseManifest(JSON.stringify(m), "ctx/model.json")).toThrow(
      /decoder\.context\.initial.*8/,
    );
  });
});
