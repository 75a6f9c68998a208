/**
 * End-to-end test of the RAVE export recipe (models/recipes/rave_export/): builds a tiny fake
 * RAVE TorchScript module (fake_rave.py), exports it to a pack with export_rave.py, loads the
 * pack with the engine, streams a tone through the waveform front end, and checks the ONNX
 * output against TorchScript (reference.py). Needs Debian's python3 with numpy, torch and onnx;
 * skipped only where `/usr/bin/python3 -c "import torch"` fails.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy } from "../../src/dsp/npy";
import { encodeWav } from "../../src/dsp/wav";
import { loadModelPack } from "../../src/engine/models/loadPack";
import { toChannelMajor, toFrameMajor } from "../../src/engine/models/layout";
import { fsLoader } from "../../src/engine/node/fsLoader";

const PY = "/usr/bin/python3";
const RECIPE = "models/recipes/rave_export";
const hasTorch = spawnSync(PY, ["-c", "import torch"], { stdio: "ignore" }).status === 0;

const SR = 16000;
const RATIO = 64;
const DIMS = 8;
const COMMON = ["--name", "Fake RAVE", "--license", "CC0-1.0", "--trained-on", "nothing"];

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function tone(n: number, hz: number, amp: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / SR));
}

describe.skipIf(!hasTorch)("RAVE export recipe", () => {
  let root = "";

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "rave-export-"));
    execFileSync(PY, [`${RECIPE}/fake_rave.py`, join(root, "fake.ts")], { stdio: "pipe" });
    const wavs = join(root, "wavs");
    mkdirSync(wavs);
    let seed = 1;
    const noise = Float32Array.from({ length: SR }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return 0.2 * (seed / 2147483648 - 0.5);
    });
    writeFileSync(join(wavs, "tone.wav"), encodeWav([tone(SR, 330, 0.4)], SR, "pcm16"));
    writeFileSync(join(wavs, "noise.wav"), encodeWav([noise], SR, "pcm16"));
    execFileSync(
      PY,
      [
        `${RECIPE}/export_rave.py`,
        join(root, "fake.ts"),
        "--id",
        "fake-rave",
        ...COMMON,
        "--sample-rate",
        String(SR),
        "--audio",
        wavs,
        "--codebook-size",
        "8",
        "--out",
        join(root, "fake-rave"),
      ],
      { stdio: "pipe", timeout: 60_000 },
    );
  }, 90_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("exports a pack the engine loads, and streams a tone through it like TorchScript", async () => {
    const model = await loadModelPack(fsLoader(root), "fake-rave");
    try {
      expect(model.id).toBe("fake-rave");
      expect(model.sampleRate).toBe(SR);
      expect(model.latentDims).toBe(DIMS);
      expect(model.hopSamples).toBe(RATIO);
      expect(model.manifest.frontEnd).toEqual({ kind: "waveform", ratio: RATIO });
      expect(model.manifest.stats.components).toHaveLength(DIMS);
      expect(model.manifest.codebook?.entries).toHaveLength(8);
      expect(model.manifest.codebook?.descriptors.f0).toHaveLength(8);

      const frames = 64;
      const block = 16;
      const x = tone(frames * RATIO, 440, 0.3);
      const enc = model.createEncoder();
      const parts: Float32Array[] = [];
      for (let a = 0; a < frames; a += block) {
        const part = await enc.encode(x.subarray(a * RATIO, (a + block) * RATIO));
        expect(part).toHaveLength(block * DIMS);
        parts.push(part);
      }
      const latents = concat(parts); // frame-major [T, D]
      expect(latents).toHaveLength(frames * DIMS);
      expect(latents.every(Number.isFinite)).toBe(true);

      const out = await model.createDecoder().decode(latents, frames);
      expect(out).toHaveLength(frames * RATIO);
      expect(out.every(Number.isFinite)).toBe(true);
      expect(out.some((v) => v !== 0)).toBe(true);

      // Block by block through the decoder too: right lengths, finite (not identical at block
      // edges: the model's convolutions see neighbouring frames).
      const dec = model.createDecoder();
      for (let a = 0; a < frames; a += block) {
        const y = await dec.decode(latents.subarray(a * DIMS, (a + block) * DIMS), block);
        expect(y).toHaveLength(block * RATIO);
        expect(y.every(Number.isFinite)).toBe(true);
      }

      // TorchScript on the same input: encode in the same blocks, decode the engine's latents.
      writeFileSync(join(root, "x.npy"), encodeNpy(x, [x.length]));
      const zTensor = toChannelMajor(latents, frames, DIMS);
      writeFileSync(join(root, "z.npy"), encodeNpy(zTensor, [1, DIMS, frames]));
      execFileSync(
        PY,
        [
          `${RECIPE}/reference.py`,
          join(root, "fake.ts"),
          "--encode",
          join(root, "x.npy"),
          join(root, "zref.npy"),
          "--block",
          String(block),
          "--decode",
          join(root, "z.npy"),
          join(root, "yref.npy"),
        ],
        { stdio: "pipe", timeout: 60_000 },
      );
      const zRef = decodeNpy(readFileSync(join(root, "zref.npy")), "zref.npy");
      expect(zRef.shape).toEqual([1, DIMS, frames]);
      expect(maxAbsDiff(toFrameMajor(zRef.data, frames, DIMS), latents)).toBeLessThanOrEqual(1e-4);
      const yRef = decodeNpy(readFileSync(join(root, "yref.npy")), "yref.npy");
      expect(yRef.shape).toEqual([1, 1, frames * RATIO]);
      expect(maxAbsDiff(yRef.data, out)).toBeLessThanOrEqual(1e-4);
    } finally {
      await model.dispose();
    }
  }, 60_000);

  it("refuses a missing file and a module without encode/decode with one line", () => {
    const run = (model: string) =>
      spawnSync(
        PY,
        [
          `${RECIPE}/export_rave.py`,
          model,
          "--id",
          "x",
          ...COMMON,
          "--sample-rate",
          "16000",
        ].concat(["--out", join(root, "x")]),
        { encoding: "utf8" },
      );
    const missing = run(join(root, "nope.ts"));
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`export_rave: ${join(root, "nope.ts")}: no such file`);

    const script = [
      "import torch, sys",
      "class M(torch.nn.Module):",
      "    def forward(self, x: torch.Tensor) -> torch.Tensor:",
      "        return x",
      "torch.jit.script(M()).save(sys.argv[1])",
    ].join("\n");
    writeFileSync(join(root, "noenc.py"), script + "\n");
    execFileSync(PY, [join(root, "noenc.py"), join(root, "noenc.ts")], { stdio: "pipe" });
    const noenc = run(join(root, "noenc.ts"));
    expect(noenc.status).toBe(1);
    expect(noenc.stderr.trim().split("\n")).toHaveLength(1);
    expect(noenc.stderr).toContain("has no encode or decode method");
  }, 30_000);
});
