"""The neural-spectral codec: a frame-local residual-MLP autoencoder on FPL x 513 log-magnitude
patches (FPL = frames per latent: 4 for the neural-spectral pack, 2 for neural-spectral-live;
the text below says 4), with a linear (PCA-initialised) path in parallel.

One latent frame z_j (D numbers) is computed only from STFT frames 4j..4j+3 (stacked
frame-major into 2052 numbers, exactly as the pca-spectral pack stacks them), and the decoder
maps z_j to those 4 frames only. So the codec is frame-local: any block split of the signal
gives identical latents and log-magnitudes.

    encoder:  z = (x - mu) @ W_enc / s         + MLP_e((x - mu) / sd)
    decoder:  x = mu + s * z @ W_dec           + sd * MLP_d(z)

W_enc / W_dec start as the PCA directions (fitted on the training data; s makes the RMS of
z 1), are trained with a learning rate 25x smaller than the MLPs', and both
MLPs' output layers start at zero, so training starts exactly at the PCA codec and only moves
away from it where the loss improves. Each MLP: Linear -> GELU -> `blocks` pre-LayerNorm
residual blocks (LN -> Linear -> GELU) -> Linear.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

FPL = 4  # the default frames per latent (Codec(fpl=...) takes any)
BINS = 513
PATCH = FPL * BINS  # the default patch size; a codec's own is codec.patch


def dense(d_in: int, d_out: int, bias: bool = True) -> nn.Conv1d:
    """A per-frame dense layer on [B, C, T] (a 1x1 convolution: frame-local by construction).
    Convolutions rather than nn.Linear because Debian's torch runs Linear on the reference
    BLAS but convolutions on oneDNN, ~4x faster here; in ONNX it is a Conv node."""
    return nn.Conv1d(d_in, d_out, 1, bias=bias)


class ChannelNorm(nn.Module):
    """LayerNorm over channels at each time step of [B, C, T] (frame-local)."""

    def __init__(self, c: int, eps: float = 1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(1, c, 1))
        self.bias = nn.Parameter(torch.zeros(1, c, 1))
        self.eps = eps

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        m = h.mean(1, keepdim=True)
        v = ((h - m) ** 2).mean(1, keepdim=True)
        return (h - m) / torch.sqrt(v + self.eps) * self.weight + self.bias


class ResMLP(nn.Module):
    def __init__(self, d_in: int, d_out: int, hidden: int, blocks: int):
        super().__init__()
        self.inp = dense(d_in, hidden)
        self.norms = nn.ModuleList([ChannelNorm(hidden) for _ in range(blocks)])
        self.lins = nn.ModuleList([dense(hidden, hidden) for _ in range(blocks)])
        self.out = dense(hidden, d_out)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)
        self.act = nn.GELU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.act(self.inp(x))
        for n, l in zip(self.norms, self.lins):
            h = h + self.act(l(n(h)))
        return self.out(h)


class Codec(nn.Module):
    def __init__(self, dims: int, hidden: int = 384, blocks: int = 2, fpl: int = FPL):
        super().__init__()
        self.dims, self.hidden, self.blocks, self.fpl = dims, hidden, blocks, fpl
        self.patch = P = fpl * BINS
        self.register_buffer("mu", torch.zeros(1, P, 1))
        self.register_buffer("sd", torch.ones(1, P, 1))
        self.register_buffer("scale", torch.ones(()))
        self.enc_lin = dense(P, dims, bias=False)
        self.dec_lin = dense(dims, P, bias=False)
        self.enc_mlp = ResMLP(P, dims, hidden, blocks)
        self.dec_mlp = ResMLP(dims, P, hidden, blocks)

    @torch.no_grad()
    def init_from_pca(self, mu: np.ndarray, sd: np.ndarray, V: np.ndarray, scale: float) -> None:
        """mu, sd [2052]; V [2052, D] unit principal directions; scale s (z RMS 1)."""
        self.mu.copy_(torch.as_tensor(mu, dtype=torch.float32).view(1, self.patch, 1))
        self.sd.copy_(torch.as_tensor(sd, dtype=torch.float32).view(1, self.patch, 1))
        # both linear weights hold unit-scale directions (entries ~ 1/sqrt(2052)); the global
        # scale is a buffer, so one (small) learning rate suits both paths
        self.scale.fill_(float(scale))
        self.enc_lin.weight.copy_(torch.as_tensor(V.T, dtype=torch.float32)[:, :, None])
        self.dec_lin.weight.copy_(torch.as_tensor(V, dtype=torch.float32)[:, :, None])

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """[B, 2052, T] -> [B, D, T] (each of the T columns on its own)"""
        xc = x - self.mu
        return self.enc_lin(xc) / self.scale + self.enc_mlp(xc / self.sd)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """[B, D, T] -> [B, 2052, T]"""
        return self.mu + self.dec_lin(z) * self.scale + self.sd * self.dec_mlp(z)

    def config(self) -> dict:
        cfg = {"dims": self.dims, "hidden": self.hidden, "blocks": self.blocks}
        if self.fpl != FPL:  # checkpoints of the default layout stay as they were
            cfg["fpl"] = self.fpl
        return cfg


class OnnxEncoder(nn.Module):
    """logmag [1, 513, S] (S a multiple of FPL) -> z [1, D, S/FPL]."""

    def __init__(self, codec: Codec):
        super().__init__()
        self.codec = codec

    def forward(self, logmag: torch.Tensor) -> torch.Tensor:
        x = logmag.transpose(1, 2).reshape(1, -1, self.codec.patch)  # [1, T, FPL*513] frame-major
        return self.codec.encode(x.transpose(1, 2))  # [1, D, T]


class OnnxDecoder(nn.Module):
    """z [1, D, T] -> logmag [1, 513, FPL*T]."""

    def __init__(self, codec: Codec):
        super().__init__()
        self.codec = codec

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = self.codec.decode(z).transpose(1, 2)  # [1, T, 2052]
        return x.reshape(1, -1, BINS).transpose(1, 2)


def load_codec(path: str) -> Codec:
    ck = torch.load(path, map_location="cpu")
    c = Codec(**ck["config"])
    c.load_state_dict(ck["state"])
    c.eval()
    return c


class CausalContext(nn.Module):
    """A causal dilated convolution stack over latent frames: [B, D, C + M] -> [B, 2052, M],
    where C = receptive field - 1 past frames (no padding: the caller supplies the history).
    Its output layer starts at zero, so adding it to a trained frame-local decoder starts
    exactly at that decoder."""

    def __init__(self, dims: int, hidden: int = 256, dilations: tuple = (1, 2, 4), kernel: int = 3,
                 patch: int = PATCH):
        super().__init__()
        self.dilations = tuple(dilations)
        self.kernel = kernel
        self.context = sum((kernel - 1) * d for d in self.dilations)
        self.inp = nn.Conv1d(dims, hidden, kernel, dilation=self.dilations[0])
        self.convs = nn.ModuleList([nn.Conv1d(hidden, hidden, kernel, dilation=d) for d in self.dilations[1:]])
        self.norms = nn.ModuleList([ChannelNorm(hidden) for _ in self.dilations[1:]])
        self.out = dense(hidden, patch)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)
        self.act = nn.GELU()

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        h = self.act(self.inp(z))
        for n, c in zip(self.norms, self.convs):
            y = self.act(c(n(h)))
            h = h[:, :, h.shape[2] - y.shape[2]:] + y
        return self.out(h)


class ContextCodec(nn.Module):
    """The frame-local codec plus a causal context decoder: latent frame j decodes from
    z_{j-C..j}. The encoder stays frame-local. decode_valid([B, D, C + M]) -> [B, 2052, M]."""

    def __init__(self, base: Codec, hidden: int = 256, dilations: tuple = (1, 2, 4)):
        super().__init__()
        self.base = base
        self.dims, self.fpl, self.patch = base.dims, base.fpl, base.patch
        self.ctx = CausalContext(base.dims, hidden, dilations, patch=base.patch)
        self.context = self.ctx.context
        self.ctx_hidden = hidden
        self.register_buffer("z_silence", torch.zeros(1, base.dims, 1))

    @torch.no_grad()
    def set_silence(self, log_floor: float) -> None:
        """The latent of silence (every bin at the floor): the history before a stream starts."""
        x = torch.full((1, self.base.patch, 1), float(np.log(log_floor)))
        self.z_silence.copy_(self.base.encode(x))

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.base.encode(x)

    def decode_valid(self, z: torch.Tensor) -> torch.Tensor:
        C = self.context
        return self.base.decode(z[:, :, C:]) + self.base.sd * self.ctx(z)

    def decode(self, z: torch.Tensor, history: str = "silence") -> torch.Tensor:
        """[B, D, T] -> [B, 2052, T], with C frames of history before z: the silence latent
        (what a stream starts from) or "hold" (z's first frame repeated: a held entry)."""
        C = self.context
        if history == "hold":
            pad = z[:, :, :1].expand(-1, -1, C)
        else:
            pad = self.z_silence.expand(z.shape[0], -1, C)
        return self.decode_valid(torch.cat([pad, z], 2))

    def config(self) -> dict:
        return {**self.base.config(), "ctxHidden": self.ctx_hidden, "dilations": list(self.ctx.dilations)}


def load_any(path: str):
    """A Codec or ContextCodec checkpoint."""
    ck = torch.load(path, map_location="cpu")
    cfg = dict(ck["config"])
    ctx_hidden, dil = cfg.pop("ctxHidden", None), cfg.pop("dilations", None)
    base = Codec(**cfg)
    if ctx_hidden is None:
        base.load_state_dict(ck["state"])
        base.eval()
        return base
    c = ContextCodec(base, ctx_hidden, tuple(dil))
    c.load_state_dict(ck["state"])
    c.eval()
    return c


class OnnxContextDecoder(nn.Module):
    """z [1, D, C + T] (C frames of history, then T new ones) -> logmag [1, 513, 4T]."""

    def __init__(self, codec: ContextCodec):
        super().__init__()
        self.codec = codec

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = self.codec.decode_valid(z).transpose(1, 2)  # [1, T, 2052]
        return x.reshape(1, -1, BINS).transpose(1, 2)
