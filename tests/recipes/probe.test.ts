/**
 * The effect probe's pieces (models/recipes/neural_spectral/probe.py): the seed's protocol
 * (seed 002 §2.2 and §3.2) builds its clips with fixed effect parameters and equal loudness, and
 * the source-grouped logistic regression scores what it should. Needs Debian's python3 with numpy,
 * torch and onnx, fluidsynth and fluid-soundfont-gm; skipped where `import torch` fails.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const PY = "/usr/bin/python3";
const hasTorch = spawnSync(PY, ["-c", "import torch"], { stdio: "ignore" }).status === 0;

function probe(code: string): Record<string, unknown> {
  const out = execFileSync(
    PY,
    [
      "-c",
      `import sys, json; sys.path.insert(0, "models/recipes/neural_spectral")
import numpy as np, probe
${code}`,
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
  return JSON.parse(out.trim().split("\n").pop()!) as Record<string, unknown>;
}

describe.skipIf(!hasTorch)("effect probe (probe.py)", () => {
  it("builds the seed protocol's clips: 10 classes per source, 5.4 s, -20 dBFS, fixed parameters", () => {
    const r = probe(`
clips, names = probe.make_seed_probe_set(2)
by = {(s, names[k]): x for s, k, x in clips}
src = by[(0, "clean")]
again = probe.seed_effect(src, "reverb")
rng = probe.MidRng()
print(json.dumps({
  "names": names, "count": len(clips), "sources": sorted({s for s, _, _ in clips}),
  "lengths": sorted({len(x) for _, _, x in clips}),
  "rms": [float(np.sqrt(np.mean(x ** 2))) for _, _, x in clips],
  "peak": max(float(np.abs(x).max()) for _, _, x in clips),
  "reverse": bool(np.array_equal(by[(0, "reverse")], src[::-1])),
  "fixed": float(np.abs(again - by[(0, "reverb")]).max()),
  "differ": min(float(np.abs(by[(0, n)] - src).max()) for n in names if n != "clean"),
  "mid": [rng.uniform(0.3, 2.5), rng.uniform(), rng.integers(1, 4), rng.choice([2, 4])],
}))`);
    expect(r.names).toEqual([
      "chorus",
      "clean",
      "compressor",
      "delay",
      "distortion",
      "highpass",
      "lowpass",
      "pitchshift",
      "reverb",
      "reverse",
    ]);
    expect(r.count).toBe(20);
    expect(r.sources).toEqual([0, 1]);
    expect(r.lengths).toEqual([Math.round(5.4 * 44100)]);
    // Equal loudness before and after every effect, with no limiter to make a level cue.
    for (const v of r.rms as number[]) expect(v).toBeCloseTo(0.1, 9);
    expect(r.peak).toBeGreaterThan(0.2);
    expect(r.reverse).toBe(true);
    expect(r.fixed as number).toBeLessThan(1e-9); // the same parameters (and reverb noise) again
    expect(r.differ).toBeGreaterThan(1e-3);
    expect(r.mid).toEqual([1.4, 0.5, 2, 4]);
  });

  it("scores separable classes perfectly and unrelated features near chance, per class too", () => {
    const r = probe(`
rng = np.random.default_rng(0)
y = np.tile(np.arange(4), 30)
groups = np.repeat(np.arange(30), 4)
sep = np.eye(4)[y] * 3 + 0.3 * rng.standard_normal((120, 4))
noise = rng.standard_normal((120, 8))
fb = probe.mel_filterbank()
fa_sep, fa_noise, fa_tuned = [], [], []
probe.logreg_cv_classes(sep, y, groups, 4, fold_acc=fa_sep)
probe.logreg_cv_classes(noise, y, groups, 4, fold_acc=fa_noise)
probe.logreg_cv_tuned(noise, y, groups, 4, fold_acc=fa_tuned)
print(json.dumps({
  "sep": probe.logreg_cv_classes(sep, y, groups, 4),
  "tuned": probe.logreg_cv_tuned(sep, y, groups, 4),
  "tunedNoise": probe.logreg_cv_tuned(noise, y, groups, 4)[0],
  "folds": [int(m.sum()) for m in probe._group_folds(groups, 5)],
  "noise": probe.logreg_cv(noise, y, groups, 4),
  "sepFolds": fa_sep, "noiseFolds": fa_noise, "tunedFolds": fa_tuned,
  "fb": list(fb.shape), "fbPeak": float(fb.max(1).min()),
  "fbOrder": bool(np.all(np.diff(fb.argmax(1)) >= 0)),
}))`);
    expect(r.sep).toEqual([1, [1, 1, 1, 1]]);
    // Tuning the L2 weight by an inner cross-validation keeps separable classes perfect and noise
    // near chance (it never sees the test fold), and picks one weight of the grid per fold.
    const [tacc, tper, chosen] = r.tuned as [number, number[], number[]];
    expect([tacc, tper]).toEqual([1, [1, 1, 1, 1]]);
    expect(chosen).toHaveLength(5);
    for (const l2 of chosen) expect([1e-4, 1e-3, 1e-2, 1e-1, 1]).toContain(l2);
    expect(r.tunedNoise as number).toBeLessThan(0.45);
    expect(r.folds).toEqual([24, 24, 24, 24, 24]); // 30 sources x 4 clips, 6 sources per fold
    expect(r.noise as number).toBeLessThan(0.45);
    // Each fold's accuracy comes back; with equal folds their mean is the overall accuracy.
    expect(r.sepFolds).toEqual([1, 1, 1, 1, 1]);
    const noiseFolds = r.noiseFolds as number[];
    expect(noiseFolds).toHaveLength(5);
    const mean = noiseFolds.reduce((a, b) => a + b, 0) / 5;
    expect(mean).toBeCloseTo(r.noise as number, 3);
    expect(r.tunedFolds as number[]).toHaveLength(5);
    const tunedMean = (r.tunedFolds as number[]).reduce((a, b) => a + b, 0) / 5;
    expect(tunedMean).toBeCloseTo(r.tunedNoise as number, 3);
    expect(r.fb).toEqual([64, 513]);
    expect(r.fbPeak as number).toBeGreaterThan(0.3);
    expect(r.fbOrder).toBe(true);
  });
});

describe.skipIf(!hasTorch)(
  "look-back encoder checkpoints (encoder_context.py --seed-probe)",
  () => {
    it("loads a saved branch with its codec, encodes causally, and refuses a branch of another shape", () => {
      const r = probe(`
import os, tempfile, torch
import encoder_context as ec
from model import Codec
torch.manual_seed(0)
d = tempfile.mkdtemp()
codec = Codec(4, 16, 1)
for p in codec.parameters():
    torch.nn.init.normal_(p, std=0.05)
torch.save({"config": codec.config(), "state": codec.state_dict()}, os.path.join(d, "c.pt"))
enc = ec.LookBackEncoder(codec, 0, 8, 2, (1, 2))
for p in enc.out.parameters():
    torch.nn.init.normal_(p, std=0.1)
meta = {"checkpoint": os.path.join(d, "c.pt"), "context": enc.context, "width": 8, "fxDims": 2, "dilations": [1, 2]}
torch.save({"branch": {k: v for k, v in enc.state_dict().items() if not k.startswith("codec.")}, **meta},
           os.path.join(d, "lb.pt"))
back = ec.load_lookback(os.path.join(d, "lb.pt"))
P = np.random.default_rng(1).standard_normal((10, 4, 513)).astype(np.float32) - 5
a, b = enc.encode_clip(P), ec._LookBackPack(back).encode(P)
Q = P.copy(); Q[7] += 1
c = back.encode_clip(Q)
alone = ec._CodecPack(back).encode(P)
torch.save({"branch": {k: v for k, v in enc.state_dict().items() if not k.startswith("codec.")}, **meta, "width": 16},
           os.path.join(d, "bad.pt"))
try:
    ec.load_lookback(os.path.join(d, "bad.pt")); refused = ""
except (SystemExit, RuntimeError) as e:
    refused = str(e)
torch.save({"config": codec.config(), "state": codec.state_dict(), "logFloor": 1e-5}, os.path.join(d, "c5.pt"))
torch.save({"branch": {k: v for k, v in enc.state_dict().items() if not k.startswith("codec.")}, **meta,
            "checkpoint": os.path.join(d, "c5.pt")}, os.path.join(d, "f5.pt"))
try:
    ec.load_lookback(os.path.join(d, "f5.pt")); floor = ""
except SystemExit as e:
    floor = str(e)
print(json.dumps({
  "floorRefused": floor,
  "shape": list(b.shape), "same": float(np.abs(a - b).max()), "branchUsed": float(np.abs(b[:, 4:]).max()),
  "past": float(np.abs(c[:7] - b[:7]).max()), "now": float(np.abs(c[7] - b[7]).max()),
  "codecDims": float(np.abs(alone - b[:, :4]).max()), "floor": ec._LookBackPack(back).floor,
  "refused": refused,
}))`);
      expect(r.shape).toEqual([10, 6]); // 4 codec dims + 2 of the branch's own
      expect(r.same).toBe(0); // the saved branch comes back exactly
      expect(r.branchUsed as number).toBeGreaterThan(1e-3);
      expect(r.past).toBe(0); // causal: a later patch changes no earlier latent
      expect(r.now as number).toBeGreaterThan(1e-4);
      expect(r.codecDims as number).toBeLessThan(1e-5); // the codec's dims are the codec's own encoding
      expect(r.floor).toBe(1e-3);
      expect(r.refused).toMatch(/size mismatch|not a look-back branch/);
      expect(r.floorRefused).toMatch(/log floor 1e-05; this script handles 0.001 only/);
    });
  },
);
