"""ONNX graphs (onnx.helper, opset 17, IR 8) and model.json for the pca-spectral pack."""
from __future__ import annotations

import json

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from fit import BINS, FPL, PCACodec


def _model(graph) -> onnx.ModelProto:
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                          producer_name="latent-patcher pca_spectral recipe")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def encoder_graph(codec: PCACodec) -> onnx.ModelProto:
    """logmag [1, 513, S] -> z [1, D, S/4]; latent frame j = PCA of STFT frames 4j..4j+3."""
    D = codec.V.shape[1]
    inits = [
        numpy_helper.from_array(np.array([1, -1, FPL * BINS], dtype=np.int64), "stack_shape"),
        numpy_helper.from_array(codec.mu.astype(np.float32), "mean"),
        numpy_helper.from_array(codec.enc_w.astype(np.float32), "proj"),
    ]
    nodes = [
        helper.make_node("Transpose", ["logmag"], ["frames"], perm=[0, 2, 1]),      # [1,S,513]
        helper.make_node("Reshape", ["frames", "stack_shape"], ["stacked"]),       # [1,S/4,2052]
        helper.make_node("Sub", ["stacked", "mean"], ["centred"]),
        helper.make_node("MatMul", ["centred", "proj"], ["zt"]),                    # [1,S/4,D]
        helper.make_node("Transpose", ["zt"], ["z"], perm=[0, 2, 1]),              # [1,D,S/4]
    ]
    g = helper.make_graph(
        nodes, "pca_spectral_encoder",
        [helper.make_tensor_value_info("logmag", TensorProto.FLOAT, [1, BINS, "S"])],
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, [1, D, "T"])],
        inits)
    return _model(g)


def decoder_graph(codec: PCACodec) -> onnx.ModelProto:
    """z [1, D, T] -> logmag [1, 513, 4T] (inverts the encoder's frame-major stacking)."""
    D = codec.V.shape[1]
    inits = [
        numpy_helper.from_array(codec.dec_w.astype(np.float32), "basis"),
        numpy_helper.from_array(codec.mu.astype(np.float32), "mean"),
        numpy_helper.from_array(np.array([1, -1, BINS], dtype=np.int64), "frames_shape"),
    ]
    nodes = [
        helper.make_node("Transpose", ["z"], ["zt"], perm=[0, 2, 1]),              # [1,T,D]
        helper.make_node("MatMul", ["zt", "basis"], ["proj"]),                     # [1,T,2052]
        helper.make_node("Add", ["proj", "mean"], ["stacked"]),
        helper.make_node("Reshape", ["stacked", "frames_shape"], ["frames"]),      # [1,4T,513]
        helper.make_node("Transpose", ["frames"], ["logmag"], perm=[0, 2, 1]),     # [1,513,4T]
    ]
    g = helper.make_graph(
        nodes, "pca_spectral_decoder",
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, [1, D, "T"])],
        [helper.make_tensor_value_info("logmag", TensorProto.FLOAT, [1, BINS, "S"])],
        inits)
    return _model(g)


def r6(a) -> list:
    """Round to 6 significant digits for a compact JSON."""
    return [float(f"{float(v):.6g}") for v in np.asarray(a).ravel()]


def manifest(codec: PCACodec, log_floor: float, stats, codebook, descriptors, trained_on: str) -> dict:
    mean, std, comps, comp_std = stats
    loud, cent, f0 = descriptors
    D = codec.V.shape[1]
    return {
        "format": "latent-patcher.model",
        "version": 1,
        "id": "pca-spectral",
        "name": "PCA spectral (linear default)",
        "license": "MIT (weights and recipe). Trained on audio rendered from the FluidR3_GM "
                   "SoundFont (Frank Wen, MIT licence).",
        "trainedOn": trained_on,
        "description": (
            f"A linear codec: PCA of 4 stacked causal log-magnitude STFT frames "
            f"(1024-point periodic Hann, hop 256, ln(|X| + {log_floor:g})) to {D} dims, one latent frame "
            f"per 1024 samples (~43 frames/s). z = (x - mean) @ V / s with one global scale "
            f"s = {codec.scale:.6g} (RMS of z over training = 1; not whitened per dim). "
            "Per-frame independent, so any block split gives the same result."),
        "sampleRate": 44100,
        "channels": 1,
        "latentDims": D,
        "frontEnd": {"kind": "spectral", "fftSize": 1024, "stftHop": 256, "window": "hann",
                     "framesPerLatent": FPL, "logFloor": log_floor},
        "encoder": {"file": "encoder.onnx", "input": "logmag", "output": "z"},
        "decoder": {"file": "decoder.onnx", "input": "z", "output": "logmag"},
        "stats": {"mean": r6(mean), "std": r6(std), "components": [r6(c) for c in comps],
                  "componentStd": r6(comp_std)},
        "codebook": {"entries": [r6(e) for e in codebook],
                     "descriptors": {"loudness": r6(loud), "centroid": r6(cent), "f0": r6(f0)}},
    }


def write_pack(out_dir: str, codec: PCACodec, man: dict) -> None:
    onnx.save(encoder_graph(codec), f"{out_dir}/encoder.onnx")
    onnx.save(decoder_graph(codec), f"{out_dir}/decoder.onnx")
    with open(f"{out_dir}/model.json", "w") as f:
        json.dump(man, f, separators=(",", ":"))
        f.write("\n")
