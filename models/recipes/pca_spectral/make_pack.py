"""Reproduces models/pca-spectral/ from nothing (fluidsynth + FluidR3_GM + numpy + onnx).

    /usr/bin/python3 models/recipes/pca_spectral/make_pack.py            # the real pack
    /usr/bin/python3 models/recipes/pca_spectral/make_pack.py --smoke --out /tmp/pca-smoke

Steps: render random MIDI phrases (seeded) to models/pca-spectral/data/ (gitignored), fit the
PCA codec, latent stats, k-means codebook + descriptors, export ONNX + model.json, then
measure the MR-STFT distance on the held-out recordings (the builtin assets' phrases,
re-rendered into data/heldout/) and write quality.json next to model.json.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "assets"))

import dsp  # noqa: E402
import export  # noqa: E402
import fit  # noqa: E402
import render  # noqa: E402
from make_assets import render_assets  # noqa: E402

PACK_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "pca-spectral"))
SEED = 20240601
LOG_FLOOR = 1e-3
DIMS = 32


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true", help="tiny fast run (< 1 min)")
    ap.add_argument("--out", default=PACK_DIR)
    a = ap.parse_args()
    t_start = time.time()
    out = os.path.abspath(a.out)
    data = os.path.join(out, "data")
    os.makedirs(out, exist_ok=True)
    if a.smoke:
        n_batches, batch_s, K, desc_gl, eval_gl, km_iters = 2, 20.0, 32, 8, 16, 15
    else:
        n_batches, batch_s, K, desc_gl, eval_gl, km_iters = 14, 120.0, 256, 50, 100, 60

    def log(msg: str) -> None:
        print(f"[{time.time() - t_start:7.1f}s] {msg}", flush=True)

    # 1. data
    wavs = render.render_training_set(os.path.join(data, "train"), n_batches, batch_s, SEED)
    xs = [render.read_wav(p) for p in wavs]
    seconds = sum(len(x) for x in xs) / render.SR
    n_wet = sum(1 for b in range(n_batches) if b % 3 == 2)
    log(f"rendered {len(xs)} batches, {seconds / 60:.1f} min of audio ({n_wet} with reverb+chorus)")

    # 2. PCA
    X = np.concatenate([fit.stacked_frames(x, LOG_FLOOR) for x in xs])
    codec = fit.fit_pca(X, DIMS, seed=SEED)
    var_frac = float(codec.eigvals.sum() / codec.total_var)
    log(f"PCA on {len(X)} latent frames: {DIMS} dims keep {var_frac:.3f} of the variance, scale {codec.scale:.4g}")
    Z = codec.encode_rows(X)
    del X
    stats = fit.latent_stats(Z, n_components=16)

    # 3. codebook + descriptors
    C = fit.kmeans(Z, K, seed=SEED, iters=km_iters)
    desc = np.array([fit.entry_descriptors(codec, c, LOG_FLOOR, gl_iters=desc_gl) for c in C]).T
    log(f"k-means K={K}; descriptors: loudness {desc[0].min():.1f}..{desc[0].max():.1f} dB, "
        f"{int((desc[2] > 0).sum())} pitched entries")

    # 4. export
    trained_on = (f"{seconds / 60:.1f} minutes of mono 44.1 kHz audio rendered with fluidsynth 2.3 from "
                  f"the FluidR3_GM SoundFont (MIT): seeded random MIDI phrases (single notes, melodies, "
                  f"runs, chords, arpeggios, varied velocity and register) over 34 GM programs "
                  f"(pianos, electric pianos, guitars, basses, strings, brass, reeds, flutes, organs, "
                  f"pads, choir); about a third rendered with fluidsynth reverb and chorus, the rest dry.")
    man = export.manifest(codec, LOG_FLOOR, stats, C, desc, trained_on)
    export.write_pack(out, codec, man)
    log("wrote encoder.onnx, decoder.onnx, model.json")

    # 5. held-out quality
    held = render_assets(os.path.join(data, "heldout"))
    names = ["piano"] if a.smoke else list(held)
    quality = {"gl_iters": eval_gl, "logFloor": LOG_FLOOR, "varianceKept": round(var_frac, 4),
               "trainingMinutes": round(seconds / 60, 2), "files": {}}
    for name in names:
        x = render.read_wav(held[name])
        R = fit.stacked_frames(x, LOG_FLOOR)
        n = len(R) * fit.FPL * dsp.HOP
        x = x[:n]
        true_mag = np.abs(dsp.stft(x))
        pca_mag = dsp.mag_from_log(codec.decode_logmag(codec.encode_rows(R)), LOG_FLOOR)
        zero_mag = dsp.mag_from_log(codec.decode_logmag(np.zeros((len(R), DIMS))), LOG_FLOOR)
        row = {}
        for key, M in (("trueMagGL", true_mag), ("pcaGL", pca_mag), ("zeroLatentGL", zero_mag)):
            row[key] = round(dsp.mr_stft_distance(x, dsp.griffin_lim(M, eval_gl, length=n)), 4)
        row["logMagRmse"] = round(float(np.sqrt(np.mean((codec.decode_rows(codec.encode_rows(R)) - R) ** 2))), 4)
        quality["files"][name] = row
        log(f"held-out {name}: {row}")
    for key in ("trueMagGL", "pcaGL", "zeroLatentGL", "logMagRmse"):
        quality[f"mean_{key}"] = round(float(np.mean([r[key] for r in quality["files"].values()])), 4)
    quality["wallSeconds"] = round(time.time() - t_start, 1)
    with open(os.path.join(out, "quality.json"), "w") as f:
        json.dump(quality, f, indent=2)
        f.write("\n")
    log(f"done: {json.dumps({k: v for k, v in quality.items() if k != 'files'})}")


if __name__ == "__main__":
    main()
