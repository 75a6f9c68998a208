"""Latent-structure measures for the spectral packs (issue 3; seed 002 section 3.2):

1. Effect probe: N source clips (new seeded FluidR3 phrases, 3 s each, never in training) each
   through the 10 numpy effects of data.EFFECTS (seeded random parameters per clip); features =
   time-averaged latents (mean over latent frames) of each wet clip; a multinomial logistic
   regression (features standardised, L2) predicts the effect; cross-validated with the folds
   split BY SOURCE (no source in both train and test). Chance = 10 %. For reference the same
   probe on time-averaged log-magnitude spectra (513 dims, no model).
   This is harder than the seed's own protocol: the effects draw random parameters per clip, the
   sources are any of 34 GM programs, and 40 sources leave 320 training clips per fold.
1b. The seed's protocol (seed 002 sections 2.2 and 3.2), as close as this machine allows:
   piano and guitar sources only (FluidR3 acoustic grand; nylon and steel guitar, alternating),
   5.4 s each, RMS-normalised to -20 dBFS before and after the effect (the paper used pyloudnorm's
   LUFS, which Debian does not package; no limiter, since limiting only the peaky classes would
   leave a level cue); the paper's 10 classes - clean, chorus, compressor,
   delay, distortion, high-pass, low-pass, pitch shift, reverb, time reversal - each with FIXED
   parameters (every parameter of data.py's effect at the middle of its range: see MidRng);
   200 sources by default (the paper had 1024). Same source-grouped logistic regression, with the
   class-wise accuracy, as in the paper's Table 3, and two baselines: time-averaged log-magnitude
   (513 bins, ln(|X| + 1e-3)) and log-mel (64 bands, dB with an 80 dB range). Each is scored with
   the fixed L2 weight of probe 1 and with the weight chosen by a nested source-grouped
   cross-validation (the paper tuned its probes with early stopping); every clip's features are
   kept in data/probe_seed_features.npz beside the output (gitignored) for further analysis.
2. Smoothness: random pairs of non-silent held-out latent frames (A, B); decode 17 points of the
   straight line A -> B; the fraction of the 16 steps in which the decoded spectral centroid,
   and the decoded loudness (10 log10 of the summed squared magnitudes), move toward B's, with
   its standard error over the pairs (centroidSE, loudnessSE).

    /usr/bin/python3 models/recipes/neural_spectral/probe.py [--sources 40] [--checkpoint CKPT]
        [--also NAME=CKPT ...] [--data DIR] [--no-baselines] [--out JSON]

Encoders: pca-spectral from its ONNX initialisers (z = (x - mean) @ proj; decode
mean + z @ basis), neural-spectral from its training checkpoint (the exported ONNX matches it
to ~1e-5); --also adds more neural checkpoints, scored side by side on the same clips and the
same source folds (each result holds its per-fold accuracies, so the fold spread and the paired
per-fold difference between two packs can be read). Writes models/neural-spectral/probe.json.
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
import midi  # noqa: E402
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


# seed 002's Table 3 classes, in its order
SEED_EFFECTS = ["chorus", "clean", "compressor", "delay", "distortion", "highpass", "lowpass", "pitchshift",
                "reverb", "reverse"]
SEED_SECONDS = 5.4
SEED_RMS = 0.1  # -20 dBFS


class MidRng:
    """Stands in for a numpy Generator so that data.py's effects take fixed parameters: every
    uniform draw is the middle of its range, an integer draw the middle integer, a choice the
    middle item. Noise (the reverb's impulse response) still comes from a seeded generator, the
    same one for every clip."""

    def __init__(self, seed: int = 7):
        self.seed = seed

    def uniform(self, low: float = 0.0, high: float = 1.0) -> float:
        return (low + high) / 2

    def integers(self, low: int, high: int) -> int:
        return (low + high - 1) // 2

    def choice(self, items):
        return items[len(items) // 2]

    def standard_normal(self, n: int) -> np.ndarray:
        return np.random.default_rng(self.seed).standard_normal(n)


def seed_effect(x: np.ndarray, name: str) -> np.ndarray:
    """One of SEED_EFFECTS with fixed parameters, input and output both at SEED_RMS. No limiter:
    these clips are only analysed, never played, and limiting only some classes would change
    their level and give the probe a cue that is not the effect."""
    def at_level(v: np.ndarray) -> np.ndarray:
        return v * (SEED_RMS / (np.sqrt(np.mean(v ** 2)) + 1e-12))

    x = at_level(np.asarray(x, np.float64))
    if name == "clean":
        return x
    if name == "reverse":
        return x[::-1].copy()
    return at_level(data_mod.TRAIN_EFFECTS[name](x, MidRng()))


def make_seed_probe_set(n_sources: int, seed: int = 2023):
    """[(source, class index, signal)] for the seed's protocol: n_sources phrases, alternately piano
    (acoustic grand) and guitar (nylon, steel), each through all of SEED_EFFECTS."""
    rng = np.random.default_rng(seed)
    n = int(SEED_SECONDS * dsp.SR)
    out = []
    for s in range(n_sources):
        name = "acoustic_grand" if s % 2 == 0 else ("nylon_guitar" if s % 4 == 1 else "steel_guitar")
        song = midi.Song()
        midi.random_phrase(song, rng, 0.0, 0, name, SEED_SECONDS + 0.3)
        x = render.render_song(song, tail=1.0)[:n].astype(np.float64)
        x = np.pad(x, (0, n - len(x)))
        if np.sqrt(np.mean(x ** 2)) < 1e-3:
            continue
        for k, fx in enumerate(SEED_EFFECTS):
            out.append((s, k, seed_effect(x, fx)))
    return out, SEED_EFFECTS


def mel_filterbank(n_mels: int = 64, fmin: float = 30.0, fmax: float = 16000.0) -> np.ndarray:
    """[n_mels, 513] triangular filters on the mel scale (HTK formula) for the 1024-point STFT."""
    def mel(f):
        return 2595 * np.log10(1 + np.asarray(f) / 700)

    def hz(m):
        return 700 * (10 ** (np.asarray(m) / 2595) - 1)

    edges = hz(np.linspace(mel(fmin), mel(fmax), n_mels + 2))
    f = np.arange(BINS) * dsp.SR / dsp.N_FFT
    lo, mid, hi = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    return np.maximum(0, np.minimum((f - lo) / (mid - lo), (hi - f) / (hi - mid)))


def log_mel_mean(x: np.ndarray, fb: np.ndarray) -> np.ndarray:
    """Time-averaged log-mel power in dB, each clip's floor 80 dB under its loudest band and
    frame (librosa's power_to_db(ref=max, top_db=80)): the 'plain log-mel features' baseline."""
    L = dsp.log_mag(x, 1e-5)  # [T, 513] ln(|X| + 1e-5)
    power = np.maximum(np.exp(L.astype(np.float64)) - 1e-5, 0) ** 2
    db = 10 * np.log10(np.maximum(power @ fb.T, 1e-20))
    return np.maximum(db, db.max() - 80).mean(0)


def logreg_cv(F: np.ndarray, y: np.ndarray, groups: np.ndarray, n_classes: int, folds: int = 5,
              l2: float = 1e-2) -> float:
    """Source-grouped k-fold accuracy of an L2 multinomial logistic regression (LBFGS)."""
    return logreg_cv_classes(F, y, groups, n_classes, folds, l2)[0]


def _fit_predict(Ftr: np.ndarray, ytr: np.ndarray, Fte: np.ndarray, n_classes: int, l2: float) -> np.ndarray:
    """An L2 multinomial logistic regression (LBFGS) on standardised features: Fte's predictions."""
    mu, sd = Ftr.mean(0), Ftr.std(0) + 1e-6
    Xtr = torch.tensor((Ftr - mu) / sd, dtype=torch.float64)
    Xte = torch.tensor((Fte - mu) / sd, dtype=torch.float64)
    yt = torch.tensor(ytr)
    W = torch.zeros(Ftr.shape[1], n_classes, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(n_classes, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([W, b], max_iter=300, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(Xtr @ W + b, yt) + l2 * (W ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    with torch.no_grad():
        return (Xte @ W + b).argmax(1).numpy()


def _group_folds(groups: np.ndarray, folds: int, seed: int = 0) -> list[np.ndarray]:
    """Boolean test masks of a k-fold split by group (no group in two folds)."""
    ug = np.unique(groups)
    np.random.default_rng(seed).shuffle(ug)
    return [np.isin(groups, ug[f::folds]) for f in range(folds)]


def logreg_cv_classes(F: np.ndarray, y: np.ndarray, groups: np.ndarray, n_classes: int, folds: int = 5,
                      l2: float = 1e-2, fold_acc: list | None = None) -> tuple[float, list[float]]:
    """Source-grouped k-fold accuracy of an L2 multinomial logistic regression (LBFGS), overall
    and per class (the fraction of each class's clips predicted right). fold_acc, when given,
    receives each test fold's accuracy (the folds depend only on `groups`, so two feature sets of
    the same clips are scored on the same folds)."""
    correct = 0
    hits = np.zeros(n_classes)
    for te in _group_folds(groups, folds):
        right = _fit_predict(F[~te], y[~te], F[te], n_classes, l2) == y[te]
        correct += int(right.sum())
        np.add.at(hits, y[te][right], 1)
        if fold_acc is not None:
            fold_acc.append(round(float(right.mean()), 4))
    per_class = [round(float(hits[c] / max(1, np.sum(y == c))), 4) for c in range(n_classes)]
    return correct / len(y), per_class


L2_GRID = (1e-4, 1e-3, 1e-2, 1e-1, 1.0)


def logreg_cv_tuned(F: np.ndarray, y: np.ndarray, groups: np.ndarray, n_classes: int, folds: int = 5,
                    inner: int = 3, grid: tuple = L2_GRID,
                    fold_acc: list | None = None) -> tuple[float, list[float], list[float]]:
    """logreg_cv_classes with the L2 weight chosen per outer fold, by a source-grouped inner
    cross-validation on that fold's training clips only (the paper tuned its probes too: AdamW with
    early stopping). Returns the accuracy, the per-class accuracy and each fold's chosen weight;
    fold_acc, when given, receives each outer fold's accuracy."""
    correct, hits, chosen = 0, np.zeros(n_classes), []
    for te in _group_folds(groups, folds):
        Ftr, ytr, gtr = F[~te], y[~te], groups[~te]
        scores = [sum(int((_fit_predict(Ftr[~vi], ytr[~vi], Ftr[vi], n_classes, l2) == ytr[vi]).sum())
                      for vi in _group_folds(gtr, inner, seed=1)) for l2 in grid]
        l2 = grid[int(np.argmax(scores))]
        chosen.append(l2)
        right = _fit_predict(Ftr, ytr, F[te], n_classes, l2) == y[te]
        correct += int(right.sum())
        np.add.at(hits, y[te][right], 1)
        if fold_acc is not None:
            fold_acc.append(round(float(right.mean()), 4))
    per_class = [round(float(hits[c] / max(1, np.sum(y == c))), 4) for c in range(n_classes)]
    return correct / len(y), per_class, chosen


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
        # its standard error over the pairs (the independent units; steps within a pair are not)
        per_pair = np.mean(d[1:] < d[:-1], axis=0)
        res[f"{key}SE"] = round(float(per_pair.std(ddof=1) / np.sqrt(len(per_pair))), 4)
    return res


def seed_protocol(packs: dict, n_sources: int, log=print, features_out: str | None = None,
                  baselines: bool = True) -> dict:
    """The effect probe under the seed's protocol (see the module docstring, 1b). Each feature set
    is scored with the fixed L2 weight of the other probes and with one tuned by nested
    cross-validation (logreg_cv_tuned), with each fold's accuracy. features_out: an .npz to keep
    every clip's features in. baselines=False skips the two model-free feature sets (they do not
    depend on the packs, and the 513-bin one is the slowest to score)."""
    clips, names = make_seed_probe_set(n_sources)
    groups = np.array([c[0] for c in clips])
    y = np.array([c[1] for c in clips])
    log(f"seed protocol: {len(set(groups.tolist()))} sources x {len(names)} classes, {SEED_SECONDS} s clips")
    fb = mel_filterbank()
    base = ["logMagnitudeBaseline", "logMelBaseline"] if baselines else []
    feats: dict[str, list] = {**{k: [] for k in base}, **{k: [] for k in packs}}
    for _, _, x in clips:  # clip by clip: the patches of 2000 clips would take gigabytes
        floors = {p.floor for p in packs.values()} | ({LOG_FLOOR} if baselines else set())
        per_floor = {fl: data_mod.patches(x, fl).astype(np.float32) for fl in floors}
        if baselines:
            feats["logMelBaseline"].append(log_mel_mean(x, fb))
            feats["logMagnitudeBaseline"].append(per_floor[LOG_FLOOR].mean(0).mean(0))
        for key, pack in packs.items():
            feats[key].append(pack.encode(per_floor[pack.floor]).mean(0))
    out = {"sources": int(len(set(groups.tolist()))), "classes": names, "secondsPerClip": SEED_SECONDS,
           "chance": 1 / len(names)}
    if features_out:
        os.makedirs(os.path.dirname(os.path.abspath(features_out)), exist_ok=True)
        np.savez_compressed(features_out, y=y, groups=groups, **{k: np.stack(F) for k, F in feats.items()})
    for key, F in feats.items():
        folds, tfolds = [], []
        acc, per_class = logreg_cv_classes(np.stack(F), y, groups, len(names), fold_acc=folds)
        tacc, tper, chosen = logreg_cv_tuned(np.stack(F), y, groups, len(names), fold_acc=tfolds)
        out[key] = {"probeAccuracy": round(acc, 4), "perClass": dict(zip(names, per_class)), "folds": folds,
                    "tunedL2": {"probeAccuracy": round(tacc, 4), "perClass": dict(zip(names, tper)), "l2": chosen,
                                "folds": tfolds}}
        log(f"seed protocol, {key}: {acc:.3f} {per_class} folds {folds}; tuned L2 {tacc:.3f} {chosen} folds {tfolds}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", type=int, default=40)
    ap.add_argument("--seed-sources", type=int, default=200, help="sources of the seed's protocol (0: skip it)")
    ap.add_argument("--checkpoint", default=os.path.join(REPO, "models", "neural-spectral", "data", "ckpt_d32_ft.pt"))
    ap.add_argument("--pca", default=os.path.join(REPO, "models", "pca-spectral"))
    ap.add_argument("--out", default=os.path.join(REPO, "models", "neural-spectral", "probe.json"))
    ap.add_argument("--name", default="neural-spectral", help="the neural pack's key in the result")
    ap.add_argument("--also", action="append", default=[], metavar="NAME=CKPT",
                    help="another neural checkpoint to score side by side (repeatable)")
    ap.add_argument("--data", default=os.path.join(REPO, "models", "neural-spectral", "data"),
                    help="the recipe's data folder: held-out patches in heldout/ (floor 1e-3) and f<floor>/heldout/")
    ap.add_argument("--no-baselines", action="store_true",
                    help="skip the seed protocol's model-free baselines (they do not depend on the packs)")
    a = ap.parse_args()
    extra = {}
    for spec in a.also:
        name, sep, ckpt = spec.partition("=")
        if not sep or not name or not os.path.isfile(ckpt):
            ap.error(f"--also {spec!r}: expected NAME=CKPT with an existing checkpoint file")
        extra[name] = ckpt
    torch.set_num_threads(1)
    t0 = time.time()
    clips, names = make_probe_set(a.sources)
    groups = np.array([c[0] for c in clips])
    y = np.array([c[1] for c in clips])
    print(f"[{time.time() - t0:6.1f}s] probe set: {len(set(groups.tolist()))} sources x {len(names)} effects", flush=True)
    packs = {"pca-spectral": PCAPack(a.pca), a.name: NeuralPack(a.checkpoint),
             **{name: NeuralPack(ckpt) for name, ckpt in extra.items()}}
    patches = {}  # per log floor: each clip's patches
    for fl in sorted({p.floor for p in packs.values()}, reverse=True):
        patches[fl] = [data_mod.patches(c[2], fl).astype(np.float32) for c in clips]
    result = {"sources": int(len(set(groups.tolist()))), "effects": names, "chance": 1 / len(names)}
    if LOG_FLOOR not in patches:
        patches[LOG_FLOOR] = [data_mod.patches(c[2], LOG_FLOOR).astype(np.float32) for c in clips]
    F = np.stack([P.mean(0).mean(0) for P in patches[LOG_FLOOR]])  # time-averaged log-magnitude, 513
    folds: list = []
    acc = logreg_cv_classes(F, y, groups, len(names), fold_acc=folds)[0]
    result["logMagnitudeBaseline"] = {"probeAccuracy": round(acc, 4), "folds": folds}
    for key, pack in packs.items():
        hdir = os.path.join(a.data, "heldout" if pack.floor == LOG_FLOOR else f"f{pack.floor:g}/heldout")
        held = data_mod.load_split(hdir)  # data.build_split(..., wavs_from=...) makes the other floors'
        Hs = np.asarray(held[np.random.default_rng(1).choice(len(held), 20000, replace=False)], dtype=np.float32)
        Zs = [pack.encode(P) for P in patches[pack.floor]]
        F = np.stack([z.mean(0) for z in Zs])
        folds = []
        acc = logreg_cv_classes(F, y, groups, len(names), fold_acc=folds)[0]
        # variant (not the seed's protocol): time mean and time std of the latents
        F2 = np.stack([np.concatenate([z.mean(0), z.std(0)]) for z in Zs])
        acc2 = logreg_cv(F2, y, groups, len(names))
        sm = smoothness(pack, Hs)
        result[key] = {"probeAccuracy": round(acc, 4), "folds": folds, "probeAccuracyMeanStd": round(acc2, 4),
                       "smoothness": sm}
        print(f"[{time.time() - t0:6.1f}s] {key}: probe {acc:.3f} (mean+std {acc2:.3f}), smoothness {sm}", flush=True)
    if a.seed_sources > 0:
        result["seedProtocol"] = seed_protocol(packs, a.seed_sources, lambda m: print(f"[{time.time() - t0:6.1f}s] {m}", flush=True),
                                               os.path.join(os.path.dirname(a.out), "data", "probe_seed_features.npz"),
                                               baselines=not a.no_baselines)
    print(f"[{time.time() - t0:6.1f}s] {json.dumps(result)}")
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
