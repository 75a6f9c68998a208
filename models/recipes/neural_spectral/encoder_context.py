"""Experiment for the effect probe (issue 3; seed 002 section 3.2): an encoder that looks back.

The shipped codec's encoder is frame-local: latent frame t sees 4 STFT frames (23 ms). Delay,
tremolo, chorus and reverberant tails live on 100 ms - 1 s time scales, so the time average of
frame-local latents cannot separate them well (probe 41 %; raw log-magnitude 48 %). This script
trains a causal look-back branch on top of a trained codec, as the engine's `encoder.context`
would run it:

    z_t = encode(x_t) + W_out gelu(conv_{C+1}(gelu(W_feat (x_{t-C..t} - mu) / sd)))

(x_t: the 4 x 513 log-magnitude patch of latent frame t; conv_{C+1}: a causal convolution over
the C previous patches and this one; W_out starts at zero, so training starts at the codec).
The codec's encoder stays frozen, and so does its decoder unless --decoder-lr is given (then the
decoder's MLP trains with the branch at that rate, so that it can learn to read what the branch
writes into the latent, and the checkpoint keeps the decoder); the loss is the codec's reconstruction loss of
decode(z + noise) against the run's patches plus --fx-weight x the multi-label BCE of a linear
head on the run's time-averaged z (train.py's effect term), on the effect-labelled data
(data.build_fx_splits: train_fx / heldout_fx). Then the probe of probe.py runs on it, with
the C patches before each probe clip being silence, as in a stream.

    /usr/bin/python3 models/recipes/neural_spectral/encoder_context.py --minutes 40 \\
        --out models/neural-spectral/data/ckpt_lookback.pt

Writes the checkpoint and a JSON summary beside it (held-out reconstruction with and without
the branch, held-out head accuracy, probe accuracy). Not exported: an experiment.

    /usr/bin/python3 models/recipes/neural_spectral/encoder_context.py \
        --seed-probe models/neural-spectral/data/ckpt_lookback_fx8.pt --sources 200

loads a saved checkpoint instead and runs probe.py's seed-protocol probe (1b) on it, beside the
codec it was trained on, and writes <checkpoint>_seed.json.
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
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import data as data_mod  # noqa: E402
from model import BINS, ChannelNorm, dense, load_codec  # noqa: E402
from train import BETA, NOISE_SIGMA, FxData, patch_loss  # noqa: E402

REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DATA = os.path.join(REPO, "models", "neural-spectral", "data")
LOG_FLOOR = 1e-3


class LookBackEncoder(nn.Module):
    """[B, P, C + T] patches -> [B, D', T] latents: the frozen codec's encoding of the last T
    patches plus a causal look-back branch over all C + T. The branch either adds to the codec's
    D dims (fx_dims 0, D' = D) or writes fx_dims latent dims of its own (D' = D + fx_dims), which
    the decoder (FxDecoder) learns to read. `dilations` makes it a stack of dilated causal
    convolutions (kernel 3, receptive field 1 + 2 * sum) instead of one convolution over C + 1."""

    def __init__(self, codec, context: int, width: int = 96, fx_dims: int = 0, dilations: tuple = ()):
        super().__init__()
        self.codec, self.width, self.fx_dims, self.dilations = codec, width, fx_dims, tuple(dilations)
        self.context = 2 * sum(self.dilations) if self.dilations else context
        self.dims = codec.dims + fx_dims
        for p in codec.parameters():
            p.requires_grad_(False)
        self.feat = nn.Conv1d(codec.patch, width, 1)
        if self.dilations:
            self.convs = nn.ModuleList([nn.Conv1d(width, width, 3, dilation=d) for d in self.dilations])
            self.norms = nn.ModuleList([ChannelNorm(width) for _ in self.dilations])
        else:
            self.temporal = nn.Conv1d(width, width, context + 1)
        self.out = nn.Conv1d(width, fx_dims or codec.dims, 1)
        if not fx_dims:
            nn.init.zeros_(self.out.weight)
            nn.init.zeros_(self.out.bias)
        self.act = nn.GELU()

    def branch(self, x: torch.Tensor) -> torch.Tensor:
        h = self.act(self.feat((x - self.codec.mu) / self.codec.sd))
        if not self.dilations:
            return self.out(self.act(self.temporal(h)))
        for n, c in zip(self.norms, self.convs):
            y = self.act(c(n(h)))
            h = h[:, :, h.shape[2] - y.shape[2]:] + y
        return self.out(h)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        z = self.codec.encode(x[:, :, self.context:])
        return torch.cat([z, self.branch(x)], 1) if self.fx_dims else z + self.branch(x)

    def encode_clip(self, P: np.ndarray) -> np.ndarray:
        """[J, fpl, 513] patches of one clip, silence before it -> [J, D']."""
        fpl = self.codec.fpl
        pad = np.full((self.context, fpl, BINS), math.log(LOG_FLOOR), np.float32)
        x = torch.from_numpy(np.concatenate([pad, P.astype(np.float32)]).reshape(-1, fpl * BINS).T[None].copy())
        with torch.no_grad():
            return self(x)[0].T.numpy()


class FxDecoder(nn.Module):
    """The codec's decoder reading fx_dims more latent dims: their weights into the linear path
    and into the MLP's first layer start at zero, so it starts as the codec's decoder."""

    def __init__(self, codec, fx_dims: int):
        super().__init__()
        self.codec, self.fx_dims = codec, fx_dims
        self.lin = dense(fx_dims, codec.patch, bias=False)
        self.inp = dense(fx_dims, codec.hidden, bias=False)
        nn.init.zeros_(self.lin.weight)
        nn.init.zeros_(self.inp.weight)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        c, m = self.codec, self.codec.dec_mlp
        z0, zf = z[:, :c.dims], z[:, c.dims:]
        h = m.act(m.inp(z0) + self.inp(zf))
        for n, l in zip(m.norms, m.lins):
            h = h + m.act(l(n(h)))
        return c.mu + (c.dec_lin(z0) + self.lin(zf)) * c.scale + c.sd * m.out(h)


def runs_of(X: torch.Tensor, idx: np.ndarray, length: int) -> torch.Tensor:
    """[runs, P, length] from the flat index list of FxData.sample."""
    return X[torch.from_numpy(idx)].float().reshape(-1, length, X.shape[1]).permute(0, 2, 1).contiguous()


def losses(enc: LookBackEncoder, dec, head: nn.Linear, t: torch.Tensor, lab: torch.Tensor, noise: bool):
    C = enc.context
    z = enc(t)
    y = dec(z + NOISE_SIGMA * torch.randn_like(z) if noise else z)
    target = t[:, :, C:]
    l1, rel, sc = patch_loss(y.permute(1, 0, 2).reshape(1, y.shape[1], -1),
                             target.permute(1, 0, 2).reshape(1, target.shape[1], -1))
    logits = head(z[:, z.shape[1] - head.in_features:].mean(2))  # the fx dims, or all
    fx = nn.functional.binary_cross_entropy_with_logits(logits, lab)
    return l1 + rel + sc + BETA * (z ** 2).mean(), fx, logits


def evaluate(enc, dec, head, X, fxd, n: int = 300, seed: int = 5) -> dict:
    """Held-out runs of one of the probe's 10 effects: reconstruction (with the branch and with
    the codec alone) and the head's top-1 accuracy."""
    rng = np.random.default_rng(seed)
    one = fxd.wet[np.isin(fxd.fx[fxd.wet], [1 << k for k in range(10)])]
    s = one[rng.integers(0, len(one), n)]
    idx = (s[:, None] + np.arange(fxd.run)[None, :]).reshape(-1)
    lab = torch.from_numpy(fxd.labels(s))
    rec, base, hits = [], [], 0
    with torch.no_grad():
        for a in range(0, n, 50):
            t = runs_of(X, idx[a * fxd.run:(a + 50) * fxd.run], fxd.run)
            r, _, lg = losses(enc, dec, head, t, lab[a:a + 50], False)
            rec.append(r.item())
            z0 = enc.codec.encode(t[:, :, enc.context:])
            y0 = enc.codec.decode(z0)
            tg = t[:, :, enc.context:]
            l1, rl, sc = patch_loss(y0.permute(1, 0, 2).reshape(1, y0.shape[1], -1),
                                    tg.permute(1, 0, 2).reshape(1, tg.shape[1], -1))
            base.append((l1 + rl + sc + BETA * (z0 ** 2).mean()).item())
            hits += int((lg[:, :10].argmax(1) == lab[a:a + 50, :10].argmax(1)).sum())
    return {"recon": round(float(np.mean(rec)), 4), "reconCodecAlone": round(float(np.mean(base)), 4),
            "top1": round(hits / n, 4)}


def probe(enc: LookBackEncoder, sources: int) -> dict:
    import probe as probe_mod

    clips, names = probe_mod.make_probe_set(sources)
    groups = np.array([c[0] for c in clips])
    y = np.array([c[1] for c in clips])
    Zs = [enc.encode_clip(c[2].reshape(-1, enc.codec.fpl, BINS)) for c in clips]
    F = np.stack([z.mean(0) for z in Zs])
    acc = probe_mod.logreg_cv(F, y, groups, len(names))
    F0 = np.stack([probe_mod.export.encode_patches(enc.codec, c[2].reshape(-1, enc.codec.fpl, BINS)).mean(0)
                   for c in clips])
    acc0 = probe_mod.logreg_cv(F0, y, groups, len(names))
    return {"probeAccuracy": round(acc, 4), "probeAccuracyCodecAlone": round(acc0, 4),
            "sources": int(len(set(groups.tolist())))}


def load_lookback(path: str) -> LookBackEncoder:
    """A LookBackEncoder saved by this script (its codec from the checkpoint it names)."""
    ck = torch.load(path, map_location="cpu")
    codec_path = os.path.join(REPO, ck["checkpoint"])
    floor = torch.load(codec_path, map_location="cpu").get("logFloor", LOG_FLOOR)
    if floor != LOG_FLOOR:  # this script's data, silence padding and probe all use LOG_FLOOR
        raise SystemExit(f"{path}: its codec is at log floor {floor:g}; this script handles {LOG_FLOOR:g} only")
    codec = load_codec(codec_path)
    codec.eval()
    enc = LookBackEncoder(codec, ck["context"], ck["width"], ck["fxDims"], tuple(ck["dilations"]))
    missing, unexpected = enc.load_state_dict(ck["branch"], strict=False)
    if unexpected or any(not k.startswith("codec.") for k in missing):
        raise SystemExit(f"{path}: not a look-back branch of this shape ({unexpected or missing})")
    return enc.eval()


class _LookBackPack:
    """probe.seed_protocol's pack interface for a look-back encoder: one clip's patches -> [J, D']."""

    def __init__(self, enc: LookBackEncoder):
        self.enc, self.floor = enc, LOG_FLOOR

    def encode(self, P: np.ndarray) -> np.ndarray:
        return self.enc.encode_clip(P.reshape(-1, self.enc.codec.fpl, BINS))


class _CodecPack(_LookBackPack):
    def encode(self, P: np.ndarray) -> np.ndarray:
        import export
        return export.encode_patches(self.enc.codec, P.reshape(-1, self.enc.codec.fpl, BINS))


def seed_probe(path: str, sources: int) -> dict:
    import probe as probe_mod

    enc = load_lookback(path)
    out = probe_mod.seed_protocol({"lookBack": _LookBackPack(enc), "codecAlone": _CodecPack(enc)}, sources,
                                  features_out=os.path.splitext(path)[0] + "_seed_features.npz")
    out["checkpoint"] = os.path.relpath(path, REPO)
    with open(os.path.splitext(path)[0] + "_seed.json", "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed-probe", default=None, metavar="CKPT",
                    help="load this saved look-back checkpoint and run the seed-protocol probe on it")
    ap.add_argument("--checkpoint", default=os.path.join(DATA, "ckpt_d32_fx.pt"))
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--context", type=int, default=16, help="latent frames of look-back (16 = 0.37 s)")
    ap.add_argument("--run", type=int, default=16, help="latent frames per run after the context")
    ap.add_argument("--runs", type=int, default=16, help="runs per step")
    ap.add_argument("--width", type=int, default=96)
    ap.add_argument("--fx-dims", type=int, default=0,
                    help="the branch writes this many latent dims of its own (0: it adds to the codec's)")
    ap.add_argument("--dilations", type=int, nargs="*", default=[],
                    help="dilated causal stack (kernel 3); sets the context to 2 x their sum")
    ap.add_argument("--fx-weight", type=float, default=1.0)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--decoder-lr", type=float, default=0.0,
                    help="train the decoder's MLP too, at this peak rate (0: frozen)")
    ap.add_argument("--minutes", type=float, default=40.0)
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--sources", type=int, default=40, help="probe sources (0: no probe)")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    if a.seed_probe:
        seed_probe(a.seed_probe, a.sources)
        return
    if not a.out:
        ap.error("--out is required for training")
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    t0 = time.time()
    codec = load_codec(a.checkpoint)
    codec.eval()
    fpl = codec.fpl
    context = 2 * sum(a.dilations) if a.dilations else a.context
    length = context + a.run
    n_labels = len(data_mod.TRAIN_EFFECTS)
    tr, he = os.path.join(a.data, "train_fx"), os.path.join(a.data, "heldout_fx")
    X = torch.from_numpy(np.ascontiguousarray(data_mod.load_split(tr, fpl)).reshape(-1, fpl * BINS))
    Xv = torch.from_numpy(np.ascontiguousarray(data_mod.load_split(he, fpl)).reshape(-1, fpl * BINS))
    fxd = FxData(*data_mod.load_fx_labels(tr, fpl), length, n_labels)
    fxv = FxData(*data_mod.load_fx_labels(he, fpl), length, n_labels)
    enc = LookBackEncoder(codec, context, a.width, a.fx_dims, tuple(a.dilations))
    dec = FxDecoder(codec, a.fx_dims) if a.fx_dims else codec.decode
    head = nn.Linear(a.fx_dims or codec.dims, n_labels)
    params = [p for p in enc.parameters() if p.requires_grad] + list(head.parameters())
    decoder = list(codec.dec_mlp.parameters()) if a.decoder_lr > 0 else []
    for p in decoder:
        p.requires_grad_(True)
    if a.fx_dims:  # the decoder's new input weights train at the decoder's rate (1e-4 if frozen)
        decoder += [dec.lin.weight, dec.inp.weight]
        a.decoder_lr = a.decoder_lr or 1e-4
    print(f"[{time.time() - t0:6.1f}s] {len(X)} train patches, {len(fxd.wet)} wet / {len(fxd.dry)} dry runs of "
          f"{context}+{a.run}; branch {sum(p.numel() for p in enc.parameters() if p.requires_grad) / 1e6:.2f} M params; "
          f"held-out at start {evaluate(enc, dec, head, Xv, fxv)}", flush=True)
    groups = [{"params": params, "peak": a.lr}] + ([{"params": decoder, "peak": a.decoder_lr}] if decoder else [])
    opt = torch.optim.AdamW(groups, lr=a.lr, weight_decay=1e-5)
    budget, start, step, last_eval, hist = a.minutes * 60.0, time.time(), 0, time.time(), []
    while time.time() - start < budget and (a.max_steps is None or step < a.max_steps):
        frac = (time.time() - start) / budget
        for g in opt.param_groups:
            g["lr"] = g["peak"] * min(1.0, (step + 1) / 200) * 0.5 * (1 + math.cos(math.pi * frac))
        idx, lab = fxd.sample(rng, a.runs)
        rec, fx, _ = losses(enc, dec, head, runs_of(X, idx, length), torch.from_numpy(lab), True)
        loss = rec + a.fx_weight * fx
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if time.time() - last_eval > 120 or step == a.max_steps:
            last_eval = time.time()
            ev = evaluate(enc, dec, head, Xv, fxv)
            hist.append({"step": step, "seconds": round(time.time() - start), **ev})
            print(f"[{time.time() - t0:6.1f}s] step {step} rec {rec.item():.4f} fx {fx.item():.4f} held-out {ev}", flush=True)
    final = evaluate(enc, dec, head, Xv, fxv)
    result = {"checkpoint": os.path.relpath(a.checkpoint, REPO), "context": context, "width": a.width, "fxDims": a.fx_dims,
              "dilations": a.dilations,
              "fxWeight": a.fx_weight, "decoderLr": a.decoder_lr, "steps": step, "minutes": round((time.time() - start) / 60, 1),
              "heldOut": final, "history": hist}
    torch.save({"branch": {k: v for k, v in enc.state_dict().items() if not k.startswith("codec.")},
                **({"decoder": codec.dec_mlp.state_dict()} if decoder else {}),
                **({"fxDecoder": dec.state_dict()} if a.fx_dims else {}),
                "head": head.state_dict(), **{k: v for k, v in result.items() if k != "history"}}, a.out)
    if a.sources > 0:
        result["probe"] = probe(enc, a.sources)
    print(f"[{time.time() - t0:6.1f}s] {json.dumps({k: v for k, v in result.items() if k != 'history'})}", flush=True)
    with open(os.path.splitext(a.out)[0] + ".json", "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
