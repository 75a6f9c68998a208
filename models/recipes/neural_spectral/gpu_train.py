"""Training several neural-spectral codecs at once on one GPU, from carried audio (remote.py).

    python3 models/recipes/neural_spectral/gpu_train.py --audio /tmp/audio --work /tmp/lp \
        --minutes 15 --variants f3-h384:1e-3:384:2 f5-h384:1e-5:384:2 d64:1e-3:384:2:64

Steps, all on the GPU machine:
1. every source in --audio (mono float32 .npy from `remote.py unpack`; names starting with
   `heldout` are the validation set) gets --wet-copies copies through data.py's effects
   (wet_copy_labeled: one or two of the 10 probe effects or pitch shift per ~8 s chunk, seeded),
   on all CPU cores;
2. the patches (data.patches: the engine's front end, 4 STFT frames per latent) are computed once
   for each log floor the variants use;
3. each variant NAME:FLOOR:HIDDEN:BLOCKS[:DIMS] (DIMS 32 if left out) trains in a process of its own with train.train on the
   GPU (PCA initialisation, the same loss, a warm-up + cosine schedule over --minutes of wall
   time), saving its checkpoint to <work>/NAME.pt every --save-every seconds. A checkpoint
   records its log floor ("logFloor"); make_pack.py --checkpoint exports it like a CPU one.

The same command runs on a CPU with --device cpu (slowly); tests/recipes/gpuRecipe.test.ts does
that for a few steps. The defaults are those of the shipped pack's run (reproduce.sh).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import data as data_mod  # noqa: E402


def _wet(args: tuple[str, int, int]) -> np.ndarray:
    path, k, seed = args
    x = np.load(path).astype(np.float64)
    y, _ = data_mod.wet_copy_labeled(x, np.random.default_rng(seed))
    return y.astype(np.float32)


def _patches(args: tuple[np.ndarray, float]) -> np.ndarray:
    return data_mod.patches(args[0], args[1])


def build(audio: list[str], work: str, floors: list[float], wet_copies: int, seed: int, workers: int, log) -> dict:
    """Writes <work>/train_<floor>.npy and heldout_<floor>.npy ([N, 4, 513] float16)."""
    os.makedirs(work, exist_ok=True)
    paths = sorted(os.path.join(d, f) for d in audio for f in os.listdir(d) if f.endswith(".npy"))
    held = [p for p in paths if os.path.basename(p).startswith("heldout")]
    train = [p for p in paths if p not in held]
    assert train and held, f"need training and heldout* sources in {audio}"
    t0 = time.time()
    jobs = [(p, k, seed + 1000 * k + i) for i, p in enumerate(train + held) for k in range(wet_copies)]
    with ProcessPoolExecutor(workers) as ex:
        wets = list(ex.map(_wet, jobs))
    log(f"{len(jobs)} wet copies of {len(train)} + {len(held)} sources in {time.time() - t0:.0f}s")
    sigs = {"train": [np.load(p) for p in train], "heldout": [np.load(p) for p in held]}
    for (p, _, _), w in zip(jobs, wets):
        sigs["heldout" if p in held else "train"].append(w)
    info = {"train": [os.path.basename(p) for p in train], "heldout": [os.path.basename(p) for p in held],
            "wetCopies": wet_copies, "seconds": {k: sum(len(s) for s in v) / data_mod.SR for k, v in sigs.items()}}
    with ProcessPoolExecutor(workers) as ex:
        for fl in floors:
            for split, ss in sigs.items():
                arr = np.concatenate(list(ex.map(_patches, [(s, fl) for s in ss])))
                np.save(os.path.join(work, f"{split}_{fl:g}.npy"), arr)
                info[f"{split}_{fl:g}"] = int(len(arr))
    log(f"patches {info} in {time.time() - t0:.0f}s")
    with open(os.path.join(work, "data.json"), "w") as f:
        json.dump(info, f, indent=1)
    return info


def train_one(work: str, name: str, floor: float, hidden: int, blocks: int, dims: int, minutes: float, device: str,
              batch: int, lr: float, warm: int, save_every: float, max_steps: int | None, threads: int,
              init: str | None = None) -> None:
    import torch

    import train as train_mod

    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    tr = np.load(os.path.join(work, f"train_{floor:g}.npy"), mmap_mode="r")
    va = np.load(os.path.join(work, f"heldout_{floor:g}.npy"), mmap_mode="r")
    t0 = time.time()
    log = open(os.path.join(work, f"{name}.log"), "a")
    train_mod.train(tr, va, dims, minutes, os.path.join(work, f"{name}.pt"), hidden, blocks, batch=batch, lr=lr,
                    max_steps=max_steps, threads=threads, warm=warm, eval_every=60.0, device=device, init=init,
                    save_every=save_every, extra={"logFloor": floor, "variant": name},
                    log=lambda m: print(f"[{time.time() - t0:7.1f}s] {m}", file=log, flush=True))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--audio", nargs="+", help="folders of mono .npy sources (remote.py unpack)")
    ap.add_argument("--work", required=True)
    ap.add_argument("--variants", nargs="+", default=["f5-h384:1e-5:384:2"],
                    help="NAME:FLOOR:HIDDEN:BLOCKS[:DIMS] (DIMS 32 if left out)")
    ap.add_argument("--minutes", type=float, default=15.0)
    ap.add_argument("--wet-copies", type=int, default=3)
    ap.add_argument("--seed", type=int, default=9100)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--lr", type=float, default=7e-4)
    ap.add_argument("--warmup", type=int, default=1000)
    ap.add_argument("--save-every", type=float, default=120.0)
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-data", action="store_true", help="reuse <work>'s patches")
    ap.add_argument("--init", default=None,
                    help="every variant continues this checkpoint (its floor, width and dims must match) instead of "
                         "starting from PCA")
    ap.add_argument("--one", default=None, help=argparse.SUPPRESS)  # a child process: train this variant
    a = ap.parse_args()
    specs = [v.split(":") for v in a.variants]
    if a.one is not None:
        n, fl, h, b, *d = next(s for s in specs if s[0] == a.one)
        train_one(a.work, n, float(fl), int(h), int(b), int(d[0]) if d else 32, a.minutes, a.device, a.batch, a.lr, a.warmup,
                  a.save_every, a.max_steps, a.threads, a.init)
        sys.exit(0)
    t0 = time.time()

    def log(m):
        print(f"[{time.time() - t0:7.1f}s] {m}", flush=True)

    if not a.skip_data:
        build(a.audio, a.work, sorted({float(s[1]) for s in specs}), a.wet_copies, a.seed, a.workers, log)
    procs = []
    for s in specs:
        cmd = [sys.executable, os.path.abspath(__file__), "--work", a.work, "--variants", *a.variants, "--one", s[0],
               "--minutes", str(a.minutes), "--device", a.device, "--batch", str(a.batch), "--lr", str(a.lr),
               "--warmup", str(a.warmup), "--save-every", str(a.save_every), "--threads", str(a.threads)]
        if a.max_steps is not None:
            cmd += ["--max-steps", str(a.max_steps)]
        if a.init is not None:
            cmd += ["--init", os.path.abspath(a.init)]
        procs.append(subprocess.Popen(cmd))
    codes = [p.wait() for p in procs]
    log(f"variants done, exit codes {codes}")
    sys.exit(max(codes))
