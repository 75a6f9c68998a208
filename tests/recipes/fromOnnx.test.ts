/**
 * models/recipes/neural_spectral/from_onnx.py: recovers a train.py checkpoint from a shipped
 * pack's ONNX files and checks it against onnxruntime-web. Needs Debian's python3 with torch
 * and onnx; skipped only where `/usr/bin/python3 -c "import torch, onnx"` fails.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const PY = "/usr/bin/python3";
const SCRIPT = "models/recipes/neural_spectral/from_onnx.py";
const hasTorch = spawnSync(PY, ["-c", "import torch, onnx"], { stdio: "ignore" }).status === 0;

function run(...args: string[]) {
  return spawnSync(PY, [SCRIPT, ...args], { encoding: "utf8", timeout: 240_000 });
}

describe.skipIf(!hasTorch)("from_onnx.py", () => {
  it("recovers the shipped codec: the ONNX graphs reproduce it to ~1e-5", () => {
    const root = mkdtempSync(join(tmpdir(), "from-onnx-"));
    try {
      const out = join(root, "ckpt.pt");
      const r = run("--pack", "models/neural-spectral", "--out", out);
      expect(r.status, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout.split("\n")[0]!) as Record<string, number>;
      expect(report.encoderVsTorch).toBeLessThan(1e-4);
      expect(report.decoderVsTorch).toBeLessThan(1e-4);
      expect(r.stdout).toMatch(/32 dims, 384 hidden, 2 blocks, 4 frames per latent/);
      expect(existsSync(out)).toBe(true);
      // train.py's loader reads it back with the same weights as the ONNX.
      const back = spawnSync(
        PY,
        [
          "-c",
          `import sys; sys.path.insert(0, "models/recipes/neural_spectral")
import torch, model, from_onnx
a = model.load_codec(sys.argv[1]).state_dict()
b = from_onnx.codec_from_onnx("models/neural-spectral")[0].state_dict()
print(max(float((a[k] - b[k]).abs().max()) for k in a), torch.load(sys.argv[1])["logFloor"])`,
          out,
        ],
        { encoding: "utf8", timeout: 120_000 },
      );
      expect(back.status, back.stderr).toBe(0);
      expect(back.stdout.trim()).toBe("0.0 1e-05");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);

  it("refuses a pack that is not a neural-spectral codec, in one line, writing nothing", () => {
    const root = mkdtempSync(join(tmpdir(), "from-onnx-"));
    try {
      const out = join(root, "ckpt.pt");
      const r = run("--pack", "models/pca-spectral", "--out", out, "--no-verify");
      expect(r.status).not.toBe(0);
      expect(r.stderr.trim()).toBe(
        "from_onnx: models/pca-spectral: its ONNX files hold no codec.enc_mlp weights (not a neural-spectral codec)",
      );
      expect(existsSync(out)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("refuses a manifest whose latent size disagrees with the weights, naming the weight", () => {
    const root = mkdtempSync(join(tmpdir(), "from-onnx-"));
    try {
      const pack = join(root, "lying");
      cpSync("models/neural-spectral", pack, { recursive: true });
      const man = JSON.parse(readFileSync(join(pack, "model.json"), "utf8")) as {
        latentDims: number;
      };
      man.latentDims = 16;
      writeFileSync(join(pack, "model.json"), JSON.stringify(man));
      const out = join(root, "ckpt.pt");
      const r = run("--pack", pack, "--out", out, "--no-verify");
      expect(r.status).not.toBe(0);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(
        /enc_lin\.weight has shape \(32, 2052, 1\), the model wants \(16, 2052, 1\)/,
      );
      expect(existsSync(out)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
