"""Latent-structure measures for the spectral packs (issue 3; seed 002 section 3.2):

1. Effect probe: N source clips (new seeded FluidR3 phrases, 3 s each, never in training) each
   through the 10 numpy effects of data.EFFECTS (seeded random parameters per clip); features =
   time-averaged latents (mean over latent frames) of each wet clip; a multinomial logistic
   regression (features standardised, L2) predicts the effect; cross-validated with the folds
   split BY SOURCE (no source in both train and test). Chance = 10 %. For reference the same
   probe on time-averaged log-magnitude spectra (513 dims, no model).
2. Smoothness: random pairs of non-silent held-out latent frames (A, B); decode 17 points of the
   straight line A -> B; the fraction of the 16 steps in which the decoded spectral centroid,
   and the decoded loudness (10 log10 of the summed squared magnitudes), move toward B's.

    /usr/bin/python3 models/recipes/neural_spectral/probe.py [--sources 40] [--checkpoint CKPT]

Encoders: pca-spectral from its ONNX initialisers (z = (x - mean) @ proj; decode
mean + z @ basis), neural-spectral from its training checkpoint (the exported ONNX matches it
to ~1e-5). Writes models/neural-spectral/probe.json.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import onnx
import torch
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import data as data_mod  # noqa: E402
import dsp  # noqa: E402
import export  # noqa: E402
import render  # noqa: E402
from model import BINS, FPL, PATCH, ContextCodec, load_any  # noqa: E402

REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
LOG_FLOOR = 1e-3


class PCAPack:
    fpl = FPL
    floor = LOG_FLOOR

    def __init__(self, d: str):
        e = {t.name: numpy_helper.to_array(t) for t in onnx.load(os.path.join(d, "encoder.onnx")).graph.initializer}
        g = {t.name: numpy_helper.to_array(t) for t in onnx.load(os.path.join(d, "decoder.onnx")).graph.initializer}
        self.mean, self.proj, self.basis, self.dmean = e["mean"], e["proj"], g["basis"], g["mean"]

    def encode(self, P: np.ndarray) -> np.ndarray:  # [N, 4, 513] -> [N, D]
        return (P.reshape(len(P), PATCH).astype(np.float32) - self.mean) @ self.proj

    def decode(self, Z: np.ndarray) -> np.ndarray:  # [N, D] -> [N, 4, 513]
        return (Z.astype(np.float32) @ self.basis + self.dmean).reshape(-1, FPL, BINS)


class NeuralPack:
    def __init__(self, ckpt: str):
        self.codec = load_any(ckpt)
        self.floor = float(torch.load(ckpt, map_location="cpu").get("logFloor", LOG_FLOOR))
        self.fpl = (self.codec.base if isinstance(self.codec, ContextCodec) else self.codec).fpl

    def encode(self, P: np.ndarray) -> np.ndarray:  # [N, FPL, 513] (4-frame patches are re-cut) -> [N', D]
        return export.encode_patches(self.codec, P.reshape(-1, self.fpl, BINS))

    def decode(self, Z: np.ndarray) -> np.ndarray:
        return export.TorchCodecAdapter(self.codec).decode_logmag(Z).reshape(-1, self.fpl, BINS)


def make_probe_set(n_sources: int, seconds: float = 3.0, seed: int = 31337):
    """[(source, effect index, signal)] and the effect names."""
    names = list(data_mod.EFFECTS)
    rng = np.random.default_rng(seed)
    out = []
    for s in range(n_sources):
        song = render.make_batch(seed * 100 + s, seconds, phrase_len=(seconds + 0.5, seconds + 1.0))
        x = render.render_song(song)[: int(seconds * dsp.SR)].astype(np.float64)
        if np.sqrt(np.mean(x ** 2)) < 1e-3:
            continue
        for k, name in enumerate(names):
            y = data_mod.apply_effect(x, name, rng)
            out.append((s, k, y))
    return out, names


def logreg_cv(F: np.ndarray, y: np.ndarray, groups: np.ndarray, n_classes: int, folds: int = 5,
              l2: float = 1e-2) -> float:
    """Source-grouped k-fold accuracy of an L2 multinomial logistic regression (LBFGS)."""
    ug = np.unique(groups)
    rng = np.random.default_rng(0)
    rng.shuffle(ug)
    correct = 0
    for f in range(folds):
        test_g = set(ug[f::folds].tolist())
        te = np.array([g in test_g for g in groups])
        mu, sd = F[~te].mean(0), F[~te].std(0) + 1e-6
        Xtr = torch.tensor((F[~te] - mu) / sd, dtype=torch.float64)
        Xte = torch.tensor((F[te] - mu) / sd, dtype=torch.float64)
        ytr = torch.tensor(y[~te])
        W = torch.zeros(F.shape[1], n_classes, dtype=torch.float64, requires_grad=True)
        b = torch.zeros(n_classes, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.LBFGS([W, b], max_iter=300, line_search_fn="strong_wolfe")

        def closure():
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(Xtr @ W + b, ytr) + l2 * (W ** 2).sum()
            loss.backward()
            return loss

        opt.step(closure)
        with torch.no_grad():
            correct += int(((Xte @ W + b).argmax(1).numpy() == y[te]).sum())
    return correct / len(y)


def smoothness(pack, P: np.ndarray, n_pairs: int = 200, steps: int = 16, seed: int = 3) -> dict:
    rng = np.random.default_rng(seed)
    P = P.reshape(-1, pack.fpl, BINS)  # the pack's own latent-frame patches
    energy = np.exp(P.astype(np.float32)).sum(axis=(1, 2))
    loud = P[energy > np.quantile(energy, 0.3)]
    A = loud[rng.integers(0, len(loud), n_pairs)]
    B = loud[rng.integers(0, len(loud), n_pairs)]
    za, zb = pack.encode(A), pack.encode(B)
    freqs = np.arange(BINS) * dsp.SR / dsp.N_FFT
    cen, lou = [], []
    for a in np.linspace(0, 1, steps + 1):
        M = dsp.mag_from_log(pack.decode((1 - a) * za + a * zb).astype(np.float64), pack.floor)  # [N,FPL,513]
        cen.append((M * freqs).sum(axis=(1, 2)) / np.maximum(M.sum(axis=(1, 2)), 1e-9))
        lou.append(10 * np.log10(np.maximum((M ** 2).sum(axis=(1, 2)), 1e-12)))
    res = {}
    for key, v in (("centroid", np.array(cen)), ("loudness", np.array(lou))):
        d = np.abs(v - v[-1][None, :])  # distance to the target's decoded value, [steps+1, N]
        res[key] = round(float(np.mean(d[1:] < d[:-1])), 4)
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", type=int, default=40)
    ap.add_argument("--checkpoint", default=os.path.join(REPO, "models", "neural-spectral", "data", "ckpt_d32_b.pt"))
    ap.add_argument("--pca", default=os.path.join(REPO, "models", "pca-spectral"))
    ap.add_argument("--out", default=os.path.join(REPO, "models", "neural-spectral", "probe.json"))
    ap.add_argument("--name", default="neural-spectral", help="the neural pack's key in the result")
    a = ap.parse_args()
    torch.set_num_threads(1)
    t0 = time.time()
    clips, names = make_probe_set(a.sources)
    groups = np.array([c[0] for c in clips])
    y = np.array([c[1] for c in clips])
    print(f"[{time.time() - t0:6.1f}s] probe set: {len(set(groups.tolist()))} sources x {len(names)} effects", flush=True)
    packs = {"pca-spectral": PCAPack(a.pca), a.name: NeuralPack(a.checkpoint)}
    patches = {}  # per log floor: each clip's patches
    for fl in sorted({p.floor for p in packs.values()}, reverse=True):
        patches[fl] = [data_mod.patches(c[2], fl).astype(np.float32) for c in clips]
    result = {"sources": int(len(set(groups.tolist()))), "effects": names, "chance": 1 / len(names)}
    F = np.stack([P.mean(0).mean(0) for P in patches[LOG_FLOOR]])  # time-averaged log-magnitude, 513
    result["logMagnitudeBaseline"] = {"probeAccuracy": round(logreg_cv(F, y, groups, len(names)), 4)}
    for key, pack in packs.items():
        hdir = os.path.join(REPO, "models", "neural-spectral", "data",
                            "heldout" if pack.floor == LOG_FLOOR else f"f{pack.floor:g}/heldout")
        held = data_mod.load_split(hdir)  # data.build_split(..., wavs_from=...) makes the other floors'
        Hs = np.asarray(held[np.random.default_rng(1).choice(len(held), 20000, replace=False)], dtype=np.float32)
        Zs = [pack.encode(P) for P in patches[pack.floor]]
        F = np.stack([z.mean(0) for z in Zs])
        acc = logreg_cv(F, y, groups, len(names))
        # variant (not the seed's protocol): time mean and time std of the latents
        F2 = np.stack([np.concatenate([z.mean(0), z.std(0)]) for z in Zs])
        acc2 = logreg_cv(F2, y, groups, len(names))
        sm = smoothness(pack, Hs)
        result[key] = {"probeAccuracy": round(acc, 4), "probeAccuracyMeanStd": round(acc2, 4), "smoothness": sm}
        print(f"[{time.time() - t0:6.1f}s] {key}: probe {acc:.3f} (mean+std {acc2:.3f}), smoothness {sm}", flush=True)
    print(f"[{time.time() - t0:6.1f}s] {json.dumps(result)}")
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
