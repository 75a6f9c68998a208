"""TorchScript reference outputs of a RAVE-style module, to compare an exported pack against.

    /usr/bin/python3 models/recipes/rave_export/reference.py model.ts \
        [--encode audio.npy z.npy [--block FRAMES]] [--decode z.npy audio.npy]

--encode: audio.npy holds N samples (any shape, flattened); z.npy gets [1, D, N / ratio], the
  encoding of consecutive blocks of FRAMES latent frames each run on its own (as the engine
  streams), or of one call without --block.
--decode: z.npy holds [1, D, T] (or [D, T]); audio.npy gets decode(z) as [1, 1, T * ratio], one call.
Files are float32 .npy.
"""
from __future__ import annotations

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_rave import ExportError, load_rave, torch_decode, torch_encode  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--encode", nargs=2, metavar=("AUDIO_NPY", "Z_NPY"))
    ap.add_argument("--block", type=int, help="latent frames per encoder call")
    ap.add_argument("--decode", nargs=2, metavar=("Z_NPY", "AUDIO_NPY"))
    a = ap.parse_args()
    try:
        m = load_rave(a.model)
    except ExportError as e:
        print(f"reference: {e}", file=sys.stderr)
        sys.exit(1)
    if a.encode:
        x = np.load(a.encode[0]).astype(np.float32).ravel()
        if a.block:
            ratio = len(x) // torch_encode(m, x).shape[2]
            step = a.block * ratio
            z = np.concatenate([torch_encode(m, x[i: i + step]) for i in range(0, len(x), step)], axis=2)
        else:
            z = torch_encode(m, x)
        np.save(a.encode[1], z.astype(np.float32))
    if a.decode:
        z = np.load(a.decode[0]).astype(np.float32)
        if z.ndim == 2:
            z = z[None]
        np.save(a.decode[1], torch_decode(m, z).astype(np.float32))


if __name__ == "__main__":
    main()
