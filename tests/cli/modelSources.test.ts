import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MODELS_ENV } from "../../src/cli/modelSources";
import { writeZip } from "../../src/ui/bundle/zipFiles";
import { runMain } from "./runMain";

const dir = mkdtempSync(join(tmpdir(), "lp-cli-packs-"));
const packs = join(dir, "packs");

/** A copy of the shipped pca-spectral pack under the id `id`, at `path`. */
function copyPack(path: string, id: string): void {
  cpSync("models/pca-spectral", path, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(path, "model.json"), "utf8")) as { id: string };
  manifest.id = id;
  writeFileSync(join(path, "model.json"), JSON.stringify(manifest));
}

copyPack(join(packs, "mine"), "my-pca");
copyPack(join(packs, "broken"), "broken-pca");
rmSync(join(packs, "broken", "decoder.onnx"));
mkdirSync(join(packs, "garbled"));
writeFileSync(join(packs, "garbled", "model.json"), "{ not json");
const zipped = join(dir, "zipped.zip");
const zipSource = join(dir, "zipsrc");
copyPack(zipSource, "zip-pca");
writeFileSync(
  zipped,
  writeZip(
    new Map(
      ["model.json", "encoder.onnx", "decoder.onnx"].map((f) => [
        f,
        new Uint8Array(readFileSync(join(zipSource, f))),
      ]),
    ),
  ),
);
const take = join(dir, "take.wav");
cpSync("assets/audio/piano.wav", take);

afterEach(() => {
  delete process.env[MODELS_ENV];
});

describe("model packs from anywhere", () => {
  it("models --models DIR lists every good pack and names each bad one on its own line (exit 1)", async () => {
    const r = await runMain("models", "--models", packs);
    expect(r.code).toBe(1);
    const rows = r.out.map((l) => l.split(/\s+/)[0]);
    expect(rows).toEqual([
      "id",
      "my-pca",
      "neural-spectral",
      "neural-spectral-2",
      "neural-spectral-live",
      "pca-spectral",
    ]);
    expect(r.out.find((l) => l.startsWith("my-pca"))).toContain(join(packs, "mine"));
    expect(r.err).toHaveLength(2);
    expect(r.err.some((l) => l.includes(join(packs, "garbled", "model.json")))).toBe(true);
    expect(r.err.some((l) => l.includes(join(packs, "broken")) && l.includes("decoder.onnx"))).toBe(
      true,
    );
    expect(r.err.every((l) => l.startsWith("latent-patcher: bad pack: "))).toBe(true);
  });

  it(`reads ${MODELS_ENV} as --models, and models alone is clean (exit 0)`, async () => {
    expect((await runMain("models")).code).toBe(0);
    process.env[MODELS_ENV] = packs;
    const r = await runMain("models");
    expect(r.out.some((l) => l.startsWith("my-pca"))).toBe(true);
    expect(r.code).toBe(1);
  });

  it("encodes with --model PATH (a folder or a zip) and decodes with the pack found by --models", async () => {
    const z = join(dir, "z.npy");
    const enc = await runMain("encode", take, "--model", join(packs, "mine"), "--out", z);
    expect(enc.code, enc.err.join("\n")).toBe(0);
    const meta = JSON.parse(readFileSync(join(dir, "z.json"), "utf8")) as { model: { id: string } };
    expect(meta.model.id).toBe("my-pca");
    const lost = await runMain("decode", z, "--out", join(dir, "a.wav"));
    expect(lost.code).toBe(1);
    expect(lost.err[0]).toMatch(/encoded with model "my-pca", which is not here/);
    const dec = await runMain("decode", z, "--models", packs, "--out", join(dir, "a.wav"));
    expect(dec.code, dec.err.join("\n")).toBe(0);
    expect(dec.out[0]).toMatch(/model my-pca$/);
    const viaZip = await runMain("encode", take, "--model", zipped, "--out", join(dir, "y.npy"));
    expect(viaZip.code, viaZip.err.join("\n")).toBe(0);
  });

  it("models check PATH prints a pack's summary, or what is wrong with it", async () => {
    const ok = await runMain("models", "check", zipped);
    expect(ok.code).toBe(0);
    expect(ok.out).toEqual([
      `ok: ${zipped}: model "zip-pca"`,
      "front end: spectral (STFT hop 256, 4 frames per latent)",
      "sample rate: 44100 Hz",
      "hop: 1024 samples",
      "frame rate: 43.0664 frames/s",
      "latent dims: 32",
      "latent floats per second: 1378.1",
      "codebook: 256 entries of 32 dims, with descriptors",
    ]);
    const bad = await runMain("models", "check", join(packs, "broken"));
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toMatch(/decoder\.onnx/);
    expect((await runMain("models", "check", join(dir, "nowhere"))).err[0]).toMatch(
      /nowhere: no such folder or file/,
    );
    expect((await runMain("models", "--models", join(dir, "nowhere"))).code).toBe(2);
  });
});
