/**
 * A pack opened for one half only (`roles`): the CLI's `encode` opens the encoder, `decode` the
 * decoder, one ONNX session each instead of two. The half left closed is neither opened nor
 * checked, and asking for it is a clear error; the half opened is checked as before.
 */
import { describe, expect, it } from "vitest";
import { loadModelPack, ModelPackError, type PackRole } from "../../src/engine/models/loadPack";
import type { LoadedModel } from "../../src/engine/models/types";
import { PackCache } from "../../src/engine/models/packCache";
import { fixtureDir, maxAbsDiff, repoLoader } from "./helpers";

/**
 * Opens the fixture whole and with `role` only, runs `work` through both (the output must be the
 * same numbers) and checks that the half-opened pack refuses the other half.
 */
async function sameAsWhole(
  role: PackRole,
  work: (m: LoadedModel) => Promise<Float32Array>,
): Promise<void> {
  const whole = await loadModelPack(repoLoader, fixtureDir("spectral-fixture"));
  const half = await loadModelPack(repoLoader, fixtureDir("spectral-fixture"), { roles: [role] });
  try {
    const [a, b] = [await work(whole), await work(half)];
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBe(a.length);
    expect(maxAbsDiff(a, b)).toBe(0);
    const other = role === "encoder" ? "decoder" : "encoder";
    expect(() => (other === "encoder" ? half.createEncoder() : half.createDecoder())).toThrow(
      `model "${half.id}" was loaded without its ${other} (only for ${role === "encoder" ? "encoding" : "decoding"})`,
    );
  } finally {
    await Promise.all([whole.dispose(), half.dispose()]);
  }
}

describe("loadModelPack with roles", () => {
  it("decodes as the whole pack does, and refuses to encode", async () => {
    await sameAsWhole("decoder", (m) => {
      const frames = 6;
      const z = Float32Array.from({ length: frames * m.latentDims }, (_, i) => Math.sin(i * 0.7));
      return m.createDecoder().decode(z, frames);
    });
  });

  it("encodes as the whole pack does, and refuses to decode", async () => {
    await sameAsWhole("encoder", (m) => {
      const audio = Float32Array.from({ length: 4 * m.hopSamples }, (_, i) => Math.sin(i * 0.05));
      return m.createEncoder().encode(audio);
    });
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
