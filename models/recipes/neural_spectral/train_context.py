"""Fine-tuning a trained frame-local codec (train.py's checkpoint) into a context codec: the
same encoder, and a decoder that also sees the C previous latent frames through a causal
dilated convolution stack (model.ContextCodec). The context branch starts at zero, so step 0
is exactly the frame-local codec.

    /usr/bin/python3 models/recipes/neural_spectral/train_context.py \
        --init models/neural-spectral/data/ckpt_d32.pt --minutes 50 \
        --out models/neural-spectral/data/ckpt_d32_ctx.pt

Training windows are C + M consecutive latent frames (M = 16) of the cached patches; the loss
(train.patch_loss, plus the latent prior and noise of train.py) is on the last M, whose
history is all real. A window may straddle two cached recordings; few do, and they only
teach the decoder that history can be unrelated. The learning rate follows train.py's
warm-up + cosine schedule over the wall-time budget.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from model import BINS, ContextCodec, load_any  # noqa: E402
from train import BETA, LOG_FLOOR, NOISE_SIGMA, patch_loss, save  # noqa: E402

M = 16


def windows(X, starts: np.ndarray, length: int) -> torch.Tensor:
    """[B, FPL*513, length] float32 from the cached [N, FPL, 513] float16 patches."""
    w = np.stack([np.asarray(X[s:s + length]).reshape(length, -1) for s in starts])
    return torch.from_numpy(w).float().transpose(1, 2).contiguous()


def evaluate(codec: ContextCodec, V, starts: np.ndarray) -> dict:
    codec.eval()
    C = codec.context
    sums, n = np.zeros(3), 0
    with torch.no_grad():
        for a in range(0, len(starts), 32):
            x = windows(V, starts[a:a + 32], C + M)
            y = codec.decode_valid(codec.encode(x))
            t = x[:, :, C:]
            P = t.shape[1]
            t1, y1 = t.transpose(0, 1).reshape(1, P, -1), y.transpose(0, 1).reshape(1, P, -1)
            sums += np.array([v.item() for v in patch_loss(y1, t1)]) * t1.shape[2]
            n += t1.shape[2]
    codec.train()
    l1, rel, sc = sums / n
    return {"l1": round(l1, 4), "rel": round(rel, 4), "sc": round(sc, 4), "total": round(l1 + rel + sc, 4)}


def train(X, V, base, minutes: float, out: str, hidden: int = 256, dilations=(1, 2, 4),
          windows_per_step: int = 8, lr: float = 3e-4, base_lr_mult: float = 0.05, threads: int = 1,
          max_steps: int | None = None, log=print) -> ContextCodec:
    """Fine-tunes `base` (a trained model.Codec) with a causal context decoder; saves to `out`."""
    torch.set_num_threads(threads)
    torch.manual_seed(3)
    rng = np.random.default_rng(3)
    codec = ContextCodec(base, hidden, tuple(dilations))
    codec.set_silence(LOG_FLOOR)
    codec.train()
    C = codec.context
    vstarts = np.sort(rng.choice(len(V) - C - M, size=min(384, len(V) - C - M), replace=False))
    ev0 = evaluate(codec, V, vstarts)
    n_ctx = sum(p.numel() for p in codec.ctx.parameters())
    log(f"context {C} frames, +{n_ctx / 1e6:.2f} M params; held-out at init (= frame-local): {ev0}")
    opt = torch.optim.AdamW([{"params": list(codec.ctx.parameters()), "mult": 1.0},
                             {"params": list(codec.base.parameters()), "mult": base_lr_mult}],
                            lr=lr, weight_decay=1e-5)
    budget, t_train = minutes * 60.0, time.time()
    step, hist, last_eval, last_ck, run = 0, [], t_train, t_train, np.zeros(3)
    while True:
        frac = (time.time() - t_train) / budget
        if frac >= 1.0 or (max_steps is not None and step >= max_steps):
            break
        cur = lr * min(1.0, (step + 1) / 200) * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0))))
        for g in opt.param_groups:
            g["lr"] = cur * g["mult"]
        x = windows(X, rng.integers(0, len(X) - C - M, size=windows_per_step), C + M)
        z = codec.encode(x)
        y = codec.decode_valid(z + NOISE_SIGMA * torch.randn_like(z))
        t = x[:, :, C:]
        P = t.shape[1]
        l1, rel, sc = patch_loss(y.transpose(0, 1).reshape(1, P, -1), t.transpose(0, 1).reshape(1, P, -1))
        loss = l1 + rel + sc + BETA * (z ** 2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(codec.parameters(), 1.0)
        opt.step()
        run = 0.98 * run + 0.02 * np.array([l1.item(), rel.item(), sc.item()])
        step += 1
        now = time.time()
        if now - last_eval > 120 or step == 50:
            ev = evaluate(codec, V, vstarts)
            hist.append({"step": step, "seconds": round(now - t_train, 1), "lr": cur, **ev})
            log(f"step {step} {now - t_train:6.0f}s lr {cur:.2e} train {np.round(run / (1 - 0.98 ** step), 4).tolist()} "
                f"held-out {ev} (frame-local {ev0['total']})")
            last_eval = now
        if now - last_ck > 300:
            codec.set_silence(LOG_FLOOR)
            save(codec, out, step, hist, ev0, now - t_train)
            last_ck = now
    codec.set_silence(LOG_FLOOR)
    ev = evaluate(codec, V, vstarts)
    hist.append({"step": step, "seconds": round(time.time() - t_train, 1), **ev})
    save(codec, out, step, hist, ev0, time.time() - t_train)
    log(f"done, {step} steps in {time.time() - t_train:.0f}s; held-out {ev} vs frame-local {ev0}")
    codec.eval()
    return codec


def main() -> None:
    import data as data_mod

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.normpath(os.path.join(HERE, "..", "..", "neural-spectral", "data")))
    ap.add_argument("--init", required=True, help="a frame-local checkpoint from train.py")
    ap.add_argument("--minutes", type=float, default=50.0)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--dilations", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--windows", type=int, default=8, help="windows per step (x16 trained frames)")
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--base-lr-mult", type=float, default=0.05)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    t0 = time.time()
    base = load_any(a.init)
    X = data_mod.load_split(os.path.join(a.data, "train"), base.fpl)
    V = data_mod.load_split(os.path.join(a.data, "heldout"), base.fpl)
    train(X, V, base, a.minutes, a.out, a.hidden, a.dilations, a.windows, a.lr, a.base_lr_mult, a.threads,
          a.max_steps, log=lambda m: print(f"[{time.time() - t0:7.1f}s] {m}", flush=True))


if __name__ == "__main__":
    main()
