"""Training the neural-spectral codec on the cached patches (see data.py).

    /usr/bin/python3 models/recipes/neural_spectral/train.py --dims 32 --minutes 45 \
        --out models/neural-spectral/data/ckpt_d32.pt

Loss on a patch of target log-magnitudes t and prediction y (both ln(|X| + logFloor)):
    L1(y, t)                                     log-magnitude L1 at the manifest's floor
  + L1(ln(e^y + r), ln(e^t + r)),  r = 10^(-50/20) * max_patch e^t     (relative floor: the
                                                 loud part of each patch, where SC lives)
  + || e^y - e^t ||_2 / || e^t ||_2                spectral convergence on linear magnitudes
  + beta * mean(z^2)                              keeps the latent scale ~1 (VAE-style prior
                                                 term with a fixed posterior variance)
and the decoder sees z + sigma * N(0, 1) (sigma = 0.1), so nearby latents decode to nearby
spectra (smoothness). The learning rate follows a warm-up + cosine schedule over the WALL
TIME budget, so a run of N minutes always finishes its schedule.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from model import PATCH, Codec, load_codec  # noqa: E402

LOG_FLOOR = 1e-3
REL_FLOOR_DB = -50.0
NOISE_SIGMA = 0.1
BETA = 1e-3
LIN_LR_MULT = 0.04  # the PCA-initialised linear paths move slowly (Adam steps ~lr per weight)


def gram(Xc: torch.Tensor) -> torch.Tensor:
    """Xc^T Xc for [N, K] float32, as a 1x1 convolution (oneDNN; Debian's torch/numpy matmul
    uses the reference BLAS, ~10x slower), accumulated in chunks of 8192 rows."""
    G = torch.zeros(Xc.shape[1], Xc.shape[1], dtype=torch.float64)
    for a in range(0, len(Xc), 8192):
        c = Xc[a:a + 8192]
        G += torch.nn.functional.conv1d(c[None], c.T.contiguous()[:, :, None])[0].double()
    return G


def pca_init(X: np.ndarray, dims: int):
    """mu, per-element sd, top-`dims` principal directions V [2052, D] (deterministic signs,
    largest |entry| positive), global scale s (RMS of z = 1) of the rows of X (float32)."""
    Xt = torch.as_tensor(X, dtype=torch.float32)
    mu = Xt.mean(0)
    Xc = Xt - mu
    sd = Xc.std(0).clamp_min(0.05)
    with torch.no_grad():
        C = gram(Xc) / len(Xc)
    # top-`dims` eigenvectors by subspace iteration (a full 2052^2 eigh takes ~20 s on the
    # reference LAPACK), then Rayleigh-Ritz on the small subspace
    g = torch.Generator().manual_seed(0)
    Q = torch.randn(C.shape[0], dims + 32, generator=g, dtype=torch.float64)
    for _ in range(8):
        Q, _ = torch.linalg.qr(C @ Q)
    w, U = torch.linalg.eigh(Q.T @ C @ Q)
    w, U = w.flip(0)[:dims].clamp_min(0), (Q @ U).flip(1)[:, :dims]
    V = U.numpy()
    sign = np.sign(V[np.abs(V).argmax(0), np.arange(dims)])
    V = V * sign[None, :]
    scale = float(np.sqrt(w.mean().item()))
    return mu.numpy(), sd.numpy(), V, scale


def patch_loss(y: torch.Tensor, t: torch.Tensor):
    """Per-term losses (means over the patches) for [1, 2052, B] predictions y, targets t."""
    l1 = (y - t).abs().mean()
    ey, et = y.exp(), t.exp()
    r = et.amax(1, keepdim=True) * (10 ** (REL_FLOOR_DB / 20))
    rel = ((ey + r).log() - (et + r).log()).abs().mean()
    sc = ((ey - et).norm(dim=1) / et.norm(dim=1).clamp_min(1e-6)).mean()
    return l1, rel, sc


def evaluate(codec: Codec, V: torch.Tensor) -> dict:
    codec.eval()
    with torch.no_grad():
        sums = np.zeros(3)
        for a in range(0, len(V), 1024):
            t = V[a:a + 1024].float().T[None]
            y = codec.decode(codec.encode(t))
            sums += np.array([v.item() for v in patch_loss(y, t)]) * t.shape[2]
    codec.train()
    l1, rel, sc = sums / len(V)
    return {"l1": round(l1, 4), "rel": round(rel, 4), "sc": round(sc, 4), "total": round(l1 + rel + sc, 4)}


def train(train_arr: np.ndarray, val_arr: np.ndarray, dims: int, minutes: float, out: str,
          hidden: int = 512, blocks: int = 2, batch: int = 128, lr: float = 5e-4, seed: int = 1,
          max_steps: int | None = None, log=print, threads: int = 2,
          pca_rows: int = 80000, init: str | None = None) -> Codec:
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    t0 = time.time()
    X = torch.from_numpy(np.ascontiguousarray(train_arr).reshape(len(train_arr), PATCH))  # float16
    sub = rng.choice(len(X), size=min(len(X), pca_rows), replace=False)
    vsub = np.sort(rng.choice(len(val_arr), size=min(len(val_arr), 6144), replace=False))
    Vt = torch.from_numpy(np.ascontiguousarray(val_arr[vsub]).reshape(len(vsub), PATCH))
    if init is None:
        mu, sd, Vp, scale = pca_init(X[np.sort(sub)].float().numpy(), dims)
        codec = Codec(dims, hidden, blocks)
        codec.init_from_pca(mu, sd, Vp, scale)
        pca_val = evaluate(codec, Vt)
        log(f"d={dims}: {len(X)} train patches, PCA init (scale {scale:.3f}) in {time.time() - t0:.1f}s, "
            f"{sum(p.numel() for p in codec.parameters()) / 1e6:.2f} M params; held-out at init (= PCA): {pca_val}")
    else:
        # a second schedule on a trained checkpoint: its PCA reference carries over
        ck = torch.load(init, map_location="cpu")
        codec = load_codec(init)
        codec.train()
        pca_val = ck["pcaVal"]
        log(f"d={codec.dims}: continuing {init} ({ck['step']} steps); held-out now {evaluate(codec, Vt)}, "
            f"PCA {pca_val}")
    lin = [codec.enc_lin.weight, codec.dec_lin.weight]
    rest = [p for p in codec.parameters() if all(p is not q for q in lin)]
    opt = torch.optim.AdamW([{"params": rest, "mult": 1.0}, {"params": lin, "mult": LIN_LR_MULT}],
                            lr=lr, weight_decay=1e-5)
    budget = minutes * 60.0
    t_train = time.time()
    step, hist, last_eval, last_ck = 0, [], t_train, t_train
    warm = 300
    run = np.zeros(4)
    while True:
        frac = (time.time() - t_train) / budget
        if frac >= 1.0 or (max_steps is not None and step >= max_steps):
            break
        cur = lr * min(1.0, (step + 1) / warm) * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0))))
        for g in opt.param_groups:
            g["lr"] = cur * g["mult"]
        idx = torch.from_numpy(rng.integers(0, len(X), size=batch))
        t = X[idx].float().T[None].contiguous()
        z = codec.encode(t)
        y = codec.decode(z + NOISE_SIGMA * torch.randn_like(z))
        l1, rel, sc = patch_loss(y, t)
        prior = BETA * (z ** 2).mean()
        loss = l1 + rel + sc + prior
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(codec.parameters(), 1.0)
        opt.step()
        run = 0.98 * run + 0.02 * np.array([l1.item(), rel.item(), sc.item(), (z ** 2).mean().item()])
        step += 1
        now = time.time()
        if now - last_eval > 120 or step == 50:
            ev = evaluate(codec, Vt)
            hist.append({"step": step, "seconds": round(now - t_train, 1), "lr": cur, **ev})
            log(f"step {step} {now - t_train:6.0f}s lr {cur:.2e} train l1/rel/sc/z2 "
                f"{np.round(run / (1 - 0.98 ** step), 4).tolist()} held-out {ev} (PCA {pca_val['total']})")
            last_eval = now
        if now - last_ck > 300:
            save(codec, out, step, hist, pca_val, now - t_train)
            last_ck = now
    ev = evaluate(codec, Vt)
    hist.append({"step": step, "seconds": round(time.time() - t_train, 1), **ev})
    save(codec, out, step, hist, pca_val, time.time() - t_train)
    log(f"d={dims}: done, {step} steps in {time.time() - t_train:.0f}s; held-out {ev} vs PCA {pca_val}")
    codec.eval()
    return codec


def save(codec: Codec, out: str, step: int, hist: list, pca_val: dict, seconds: float) -> None:
    tmp = out + ".tmp"
    torch.save({"config": codec.config(), "state": codec.state_dict(), "step": step,
                "history": hist, "pcaVal": pca_val, "trainSeconds": seconds}, tmp)
    os.replace(tmp, out)


if __name__ == "__main__":
    import data as data_mod

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.normpath(os.path.join(HERE, "..", "..", "neural-spectral", "data")))
    ap.add_argument("--dims", type=int, default=32)
    ap.add_argument("--minutes", type=float, default=45.0)
    ap.add_argument("--hidden", type=int, default=384)
    ap.add_argument("--blocks", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--pca-rows", type=int, default=80000)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--init", default=None, help="continue from this checkpoint with a new schedule")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    tr = data_mod.load_split(os.path.join(a.data, "train"))
    va = data_mod.load_split(os.path.join(a.data, "heldout"))
    t0 = time.time()
    train(tr, va, a.dims, a.minutes, a.out, a.hidden, a.blocks, batch=a.batch, lr=a.lr, max_steps=a.max_steps,
          threads=a.threads, pca_rows=a.pca_rows, init=a.init, log=lambda m: print(f"[{time.time() - t0:7.1f}s] {m}", flush=True))
