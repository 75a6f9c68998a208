"""Packs for the rate/distortion trade-off curve (not shipped): for each latent budget D, the
trained neural codec (ckpt_d{D}.pt) and a plain PCA codec at the same D fitted on the same
training data (the Codec with its MLPs at zero is exactly PCA), exported with latent stats
(no codebook) to <data>/budgets/{neural,pca}-d{D}/. Then measure them through the engine:

    /usr/bin/python3 models/recipes/neural_spectral/budget_packs.py --dims 16 32 64
    npx tsx models/recipes/neural_spectral/tradeoff.ts models/neural-spectral/data/budgets \
        pca-d16 neural-d16 pca-d32 neural-d32 pca-d64 neural-d64
"""
from __future__ import annotations

import argparse
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import data as data_mod  # noqa: E402
import export  # noqa: E402
import fit  # noqa: E402
import train as train_mod  # noqa: E402
from model import PATCH, Codec, load_codec  # noqa: E402

REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DATA = os.path.join(REPO, "models", "neural-spectral", "data")
LOG_FLOOR = 1e-3


def write(codec: Codec, out: str, P: np.ndarray, pack_id: str, name: str, trained_on: str,
          log_floor: float = LOG_FLOOR) -> None:
    os.makedirs(out, exist_ok=True)
    export.export_onnx(codec, out)
    Z = export.encode_patches(codec, P)
    stats = fit.latent_stats(Z, n_components=min(16, codec.dims))
    man = export.manifest(codec, log_floor, stats, np.zeros((1, codec.dims)), (np.zeros(1),) * 3,
                          trained_on, "trade-off curve pack (not shipped)", pack_id=pack_id, name=name)
    del man["codebook"]
    export.write_manifest(out, man)


def floor_patches(floor: float, seconds: float = 300.0) -> np.ndarray:
    """Patches at another log floor, from the first renders of the training split."""
    import render

    out, n = [], 0
    for w in data_mod.rendered_wavs(os.path.join(DATA, "train")):
        x = render.read_wav(w).astype(np.float64)
        out.append(data_mod.patches(x, floor))
        n += len(x)
        if n > seconds * data_mod.SR:
            break
    return np.concatenate(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dims", type=int, nargs="*", default=[16, 32, 64])
    ap.add_argument("--pca-rows", type=int, default=30000)
    ap.add_argument("--checkpoints", nargs="*", default=[],
                    help="NAME=PATH: also write <data>/budgets/NAME from a checkpoint (at its own log floor, "
                         "gpu_train.py's; its stats from audio of the training split)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    tr = data_mod.load_split(os.path.join(DATA, "train"))
    rng = np.random.default_rng(11)
    X = np.asarray(tr[np.sort(rng.choice(len(tr), a.pca_rows, replace=False))], dtype=np.float32).reshape(-1, PATCH)
    P = X[:20000].reshape(-1, 4, 513)
    for spec in a.checkpoints:
        name, path = spec.split("=", 1)
        floor = float(torch.load(path, map_location="cpu").get("logFloor", LOG_FLOOR))
        Pf = P if floor == LOG_FLOOR else floor_patches(floor)
        write(load_codec(path), os.path.join(DATA, "budgets", name), Pf, name, name,
              f"checkpoint {os.path.basename(path)}", floor)
        print(f"wrote {name} (log floor {floor:g})", flush=True)
    if not a.dims:
        return
    mu, sd, V, _ = train_mod.pca_init(X, max(a.dims))
    Xc = torch.from_numpy(X - mu)
    w = ((Xc @ torch.from_numpy(V.astype(np.float32))) ** 2).mean(0).double().numpy()  # variance per direction
    for D in a.dims:
        pca = Codec(D, hidden=8, blocks=0)
        pca.init_from_pca(mu, sd, V[:, :D], float(np.sqrt(w[:D].mean())))
        pca.eval()
        write(pca, os.path.join(DATA, "budgets", f"pca-d{D}"), P, f"pca-d{D}", f"PCA {D} dims",
              f"PCA of {a.pca_rows} patches of the neural-spectral training data")
        ck = os.path.join(DATA, f"ckpt_d{D}.pt")
        if os.path.exists(ck):
            write(load_codec(ck), os.path.join(DATA, "budgets", f"neural-d{D}"), P, f"neural-d{D}",
                  f"neural {D} dims", "neural-spectral training data")
        print(f"D={D}: wrote pca-d{D}" + (f" and neural-d{D}" if os.path.exists(ck) else ""), flush=True)


if __name__ == "__main__":
    main()
