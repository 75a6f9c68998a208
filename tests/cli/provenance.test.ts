import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy } from "../../src/dsp/npy";
import { decodeWav, encodeWav } from "../../src/dsp/wav";
import { runMain, type CliRun } from "./runMain";

const dir = mkdtempSync(join(tmpdir(), "lp-cli-provenance-"));
/** 1.2345 s of 48 kHz stereo: a length that is no whole number of latent frames. */
const SOURCE_SAMPLES = 59256;
const source = join(dir, "tone.wav");
const tone = (f: number) =>
  Float32Array.from(
    { length: SOURCE_SAMPLES },
    (_, i) => 0.4 * Math.sin((2 * Math.PI * f * i) / 48000),
  );
writeFileSync(source, encodeWav([tone(330), tone(440)], 48000, "pcm24"));

function expectRefusal(r: CliRun, code: number, line: RegExp): void {
  expect(r.err).toHaveLength(1);
  expect(r.err[0]).toMatch(line);
  expect(r.code).toBe(code);
}

interface Provenance {
  model: { id: string; packSha256: string };
  frames: number;
  samples: number;
  [key: string]: unknown;
}
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Provenance;

describe("latents carry their provenance", () => {
  it("encode writes z.json: model, pack hash, clock, source and its length, tool version", async () => {
    const r = await runMain(
      "encode",
      source,
      "--model",
      "pca-spectral",
      "--out",
      join(dir, "z.npy"),
    );
    expect(r.code).toBe(0);
    const p = readJson(join(dir, "z.json"));
    // The pack hash is what sha256sum gives over the pack's files, hashed again.
    const sums = execFileSync("sha256sum", ["model.json", "encoder.onnx", "decoder.onnx"], {
      cwd: "models/pca-spectral",
    });
    const packHash = execFileSync("sha256sum", { input: sums }).toString().split(" ")[0];
    expect(p).toEqual({
      format: "latent-patcher.latents",
      version: 1,
      model: { id: "pca-spectral", packSha256: packHash },
      frames: Math.ceil(54441 / 1024),
      dims: 32,
      frameRate: 44100 / 1024,
      sampleRate: 44100,
      hopSamples: 1024,
      samples: 54441, // 59256 samples at 48 kHz, resampled to 44.1 kHz
      source: {
        file: resolve(source),
        sampleRate: 48000,
        channels: 2,
        samples: SOURCE_SAMPLES,
        encodedSamples: SOURCE_SAMPLES,
      },
      tool: {
        name: "latent-patcher",
        version: (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version,
      },
    });
    expect(decodeNpy(readFileSync(join(dir, "z.npy")), "z.npy").shape).toEqual([p.frames, 32]);
  });

  it("decode takes the model from z.json and trims to the source's length, in float", async () => {
    const out = join(dir, "back.wav");
    const r = await runMain("decode", join(dir, "z.npy"), "--out", out);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/54441 samples\) at 44100 Hz, f32, model pca-spectral$/);
    const bytes = readFileSync(out);
    expect(bytes.readUInt16LE(20)).toBe(3); // IEEE float
    expect(decodeWav(bytes, out).channels[0]).toHaveLength(54441);
  });

  it("refuses another model unless forced, and a pack whose files changed", async () => {
    const z = join(dir, "z.npy");
    const out = join(dir, "other.wav");
    expectRefusal(
      await runMain("decode", z, "--model", "neural-spectral", "--out", out),
      1,
      /z\.npy was encoded with model "pca-spectral", not "neural-spectral"; decode with --force/,
    );
    const forced = await runMain(
      "decode",
      z,
      "--model",
      "neural-spectral",
      "--force",
      "--out",
      out,
    );
    expect(forced.code).toBe(0);
    expect(forced.err).toEqual([
      expect.stringMatching(
        /^latent-patcher: note: .*z\.npy was encoded with model "pca-spectral"/,
      ),
    ]);
    expect(decodeWav(readFileSync(out), out).channels[0]).toHaveLength(54441);

    const retrained = join(dir, "retrained.npy");
    copyFileSync(z, retrained);
    const p = readJson(join(dir, "z.json"));
    writeFileSync(
      join(dir, "retrained.json"),
      JSON.stringify({ ...p, model: { ...p.model, packSha256: "0".repeat(64) } }),
    );
    expectRefusal(
      await runMain("decode", retrained, "--out", out),
      1,
      /retrained\.npy was encoded with another version of model "pca-spectral" \(its pack's files changed since/,
    );
  });

  it("decodes a bare .npy with --model, and refuses to guess its model", async () => {
    const bare = join(dir, "bare.npy");
    copyFileSync(join(dir, "z.npy"), bare);
    const out = join(dir, "bare.wav");
    expectRefusal(
      await runMain("decode", bare, "--out", out),
      2,
      /bare\.npy: no .*bare\.json beside it says which model made these latents: name it with --model ID$/,
    );
    expectRefusal(
      await runMain("decode", bare, "--model", "pca-spectral", "--force", "--out", out),
      2,
      /--force: .*bare\.npy has no .*bare\.json to override/,
    );
    const r = await runMain("decode", bare, "--model", "pca-spectral", "--out", out);
    expect(r.code).toBe(0);
    const frames = decodeNpy(readFileSync(bare), bare).shape[0]!;
    expect(decodeWav(readFileSync(out), out).channels[0]).toHaveLength(frames * 1024);
  });

  it("keeps every frame of edited latents of another length, and refuses a broken z.json", async () => {
    const { data, shape } = decodeNpy(readFileSync(join(dir, "z.npy")), "z.npy");
    const longer = join(dir, "longer.npy");
    const twice = new Float32Array(data.length * 2);
    twice.set(data);
    twice.set(data, data.length);
    writeFileSync(longer, encodeNpy(twice, [2 * shape[0]!, 32]));
    copyFileSync(join(dir, "z.json"), join(dir, "longer.json"));
    const out = join(dir, "longer.wav");
    const r = await runMain("decode", longer, "--out", out);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([
      expect.stringMatching(
        /note: not trimmed to the source's length: 108 frames, where .* says 54$/,
      ),
    ]);
    expect(decodeWav(readFileSync(out), out).channels[0]).toHaveLength(108 * 1024);

    writeFileSync(join(dir, "longer.json"), "{ not json");
    expectRefusal(await runMain("decode", longer, "--out", out), 1, /longer\.json: not JSON/);
    writeFileSync(join(dir, "longer.json"), JSON.stringify({ format: "something else" }));
    expectRefusal(
      await runMain("decode", longer, "--out", out),
      1,
      /longer\.json: not the provenance of .*longer\.npy \(format: /,
    );
  });
});
