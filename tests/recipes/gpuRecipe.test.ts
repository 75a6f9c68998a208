/**
 * The GPU path of the neural-spectral recipe, run on the CPU: remote.py carries audio losslessly
 * (pack → unpack gives render.read_wav's samples exactly), and gpu_train.py builds wet copies and
 * patches at each variant's log floor and trains the variants side by side, each checkpoint
 * recording its floor, make_pack.py fine-tunes such a checkpoint and exports it at its floor, and
 * gpu_train.py --init continues one.
 * Needs Debian's python3 with numpy, torch and onnx, fluidsynth and fluid-soundfont-gm; skipped where
 * `/usr/bin/python3 -c "import torch"` fails.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const PY = "/usr/bin/python3";
const hasTorch = spawnSync(PY, ["-c", "import torch"], { stdio: "ignore" }).status === 0;
const RECIPE = "models/recipes/neural_spectral";

function py(code: string, timeout = 60_000): string {
  return execFileSync(PY, ["-c", code], { encoding: "utf8", timeout });
}

describe.skipIf(!hasTorch)("neural-spectral GPU recipe, on the CPU", () => {
  it("carries audio losslessly and trains two floors side by side", () => {
    const root = mkdtempSync(join(tmpdir(), "gpu-recipe-"));
    try {
      // A stereo 16-bit render-like WAV (8 s) and a held-out one (3 s).
      py(`
import sys, wave, numpy as np
rng = np.random.default_rng(3)
for name, sec in (("batch_000", 8.0), ("held", 3.0)):
    n = int(44100 * sec)
    t = np.arange(n) / 44100
    x = 0.3 * np.sin(2 * np.pi * 220 * t)[:, None] * np.array([[1.0, 0.6]]) + 0.01 * rng.standard_normal((n, 2))
    pcm = np.round(np.clip(x, -1, 0.99) * 32767).astype("<i2")
    with wave.open("${root}/" + name + ".wav", "wb") as w:
        w.setnchannels(2); w.setsampwidth(2); w.setframerate(44100); w.writeframes(pcm.tobytes())
`);
      execFileSync(PY, [
        `${RECIPE}/remote.py`,
        "pack",
        "--out",
        join(root, "carried"),
        "--wavs",
        join(root, "batch_000.wav"),
        "--heldout",
        join(root, "held.wav"),
      ]);
      execFileSync(PY, [
        `${RECIPE}/remote.py`,
        "unpack",
        join(root, "carried"),
        join(root, "audio"),
      ]);
      const diff = py(`
import sys; sys.path.insert(0, "models/recipes/pca_spectral")
import numpy as np, render
print(max(float(np.abs(np.load("${root}/audio/" + n + ".npy") - render.read_wav("${root}/" + w + ".wav")).max())
          for n, w in (("batch_000", "batch_000"), ("heldout_000", "held"))))
`);
      expect(Number(diff)).toBe(0);

      execFileSync(
        PY,
        [
          `${RECIPE}/gpu_train.py`,
          "--audio",
          join(root, "audio"),
          "--work",
          join(root, "work"),
          "--device",
          "cpu",
          "--minutes",
          "1",
          "--max-steps",
          "8",
          "--wet-copies",
          "1",
          "--batch",
          "32",
          "--warmup",
          "4",
          "--workers",
          "2",
          "--threads",
          "1",
          "--variants",
          "a:1e-3:32:1",
          "b:1e-5:32:1:16",
        ],
        { stdio: "pipe", timeout: 170_000 },
      );
      const data = JSON.parse(readFileSync(join(root, "work", "data.json"), "utf8")) as Record<
        string,
        unknown
      >;
      expect(data.train).toEqual(["batch_000.npy"]);
      expect(data.heldout).toEqual(["heldout_000.npy"]);
      // 8 s dry + 8 s wet = 16 s: 689 latent frames of 1024 samples (the trailing partial dropped)
      expect(data["train_0.001"]).toBe(data["train_1e-05"]);
      expect(data["train_0.001"] as number).toBeGreaterThan(680);
      const cks = JSON.parse(
        py(`
import json, torch
out = {}
for n in ("a", "b"):
    ck = torch.load("${root}/work/" + n + ".pt", map_location="cpu")
    out[n] = {"floor": ck["logFloor"], "dims": ck["config"]["dims"], "step": ck["step"],
              "finite": bool(all(torch.isfinite(v).all() for v in ck["state"].values()))}
print(json.dumps(out))
`),
      ) as Record<string, { floor: number; dims: number; step: number; finite: boolean }>;
      expect(cks.a).toEqual({ floor: 1e-3, dims: 32, step: 8, finite: true });
      expect(cks.b).toEqual({ floor: 1e-5, dims: 16, step: 8, finite: true });

      // make_pack.py fine-tunes a GPU checkpoint here and exports it at the checkpoint's floor.
      execFileSync(
        PY,
        [
          `${RECIPE}/make_pack.py`,
          "--smoke",
          "--no-verify",
          "--dims",
          "16",
          "--log-floor",
          "1e-5",
          "--init",
          join(root, "work", "b.pt"),
          "--out",
          join(root, "pack"),
        ],
        { stdio: "pipe", timeout: 200_000 },
      );
      const man = JSON.parse(readFileSync(join(root, "pack", "model.json"), "utf8")) as {
        latentDims: number;
        frontEnd: { logFloor: number };
      };
      expect(man.latentDims).toBe(16);
      expect(man.frontEnd.logFloor).toBe(1e-5);
      const ft = JSON.parse(
        py(`
import json, torch
ck = torch.load("${root}/pack/data/ckpt_d16_ft.pt", map_location="cpu")
print(json.dumps({"floor": ck["logFloor"], "step": ck["step"]}))
`),
      ) as { floor: number; step: number };
      expect(ft).toEqual({ floor: 1e-5, step: 10 });

      // --init continues a checkpoint (a longer run at the GPU's batch, on the same patches).
      execFileSync(
        PY,
        [
          `${RECIPE}/gpu_train.py`,
          "--work",
          join(root, "work"),
          "--skip-data",
          "--device",
          "cpu",
          "--minutes",
          "1",
          "--max-steps",
          "3",
          "--batch",
          "32",
          "--threads",
          "1",
          "--init",
          join(root, "work", "b.pt"),
          "--variants",
          "c:1e-5:32:1:16",
        ],
        { stdio: "pipe", timeout: 120_000 },
      );
      const cont = readFileSync(join(root, "work", "c.log"), "utf8");
      expect(cont).toContain(`continuing ${join(root, "work", "b.pt")} (8 steps)`);
      const c = JSON.parse(
        py(`
import json, torch
ck = torch.load("${root}/work/c.pt", map_location="cpu")
print(json.dumps({"floor": ck["logFloor"], "step": ck["step"], "dims": ck["config"]["dims"]}))
`),
      ) as { floor: number; step: number; dims: number };
      expect(c).toEqual({ floor: 1e-5, step: 3, dims: 16 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 420_000);
});
