/**
 * A pack opened for one half only (`roles`): the CLI's `encode` opens the encoder, `decode` the
 * decoder, one ONNX session each instead of two. The half left closed is neither opened nor
 * checked, and asking for it is a clear error; the half opened is checked as before.
 */
import { describe, expect, it } from "vitest";
import { loadModelPack, ModelPackError } from "../../src/engine/models/loadPack";
import { PackCache } from "../../src/engine/models/packCache";
import { fixtureDir, maxAbsDiff, repoLoader } from "./helpers";

describe("loadModelPack with roles", () => {
  it("decodes as the whole pack does, and refuses to encode", async () => {
    const whole = await loadModelPack(repoLoader, fixtureDir("spectral-fixture"));
    const half = await loadModelPack(repoLoader, fixtureDir("spectral-fixture"), {
      roles: ["decoder"],
    });
    try {
      const frames = 6;
      const z = Float32Array.from({ length: frames * whole.latentDims }, (_, i) =>
        Math.sin(i * 0.7),
      );
      const a = await whole.createDecoder().decode(z, frames);
      const b = await half.createDecoder().decode(z, frames);
      expect(b.length).toBe(a.length);
      expect(maxAbsDiff(a, b)).toBe(0);
      expect(() => half.createEncoder()).toThrow(
        `model "${half.id}" was loaded without its encoder (only for decoding)`,
      );
    } finally {
      await Promise.all([whole.dispose(), half.dispose()]);
    }
  });

  it("encodes as the whole pack does, and refuses to decode", async () => {
    const whole = await loadModelPack(repoLoader, fixtureDir("spectral-fixture"));
    const half = await loadModelPack(repoLoader, fixtureDir("spectral-fixture"), {
      roles: ["encoder"],
    });
    try {
      const audio = Float32Array.from({ length: 4 * whole.hopSamples }, (_, i) =>
        Math.sin(i * 0.05),
      );
      const a = await whole.createEncoder().encode(audio);
      const b = await half.createEncoder().encode(audio);
      expect(maxAbsDiff(a, b)).toBe(0);
      expect(() => half.createDecoder()).toThrow(
        `model "${half.id}" was loaded without its decoder (only for encoding)`,
      );
    } finally {
      await Promise.all([whole.dispose(), half.dispose()]);
    }
  });

  it("neither opens nor checks the other half, and still checks the one it opens", async () => {
    // missing-onnx has no decoder.onnx; lying-frames' decoder and lying-names' encoder lie.
    for (const [pack, role] of [
      ["missing-onnx", "encoder"],
      ["lying-frames", "encoder"],
      ["lying-names", "decoder"],
    ] as const) {
      const m = await loadModelPack(repoLoader, fixtureDir(pack), { roles: [role] });
      await m.dispose();
    }
    const err = await loadModelPack(repoLoader, fixtureDir("lying-frames"), {
      roles: ["decoder"],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelPackError);
    expect((err as Error).message).toContain('decoder.onnx output "logmag" has shape [1,129,4]');
    await expect(
      loadModelPack(repoLoader, fixtureDir("missing-onnx"), { roles: ["decoder"] }),
    ).rejects.toThrow("tests/fixtures/models/missing-onnx/decoder.onnx: no such file");
    await expect(
      loadModelPack(repoLoader, fixtureDir("spectral-fixture"), { roles: [] }),
    ).rejects.toThrow("no role to load");
  });

  it("the pack cache keeps a half-opened pack apart from the whole one", async () => {
    const cache = new PackCache();
    const half = await cache.acquire(repoLoader, fixtureDir("spectral-fixture"), {
      roles: ["decoder"],
    });
    const whole = await cache.acquire(repoLoader, fixtureDir("spectral-fixture"));
    try {
      expect(() => whole.createEncoder()).not.toThrow();
      expect(() => half.createEncoder()).toThrow("loaded without its encoder");
    } finally {
      await Promise.all([half.dispose(), whole.dispose()]);
    }
  });
});
