"""ONNX export (torch.onnx, opset 17), latent statistics, codebook + descriptors and model.json
for the neural-spectral pack. Statistics, k-means and descriptors are the pca_spectral
recipe's functions (fit.latent_stats, fit.kmeans, fit.entry_descriptors), imported.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
PCA_DIR = os.path.join(HERE, "..", "pca_spectral")
sys.path.insert(0, HERE)
sys.path.insert(1, PCA_DIR)

import fit  # noqa: E402  (pca_spectral/fit.py)
from model import BINS, Codec, ContextCodec, OnnxContextDecoder, OnnxDecoder, OnnxEncoder  # noqa: E402

# pca_spectral/export.py shares this file's module name: load it under another one.
_spec = importlib.util.spec_from_file_location("pca_export", os.path.join(PCA_DIR, "export.py"))
pca_export = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pca_export)
r6 = pca_export.r6


class TorchCodecAdapter:
    """What fit.entry_descriptors expects of a codec: decode_logmag([J, D]) -> [4J, 513], each
    of the J latent frames decoded on its own (for a context codec: as a held sound, its
    history the frame itself); decode_sequence_logmag decodes them as one stream starting
    from silence, as the engine does."""

    def __init__(self, codec):
        self.codec = codec

    def decode_logmag(self, Z: np.ndarray) -> np.ndarray:
        z = torch.as_tensor(Z, dtype=torch.float32)
        with torch.no_grad():
            if isinstance(self.codec, ContextCodec):
                x = self.codec.decode(z[:, :, None], history="hold")[:, :, 0].T[None]  # [1, 2052, J]
            else:
                x = self.codec.decode(z.T[None])  # [1, 2052, J]
        return x[0].T.reshape(-1, BINS).double().numpy()

    def decode_sequence_logmag(self, Z: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            x = self.codec.decode(torch.as_tensor(Z, dtype=torch.float32).T[None])  # [1, 2052, J]
        return x[0].T.reshape(-1, BINS).double().numpy()


def frames_per_latent(codec) -> int:
    return (codec.base if isinstance(codec, ContextCodec) else codec).fpl


def onnx_decoder(codec):
    return OnnxContextDecoder(codec) if isinstance(codec, ContextCodec) else OnnxDecoder(codec)


def with_history(codec, z: torch.Tensor) -> torch.Tensor:
    """[1, D, T] -> the ONNX decoder's input: the silence history first for a context codec."""
    if not isinstance(codec, ContextCodec):
        return z
    return torch.cat([codec.z_silence.expand(1, -1, codec.context), z], 2)


def encode_patches(codec: Codec, P: np.ndarray, chunk: int = 4096) -> np.ndarray:
    """[N, FPL, 513] (any float dtype) -> [N, D] float64."""
    out = []
    with torch.no_grad():
        for a in range(0, len(P), chunk):
            c = np.asarray(P[a:a + chunk], dtype=np.float32)
            x = torch.from_numpy(c.reshape(len(c), -1)).T[None]
            out.append(codec.encode(x)[0].T.double().numpy())
    return np.concatenate(out)


def export_onnx(codec: Codec, out_dir: str) -> None:
    codec.eval()
    D = codec.dims
    with torch.no_grad():
        torch.onnx.export(OnnxEncoder(codec), torch.randn(1, BINS, 4 * frames_per_latent(codec)), os.path.join(out_dir, "encoder.onnx"),
                          input_names=["logmag"], output_names=["z"], opset_version=17,
                          dynamic_axes={"logmag": {2: "S"}, "z": {2: "T"}})
        C = getattr(codec, "context", 0)
        torch.onnx.export(onnx_decoder(codec), torch.randn(1, D, C + 4), os.path.join(out_dir, "decoder.onnx"),
                          input_names=["z"], output_names=["logmag"], opset_version=17,
                          dynamic_axes={"z": {2: "T"}, "logmag": {2: "S"}})


