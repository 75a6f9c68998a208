/**
 * A small in-memory model for node tests: 4 dims, orthonormal principal directions (a scaled
 * Hadamard basis), and a 24-entry codebook with known descriptors. No encoder or decoder.
 */
import type { ModelManifest } from "../../src/engine/models/manifest";
import type { Codebook, LoadedModel } from "../../src/engine/models/types";
import type { Clock, ModelStore, NodeEnv } from "../../src/engine/nodeDefinition";
import { latent, vector, type LatentValue, type VectorValue } from "../../src/engine/values";

export const DIMS = 4;
export const CLOCK: Clock = { sampleRate: 16000, hopSamples: 160, frameRate: 100 };

/** Rows are orthonormal. */
export const COMPONENTS = [
  [1, 1, 1, 1],
  [1, -1, 1, -1],
  [1, 1, -1, -1],
  [1, -1, -1, 1],
].map((row) => Float32Array.from(row, (x) => x / 2));
export const COMPONENT_STD = Float32Array.from([2, 1, 0.5, 0.25]);

export const CODEBOOK_SIZE = 24;

/** Entry k lies on a helix; centroid rises by 3 semitones per entry, f0 is 0 every 4th. */
export function makeCodebook(size = CODEBOOK_SIZE): Codebook {
  const entries = new Float32Array(size * DIMS);
  for (let k = 0; k < size; k++) {
    entries.set([Math.cos(0.5 * k), Math.sin(0.5 * k), k / 8, (k % 3) * 0.1], k * DIMS);
  }
  const centroid = Float32Array.from({ length: size }, (_, k) => 200 * 2 ** (k / 4));
  const loudness = Float32Array.from({ length: size }, (_, k) => -40 + 1.5 * k);
  const f0 = Float32Array.from({ length: size }, (_, k) => (k % 4 === 0 ? 0 : 110 * 2 ** (k / 12)));
  return { size, dims: DIMS, entries, descriptors: { centroid, loudness, f0 } };
}

export function fakeModel(id: string, withCodebook = true): LoadedModel {
  const notUsed = (): never => {
    throw new Error("not used");
  };
  const base = {
    id,
    manifest: { id, name: id } as unknown as ModelManifest,
    sampleRate: CLOCK.sampleRate,
    latentDims: DIMS,
    hopSamples: CLOCK.hopSamples,
    frameRate: CLOCK.frameRate,
    stats: {
      mean: new Float32Array(DIMS),
      std: new Float32Array(DIMS).fill(1),
      components: COMPONENTS,
      componentStd: COMPONENT_STD,
    },
    createEncoder: notUsed,
    createDecoder: notUsed,
    dispose: () => Promise.resolve(),
  };
  return withCodebook ? { ...base, codebook: makeCodebook() } : base;
}

/** Models "fake" (the default), "other" (same shape) and "plain" (no codebook). */
export function fakeModels(): ModelStore {
  const models = new Map([
    ["fake", fakeModel("fake")],
    ["other", fakeModel("other")],
    ["plain", fakeModel("plain", false)],
  ]);
  return {
    defaultModelId: "fake",
    get(id) {
      const m = models.get(id === "" ? "fake" : id);
      if (!m) throw new Error(`model '${id}' is not loaded`);
      return m;
    },
  };
}

export function fakeEnv(nodeId = "n1"): NodeEnv {
  return {
    clock: CLOCK,
    models: fakeModels(),
    assets: {
      audio: () => {
        throw new Error("not used");
      },
    },
    nodeId,
  };
}

/** A deterministic pseudo-random latent (frames × DIMS) with values in (−2, 2). */
export function randomLatent(frames: number, seed = 1, modelId = "fake"): LatentValue {
  let s = seed * 7919 + 13;
  const data = Float32Array.from({ length: frames * DIMS }, () => {
    s = (s * 16807) % 2147483647;
    return (s / 2147483647) * 4 - 2;
  });
  return latent(data, frames, DIMS, CLOCK.frameRate, modelId);
}

export function fixedVector(values: number[], modelId = "fake"): VectorValue {
  return vector(Float32Array.from(values), modelId);
}
