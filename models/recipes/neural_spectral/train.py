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
spectra (smoothness).

Effect-aware term (--fx-weight w > 0, on the effect-labelled data of data.build_fx_splits):
each step's batch is half random patches and --fx-runs runs of --fx-run consecutive patches
from one ~8 s chunk (80 % from wet chunks; 8 x 16 by default), all reconstructed; each run's
latents are averaged over time, and a linear head (32 -> 11:
the probe's 10 effects + pitch shift) predicts the run's effects; the loss adds
w * multi-label BCE. That asks time-averaged latents to separate effects linearly, which is
what seed 002's probe measures. The head is saved in the checkpoint ("fxHead") and not exported. The learning rate follows a warm-up + cosine schedule over the WALL
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

from model import BINS, Codec, load_codec  # noqa: E402

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
    """mu, per-element sd, top-`dims` principal directions V [FPL*513, D] (deterministic signs,
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
    """Per-term losses (means over the patches) for [1, FPL*513, B] predictions y, targets t."""
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
    return {"l1": round(float(l1), 4), "rel": round(float(rel), 4), "sc": round(float(sc), 4),
            "total": round(float(l1 + rel + sc), 4)}


class FxData:
    """Effect labels (fx bitmask, chunk id per patch) of a split, and the starts of runs of `run`
    consecutive patches inside one chunk (the first patch of a chunk, which straddles the
    boundary, is skipped)."""

    def __init__(self, fx: np.ndarray, chunk: np.ndarray, run: int, n_labels: int):
        self.fx, self.run, self.n_labels = fx.astype(np.int64), run, n_labels
        ok = np.zeros(len(chunk), bool)
        if len(chunk) > run:
            ok[1:len(chunk) - run + 1] = (chunk[1:len(chunk) - run + 1] == chunk[:len(chunk) - run]) & \
                (chunk[1:len(chunk) - run + 1] == chunk[run:])
        starts = np.nonzero(ok)[0]
        self.wet = starts[self.fx[starts] != 0]
        self.dry = starts[self.fx[starts] == 0]

    def sample(self, rng, n: int, wet_frac: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
        nw = int(round(n * wet_frac)) if len(self.dry) else n
        s = np.concatenate([self.wet[rng.integers(0, len(self.wet), nw)],
                            self.dry[rng.integers(0, len(self.dry), n - nw)] if n - nw else np.zeros(0, np.int64)])
        idx = (s[:, None] + np.arange(self.run)[None, :]).reshape(-1)
        return idx, self.labels(s)

    def labels(self, starts: np.ndarray) -> np.ndarray:
        return ((self.fx[starts][:, None] >> np.arange(self.n_labels)[None, :]) & 1).astype(np.float32)


def fx_loss(codec: Codec, head: torch.nn.Linear, X, idx, lab, run: int):
    """BCE of the linear head on each run's time-averaged latent; returns (loss, logits)."""
    t = X[torch.from_numpy(idx)].float().T[None].contiguous()
    z = codec.encode(t)[0].T.reshape(-1, run, codec.dims).mean(1)  # [runs, D]
    logits = head(z)
    return torch.nn.functional.binary_cross_entropy_with_logits(logits, torch.from_numpy(lab)), logits


FX_HEAD_LR_MULT = 25.0


def fit_head(codec: Codec, head: torch.nn.Linear, X, fxd: FxData, rng, runs: int = 1024, iters: int = 300) -> None:
    """Fits the head (multi-label logistic regression, Adam on fixed features) to the current
    encoder's time-averaged latents of `runs` training runs."""
    labs = []
    with torch.no_grad():
        feats = []
        for a in range(0, runs, 64):
            idx, lab = fxd.sample(rng, min(64, runs - a))
            t = X[torch.from_numpy(idx)].float().T[None].contiguous()
            feats.append(codec.encode(t)[0].T.reshape(-1, fxd.run, codec.dims).mean(1))
            labs.append(torch.from_numpy(lab))
    F, Y = torch.cat(feats), torch.cat(labs)
    opt = torch.optim.Adam(head.parameters(), lr=2e-2)
    for _ in range(iters):
        loss = torch.nn.functional.binary_cross_entropy_with_logits(head(F), Y)
        opt.zero_grad()
        loss.backward()
        opt.step()


def evaluate_fx(codec: Codec, head: torch.nn.Linear, X, fxd: FxData, n: int = 400, seed: int = 5) -> dict:
    """Held-out runs: BCE, and top-1 accuracy of the head over the probe's 10 effects on runs
    from chunks with exactly one of them."""
    rng = np.random.default_rng(seed)
    codec.eval()
    with torch.no_grad():
        one = fxd.wet[np.isin(fxd.fx[fxd.wet], [1 << k for k in range(10)])]
        s = one[rng.integers(0, len(one), n)]
        idx = (s[:, None] + np.arange(fxd.run)[None, :]).reshape(-1)
        lab = fxd.labels(s)
        bces, hits = [], 0
        for a in range(0, n, 100):
            l, lg = fx_loss(codec, head, X, idx[a * fxd.run:(a + 100) * fxd.run], lab[a:a + 100], fxd.run)
            bces.append(l.item())
            hits += int((lg[:, :10].argmax(1).numpy() == lab[a:a + 100, :10].argmax(1)).sum())
    codec.train()
    return {"bce": round(float(np.mean(bces)), 4), "top1": round(hits / n, 4)}


def train(train_arr: np.ndarray, val_arr: np.ndarray, dims: int, minutes: float, out: str,
          hidden: int = 512, blocks: int = 2, batch: int = 128, lr: float = 5e-4, seed: int = 1,
          max_steps: int | None = None, log=print, threads: int = 2,
          pca_rows: int = 80000, init: str | None = None, fx: tuple | None = None,
          fx_weight: float = 0.0, fx_run: int = 16, fx_runs: int = 8, warm: int = 300,
          eval_every: float = 120.0, device: str = "cpu", save_every: float = 300.0,
          extra: dict | None = None) -> Codec:
    """fx: (train fx bitmask [N], train chunk ids [N], held-out logmag, held-out fx, held-out
    chunk ids) from data.build_fx_splits; used when fx_weight > 0 (train_arr is then train_fx).
    train_arr / val_arr: [N, FPL, 513] patches; FPL (frames per latent) is taken from them.
    device: "cpu", or "cuda" (gpu_train.py): the patches, held-out set and codec move there.
    extra: more entries for the checkpoint (gpu_train.py records the log floor there)."""
    dev = torch.device(device)
    assert not (fx is not None and fx_weight > 0 and dev.type != "cpu"), "the effect term runs on the CPU only"
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    t0 = time.time()
    fpl = train_arr.shape[1]
    patch = fpl * BINS
    X = torch.from_numpy(np.ascontiguousarray(train_arr).reshape(len(train_arr), patch))  # float16
    sub = rng.choice(len(X), size=min(len(X), pca_rows), replace=False)
    vsub = np.sort(rng.choice(len(val_arr), size=min(len(val_arr), 6144), replace=False))
    Vt = torch.from_numpy(np.ascontiguousarray(val_arr[vsub]).reshape(len(vsub), patch)).to(dev)
    pca_rows_arr = X[np.sort(sub)].float().numpy() if init is None else None  # before X leaves the CPU
    X = X.to(dev)
    if init is None:
        mu, sd, Vp, scale = pca_init(pca_rows_arr, dims)
        codec = Codec(dims, hidden, blocks, fpl)
        codec.init_from_pca(mu, sd, Vp, scale)
        codec.to(dev)
        pca_val = evaluate(codec, Vt)
        log(f"d={dims}, {fpl} frames per latent: {len(X)} train patches, PCA init (scale {scale:.3f}) in {time.time() - t0:.1f}s, "
            f"{sum(p.numel() for p in codec.parameters()) / 1e6:.2f} M params; held-out at init (= PCA): {pca_val}")
    else:
        # a second schedule on a trained checkpoint: its PCA reference carries over
        ck = torch.load(init, map_location="cpu")
        codec = load_codec(init).to(dev)
        assert codec.fpl == fpl, f"{init} has {codec.fpl} frames per latent, the data {fpl}"
        codec.train()
        pca_val = ck["pcaVal"]
        extra = {**{k: ck[k] for k in ("logFloor",) if k in ck}, **(extra or {})}  # the floor carries over
        log(f"d={codec.dims}: continuing {init} ({ck['step']} steps); held-out now {evaluate(codec, Vt)}, "
            f"PCA {pca_val}")
    lin = [codec.enc_lin.weight, codec.dec_lin.weight]
    rest = [p for p in codec.parameters() if all(p is not q for q in lin)]
    use_fx = fx is not None and fx_weight > 0
    head, fxd, fxv, Xv = None, None, None, None
    if use_fx:
        import data as data_mod

        n_labels = len(data_mod.TRAIN_EFFECTS)
        fxd = FxData(fx[0], fx[1], fx_run, n_labels)
        fxv = FxData(fx[3], fx[4], fx_run, n_labels)
        Xv = torch.from_numpy(np.ascontiguousarray(fx[2]).reshape(len(fx[2]), patch))
        head = torch.nn.Linear(codec.dims, n_labels)
        if init is not None and "fxHead" in ck:
            head.load_state_dict(ck["fxHead"])
        else:  # start the head at the logistic regression of the current encoder's run means
            fit_head(codec, head, X, fxd, rng, runs=1024 if len(fxd.wet) > 1024 else 64)
        log(f"effect term: weight {fx_weight}, {fx_runs} runs x {fx_run} patches per step, "
            f"{len(fxd.wet)} wet / {len(fxd.dry)} dry run starts; held-out at start {evaluate_fx(codec, head, Xv, fxv)}")
    groups = [{"params": rest, "mult": 1.0}, {"params": lin, "mult": LIN_LR_MULT}]
    if use_fx:  # the linear head follows the moving latents with a fast rate
        groups.append({"params": list(head.parameters()), "mult": FX_HEAD_LR_MULT})
    opt = torch.optim.AdamW(groups, lr=lr, weight_decay=1e-5)
    budget = minutes * 60.0
    t_train = time.time()
    step, hist, last_eval, last_ck = 0, [], t_train, t_train
    run = np.zeros(5)
    while True:
        frac = (time.time() - t_train) / budget
        if frac >= 1.0 or (max_steps is not None and step >= max_steps):
            break
        cur = lr * min(1.0, (step + 1) / warm) * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0))))
        for g in opt.param_groups:
            g["lr"] = cur * g["mult"]
        idx = rng.integers(0, len(X), size=batch // 2 if use_fx else batch)
        if use_fx:  # half a batch of random patches + the runs; reconstruction on all of them
            ridx, lab = fxd.sample(rng, fx_runs)
            idx = np.concatenate([ridx, idx])
        t = X[torch.from_numpy(idx).to(dev)].float().T[None].contiguous()
        z = codec.encode(t)
        y = codec.decode(z + NOISE_SIGMA * torch.randn_like(z))
        l1, rel, sc = patch_loss(y, t)
        prior = BETA * (z ** 2).mean()
        loss = l1 + rel + sc + prior
        fxl = torch.zeros(())
        if use_fx:
            zr = z[0, :, :len(ridx)].T.reshape(fx_runs, fx_run, codec.dims).mean(1)
            fxl = torch.nn.functional.binary_cross_entropy_with_logits(head(zr), torch.from_numpy(lab))
            loss = loss + fx_weight * fxl
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(codec.parameters(), 1.0)
        opt.step()
        if dev.type == "cpu" or step % 20 == 0:  # .item() waits for the GPU: not every step there
            run = 0.98 * run + 0.02 * np.array([l1.item(), rel.item(), sc.item(), (z ** 2).mean().item(), fxl.item()])
        step += 1
        now = time.time()
        if now - last_eval > eval_every or step == 50:
            ev = evaluate(codec, Vt)
            if use_fx:
                ev["fx"] = evaluate_fx(codec, head, Xv, fxv)
            hist.append({"step": step, "seconds": round(now - t_train, 1), "lr": cur, **ev})
            log(f"step {step} {now - t_train:6.0f}s lr {cur:.2e} train l1/rel/sc/z2/fx "
                f"{np.round(run / (1 - 0.98 ** step), 4).tolist()} held-out {ev} (PCA {pca_val['total']})")
            last_eval = now
        if now - last_ck > save_every:
            save(codec, out, step, hist, pca_val, now - t_train, head, fx_weight, extra)
            last_ck = now
    ev = evaluate(codec, Vt)
    if use_fx:
        ev["fx"] = evaluate_fx(codec, head, Xv, fxv)
    hist.append({"step": step, "seconds": round(time.time() - t_train, 1), **ev})
    save(codec, out, step, hist, pca_val, time.time() - t_train, head, fx_weight, extra)
    log(f"d={dims}: done, {step} steps in {time.time() - t_train:.0f}s; held-out {ev} vs PCA {pca_val}")
    codec.eval()
    return codec


def save(codec: Codec, out: str, step: int, hist: list, pca_val: dict, seconds: float,
         head: torch.nn.Linear | None = None, fx_weight: float = 0.0, extra: dict | None = None) -> None:
    tmp = out + ".tmp"
    ck = {"config": codec.config(), "state": {k: v.cpu() for k, v in codec.state_dict().items()}, "step": step,
          "history": hist, "pcaVal": pca_val, "trainSeconds": seconds, **(extra or {})}
    if head is not None:
        ck["fxHead"] = head.state_dict()
        ck["fxWeight"] = fx_weight
    torch.save(ck, tmp)
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
    ap.add_argument("--fx-weight", type=float, default=0.0,
                    help="> 0: train on train_fx with the effect-aware term of this weight (see the docstring)")
    ap.add_argument("--fx-run", type=int, default=16, help="patches per run of the effect term")
    ap.add_argument("--fx-runs", type=int, default=8, help="runs per step of the effect term")
    ap.add_argument("--eval-every", type=float, default=120.0, help="seconds between held-out evaluations")
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--frames-per-latent", type=int, default=4,
                    help="STFT frames per latent frame: 4 (neural-spectral, 1024 samples) or 2 "
                         "(neural-spectral-live, 512 samples); the 4-frame cache is re-cut")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    fpl = a.frames_per_latent
    va = data_mod.load_split(os.path.join(a.data, "heldout"), fpl)
    fx = None
    if a.fx_weight > 0:
        tr = data_mod.load_split(os.path.join(a.data, "train_fx"), fpl)
        hv = os.path.join(a.data, "heldout_fx")
        fx = (*data_mod.load_fx_labels(os.path.join(a.data, "train_fx"), fpl), data_mod.load_split(hv, fpl),
              *data_mod.load_fx_labels(hv, fpl))
    else:
        tr = data_mod.load_split(os.path.join(a.data, "train"), fpl)
    t0 = time.time()
    train(tr, va, a.dims, a.minutes, a.out, a.hidden, a.blocks, batch=a.batch, lr=a.lr, max_steps=a.max_steps,
          threads=a.threads, pca_rows=a.pca_rows, init=a.init, fx=fx, fx_weight=a.fx_weight, fx_run=a.fx_run,
          fx_runs=a.fx_runs, warm=a.warmup, eval_every=a.eval_every,
          log=lambda m: print(f"[{time.time() - t0:7.1f}s] {m}", flush=True))
