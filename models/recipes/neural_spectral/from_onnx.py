"""Recovers a train.py checkpoint from an exported frame-local pack's ONNX files.

The shipped pack's .pt checkpoint is not kept in git (models/*/data/ is ignored), but its
encoder.onnx and decoder.onnx hold every weight as an initializer named after the torch
parameter ("codec.enc_mlp.inp.weight", ...). This reads them into model.Codec, checks that the
recovered codec reproduces the ONNX graphs in onnxruntime-web (verify_onnx.mjs, as export.py
does: max |onnx - torch| for encoder and decoder), and saves a checkpoint that train.py --init
and make_pack.py --init / --checkpoint accept.

    /usr/bin/python3 models/recipes/neural_spectral/from_onnx.py \
        --pack models/neural-spectral --out models/neural-spectral/data/ckpt_shipped.pt
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, HERE)

from model import BINS, Codec  # noqa: E402

PREFIX = "codec."


def read_initializers(path: str) -> dict[str, np.ndarray]:
    """name -> array of every initializer of an ONNX file."""
    import onnx
    from onnx import numpy_helper

    m = onnx.load(path)
    return {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}


def codec_from_onnx(pack_dir: str) -> tuple[Codec, dict]:
    """The Codec whose weights are the pack's encoder.onnx + decoder.onnx initializers, and the
    pack's model.json. Raises ValueError naming what does not fit (a context decoder, a missing
    or misshapen weight)."""
    with open(os.path.join(pack_dir, "model.json")) as f:
        man = json.load(f)
    fe = man.get("frontEnd", {})
    if fe.get("kind") != "spectral" or man.get("decoder", {}).get("context"):
        raise ValueError(f"{pack_dir}: only frame-local spectral packs can be recovered")
    weights: dict[str, np.ndarray] = {}
    for part in ("encoder", "decoder"):
        for name, arr in read_initializers(os.path.join(pack_dir, man[part]["file"])).items():
            if not name.startswith(PREFIX):
                continue
            key = name[len(PREFIX):]
            if key in weights and not np.array_equal(weights[key], arr):
                raise ValueError(f"{pack_dir}: {key} differs between encoder and decoder")
            weights[key] = arr
    if "enc_mlp.inp.weight" not in weights:
        raise ValueError(f"{pack_dir}: its ONNX files hold no codec.enc_mlp weights (not a neural-spectral codec)")
    hidden = weights["enc_mlp.inp.weight"].shape[0]
    blocks = sum(1 for k in weights if k.startswith("enc_mlp.lins.") and k.endswith(".weight"))
    fpl = int(fe.get("framesPerLatent", 4))
    codec = Codec(int(man["latentDims"]), hidden, blocks, fpl)
    state = codec.state_dict()
    missing = sorted(set(state) - set(weights))
    if missing:
        raise ValueError(f"{pack_dir}: the ONNX files lack {', '.join(missing)}")
    for k, v in state.items():
        if tuple(weights[k].shape) != tuple(v.shape):
            raise ValueError(f"{pack_dir}: {k} has shape {weights[k].shape}, the model wants {tuple(v.shape)}")
    codec.load_state_dict({k: torch.from_numpy(np.array(weights[k], np.float32)) for k in state})
    codec.eval()
    return codec, man


def verify(codec: Codec, pack_dir: str) -> dict:
    """verify_onnx.mjs on a copy of the pack's ONNX files (the pack folder is left untouched)."""
    import export

    with tempfile.TemporaryDirectory() as tmp:
        for f in ("encoder.onnx", "decoder.onnx"):
            shutil.copy(os.path.join(pack_dir, f), tmp)
        return export.verify_onnx_node(tmp, codec, REPO)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", default=os.path.join(REPO, "models", "neural-spectral"))
    ap.add_argument("--out", required=True, help="the checkpoint to write (.pt)")
    ap.add_argument("--tolerance", type=float, default=1e-4,
                    help="largest |onnxruntime-web - torch| accepted (log-magnitudes and latents)")
    ap.add_argument("--no-verify", action="store_true")
    a = ap.parse_args()
    try:
        codec, man = codec_from_onnx(a.pack)
    except (ValueError, KeyError, OSError) as e:
        raise SystemExit(f"from_onnx: {e}") from None
    report = {}
    if not a.no_verify:
        report = verify(codec, a.pack)
        worst = max(float(report["encoderVsTorch"]), float(report["decoderVsTorch"]))
        print(json.dumps(report), flush=True)
        if not worst <= a.tolerance:
            raise SystemExit(f"the recovered codec differs from {a.pack}'s ONNX by {worst:g} (> {a.tolerance:g})")
    floor = float(man["frontEnd"].get("logFloor", 1e-3))
    ck = {"config": codec.config(), "state": {k: v.clone() for k, v in codec.state_dict().items()}, "step": 0,
          "history": [], "pcaVal": {"total": None, "note": "unknown: recovered from ONNX"},
          "trainSeconds": 0.0, "logFloor": floor, "recoveredFrom": os.path.relpath(a.pack, REPO),
          "verify": report}
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    torch.save(ck, a.out)
    n = sum(p.numel() for p in codec.parameters())
    print(f"{a.out}: {codec.dims} dims, {codec.hidden} hidden, {codec.blocks} blocks, {codec.fpl} frames per latent, "
          f"{n / 1e6:.2f} M params, log floor {floor:g}; patch size {codec.fpl * BINS}")


if __name__ == "__main__":
    main()
