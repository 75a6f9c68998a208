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
print(json.dumps({
  "sep": probe.logreg_cv_classes(sep, y, groups, 4),
  "noise": probe.logreg_cv(noise, y, groups, 4),
  "fb": list(fb.shape), "fbPeak": float(fb.max(1).min()),
  "fbOrder": bool(np.all(np.diff(fb.argmax(1)) >= 0)),
}))`);
    expect(r.sep).toEqual([1, [1, 1, 1, 1]]);
    expect(r.noise as number).toBeLessThan(0.45);
    expect(r.fb).toEqual([64, 513]);
    expect(r.fbPeak as number).toBeGreaterThan(0.3);
    expect(r.fbOrder).toBe(true);
  });
});
