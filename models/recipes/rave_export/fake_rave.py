"""A tiny fake RAVE model for tests: a TorchScript module with RAVE's non-streaming export API.

    /usr/bin/python3 models/recipes/rave_export/fake_rave.py OUT.ts [--ratio 64] [--dims 8]

encode(x: [1, 1, N]) -> [1, D, N / ratio]: a strided Conv1d (kernel = stride = ratio) then a
Conv1d with kernel 3 across latent frames, so, like RAVE, a latent frame sees its neighbours.
decode(z: [1, D, T]) -> [1, 1, T * ratio]: a Conv1d with kernel 3, tanh, then a ConvTranspose1d
(kernel = stride = ratio). Random weights (seed 0): it makes noise, not music.
"""
from __future__ import annotations

import argparse

import torch
from torch import nn


class FakeRave(nn.Module):
    def __init__(self, ratio: int, dims: int, hidden: int = 16):
        super().__init__()
        self.enc1 = nn.Conv1d(1, hidden, ratio, stride=ratio)
        self.enc2 = nn.Conv1d(hidden, dims, 3, padding=1)
        self.dec1 = nn.Conv1d(dims, hidden, 3, padding=1)
        self.dec2 = nn.ConvTranspose1d(hidden, 1, ratio, stride=ratio)

    @torch.jit.export
    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.enc2(torch.tanh(self.enc1(x)))

    @torch.jit.export
    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.dec2(torch.tanh(self.dec1(z))))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="where to write the TorchScript file (.ts)")
    ap.add_argument("--ratio", type=int, default=64)
    ap.add_argument("--dims", type=int, default=8)
    a = ap.parse_args()
    torch.manual_seed(0)
    m = torch.jit.script(FakeRave(a.ratio, a.dims).eval())
    m.save(a.out)
    print(f"wrote {a.out}: ratio {a.ratio}, {a.dims} latent dims")


if __name__ == "__main__":
    main()