def verify_onnx_node(out_dir: str, codec: Codec, repo_root: str) -> dict:
    """Runs verify_onnx.mjs (onnxruntime-web WASM, one thread, from the repo's node_modules):
    shapes, block-split identity, agreement with torch, and speed. Returns its JSON."""
    rng = np.random.default_rng(5)
    S = 64
    x = (rng.standard_normal((1, BINS, S)) * 2 - 3).astype(np.float32)
    with torch.no_grad():
        zt = OnnxEncoder(codec)(torch.from_numpy(x))
        y = onnx_decoder(codec)(with_history(codec, zt)).numpy()
        z = zt.numpy()
    np.save(os.path.join(out_dir, "_verify_in.npy"), x)
    C = getattr(codec, "context", 0)
    initial = codec.z_silence[0, :, 0].tolist() if C else []
    ref = {"z": z.ravel().tolist(), "y": y.ravel().tolist(), "D": codec.dims, "S": S, "C": C, "initial": initial,
           "F": frames_per_latent(codec)}
    ref_path = os.path.join(out_dir, "_verify_ref.json")
    with open(ref_path, "w") as f:
        json.dump({**ref, "x": x.ravel().tolist()}, f)
    try:
        r = subprocess.run(["node", os.path.join(HERE, "verify_onnx.mjs"), out_dir, ref_path],
                           cwd=repo_root, capture_output=True, text=True, timeout=300)
    finally:
        for p in (ref_path, os.path.join(out_dir, "_verify_in.npy")):
            if os.path.exists(p):
                os.remove(p)
    if r.returncode != 0:
        raise RuntimeError(f"verify_onnx.mjs failed:\n{r.stdout}\n{r.stderr}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def pack_extras(codec: Codec, P: np.ndarray, K: int, seed: int, log_floor: float,
                km_iters: int = 60, desc_gl: int = 50, max_rows: int = 100000, log=print):
    """Latent stats over (a seeded subset of) the training patches P, a K-entry k-means
    codebook and its descriptors, all with the pca_spectral recipe's functions."""
    rng = np.random.default_rng(seed)
    idx = np.sort(rng.choice(len(P), size=min(len(P), max_rows), replace=False))
    Z = encode_patches(codec, P[idx])
    stats = fit.latent_stats(Z, n_components=min(16, codec.dims))
    C = fit.kmeans(Z, K, seed=seed, iters=km_iters)
    adapter = TorchCodecAdapter(codec)
    desc = np.array([fit.entry_descriptors(adapter, c, log_floor, gl_iters=desc_gl) for c in C]).T
    log(f"stats over {len(Z)} latent frames (z RMS {np.sqrt(np.mean(Z ** 2)):.3f}); k-means K={K}; "
        f"descriptors: loudness {desc[0].min():.1f}..{desc[0].max():.1f} dB, {int((desc[2] > 0).sum())} pitched")
    return stats, C, desc, len(Z)


def manifest(codec: Codec, log_floor: float, stats, codebook, descriptors, trained_on: str,
             description: str, pack_id: str = "neural-spectral",
             name: str = "Neural spectral (residual-MLP autoencoder)",
             license: str = "MIT (weights and recipe). Trained on audio rendered from the FluidR3_GM "
                            "SoundFont (Frank Wen, MIT licence).") -> dict:
    mean, std, comps, comp_std = stats
    loud, cent, f0 = descriptors
    dims = codec.dims
    return {
        "format": "latent-patcher.model",
        "version": 1,
        "id": pack_id,
        "name": name,
        "license": license,
        "trainedOn": trained_on,
        "description": description,
        "sampleRate": 44100,
        "channels": 1,
        "latentDims": dims,
        "frontEnd": {"kind": "spectral", "fftSize": 1024, "stftHop": 256, "window": "hann",
                     "framesPerLatent": frames_per_latent(codec), "logFloor": log_floor},
        "encoder": {"file": "encoder.onnx", "input": "logmag", "output": "z"},
        "decoder": {"file": "decoder.onnx", "input": "z", "output": "logmag",
                    **({"context": {"frames": codec.context, "initial": r6(codec.z_silence[0, :, 0].numpy())}}
                       if isinstance(codec, ContextCodec) else {})},
        "stats": {"mean": r6(mean), "std": r6(std), "components": [r6(c) for c in comps],
                  "componentStd": r6(comp_std)},
        "codebook": {"entries": [r6(e) for e in codebook],
                     "descriptors": {"loudness": r6(loud), "centroid": r6(cent), "f0": r6(f0)}},
    }


def write_manifest(out_dir: str, man: dict) -> None:
    with open(os.path.join(out_dir, "model.json"), "w") as f:
        json.dump(man, f, separators=(",", ":"))
        f.write("\n")
