"""Exports a RAVE model (TorchScript, as `rave export` writes it, non-streaming) to a Latent
Patcher model pack: encoder.onnx, decoder.onnx, model.json and a README.

    /usr/bin/python3 models/recipes/rave_export/export_rave.py model.ts --id my-rave \
        --name "My RAVE" --license "CC-BY-4.0" --trained-on "what it was trained on" \
        --sample-rate 44100 [--ratio R] [--audio DIR] --out models/my-rave

The module must have `encode(x: [1, 1, N]) -> [1, D, N / ratio]` and
`decode(z: [1, D, T]) -> [1, 1, T * ratio]`. Each is wrapped in a small nn.Module and exported
with opset 17 and a dynamic time axis: encoder.onnx "audio" -> "z", decoder.onnx "z" -> "audio".
The ratio is probed by encoding 2^16 samples unless --ratio is given. The ONNX files are run
on a probe and compared with TorchScript (python onnxruntime if installed, otherwise the repo's
onnxruntime-web through node; --no-verify skips this). Latent statistics come from the wav files
in --audio (16-bit PCM at --sample-rate), or from the encoded probe noise without it; with
--audio a k-means codebook is added, each entry described by decoding it as a constant latent
(loudness: dB RMS; centroid: magnitude-weighted mean frequency; f0: YIN, 0 when unpitched).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "pca_spectral"))

import dsp  # noqa: E402  (pca_spectral: YIN)
import fit  # noqa: E402  (pca_spectral: latent_stats, kmeans)
from wav_io import read_wav_any, resample  # noqa: E402

OPSET = 17
PROBE = 1 << 16


class ExportError(Exception):
    """A problem the user must fix; printed as one line."""


def load_rave(path: str):
    import torch

    if not os.path.isfile(path):
        raise ExportError(f"{path}: no such file")
    try:
        m = torch.jit.load(path, map_location="cpu").eval()
    except Exception as e:  # noqa: BLE001
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ExportError(f"{path}: not a TorchScript module torch can load ({first})") from e
    missing = [n for n in ("encode", "decode") if not hasattr(m, n)]
    if missing:
        raise ExportError(
            f"{path}: the module has no {' or '.join(missing)} method "
            "(export the model with `rave export`, non-streaming)"
        )
    return m


def torch_encode(m, x: np.ndarray) -> np.ndarray:
    import torch

    with torch.no_grad():
        return m.encode(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)).reshape(1, 1, -1)).numpy()


def torch_decode(m, z: np.ndarray) -> np.ndarray:
    import torch

    with torch.no_grad():
        return m.decode(torch.from_numpy(np.ascontiguousarray(z, dtype=np.float32))).numpy()


def shape_str(s) -> str:
    return "[" + ",".join(str(int(v)) for v in s) + "]"


def probe_ratio(m, path: str, ratio: int | None) -> tuple[int, int, np.ndarray, np.ndarray]:
    """Encodes 2^16 samples of noise; returns (ratio, D, probe audio, its latents [1, D, T])."""
    x = (0.1 * np.random.default_rng(0).standard_normal(PROBE)).astype(np.float32)
    try:
        z = torch_encode(m, x)
    except Exception as e:  # noqa: BLE001
        raise ExportError(f"{path}: encode([1,1,{PROBE}]) failed ({str(e).strip().splitlines()[0]})") from e
    if z.ndim != 3 or z.shape[0] != 1 or z.shape[2] < 1:
        raise ExportError(f"{path}: encode([1,1,{PROBE}]) gave {shape_str(z.shape)}, expected [1,D,{PROBE}/ratio]")
    d, t = int(z.shape[1]), int(z.shape[2])
    if ratio is None:
        if PROBE % t:
            raise ExportError(f"{path}: encode([1,1,{PROBE}]) gave {shape_str(z.shape)}: {PROBE} is not a multiple of {t} frames")
        ratio = PROBE // t
    elif PROBE % ratio or t != PROBE // ratio:
        raise ExportError(f"{path}: encode([1,1,{PROBE}]) gave {shape_str(z.shape)}, expected [1,{d},{PROBE // ratio}] (--ratio {ratio})")
    # a second length, to catch models whose frame count is not N / ratio
    n2 = 3 * ratio * max(1, 2048 // ratio)
    z2 = torch_encode(m, x[:n2])
    if z2.shape != (1, d, n2 // ratio):
        raise ExportError(f"{path}: encode([1,1,{n2}]) gave {shape_str(z2.shape)}, expected [1,{d},{n2 // ratio}] (ratio {ratio})")
    y = torch_decode(m, z2)
    if y.shape != (1, 1, n2):
        raise ExportError(f"{path}: decode({shape_str(z2.shape)}) gave {shape_str(y.shape)}, expected [1,1,{n2}] (ratio {ratio})")
    return ratio, d, x, z


def export_onnx(m, out: str) -> None:
    import torch
    from torch import nn

    class Enc(nn.Module):
        def __init__(self, rave):
            super().__init__()
            self.rave = rave

        def forward(self, audio: torch.Tensor) -> torch.Tensor:
            return self.rave.encode(audio)

    class Dec(nn.Module):
        def __init__(self, rave):
            super().__init__()
            self.rave = rave

        def forward(self, z: torch.Tensor) -> torch.Tensor:
            return self.rave.decode(z)

    x = torch.zeros(1, 1, PROBE // 4)
    with torch.no_grad():
        z = m.encode(x)
    for mod, arg, inp, outp, axis in (
        (Enc(m), x, "audio", "z", ("n", "t")),
        (Dec(m), z, "z", "audio", ("t", "n")),
    ):
        path = os.path.join(out, "encoder.onnx" if inp == "audio" else "decoder.onnx")
        # scripted, not traced: tracing cannot step into a loaded TorchScript module's methods
        torch.onnx.export(
            torch.jit.script(mod), (arg,), path, input_names=[inp], output_names=[outp], opset_version=OPSET,
            dynamic_axes={inp: {2: axis[0]}, outp: {2: axis[1]}}, do_constant_folding=True,
        )
        import onnx

        onnx.checker.check_model(onnx.load(path))


def verify(out: str, m, ratio: int, d: int, how: str) -> dict:
    """Runs both ONNX files on a probe and compares with TorchScript; returns max |diff|."""
    n = ratio * max(8, 8192 // ratio)
    x = (0.3 * np.sin(2 * np.pi * 220 * np.arange(n) / 16000) + 0.05 * np.random.default_rng(1).standard_normal(n)).astype(np.float32)
    z = torch_encode(m, x)
    y = torch_decode(m, z)
    if how == "python":
        import onnxruntime as ort

        enc = ort.InferenceSession(os.path.join(out, "encoder.onnx"), providers=["CPUExecutionProvider"])
        dec = ort.InferenceSession(os.path.join(out, "decoder.onnx"), providers=["CPUExecutionProvider"])
        zo = enc.run(["z"], {"audio": x.reshape(1, 1, -1)})[0]
        yo = dec.run(["audio"], {"z": z})[0]
    else:
        with tempfile.TemporaryDirectory() as tmp:
            ref = os.path.join(tmp, "probe.json")
            with open(ref, "w") as f:
                json.dump({"x": x.tolist(), "z": z.ravel().tolist(), "D": d, "T": int(z.shape[2])}, f)
            r = subprocess.run(["node", os.path.join(HERE, "run_onnx.mjs"), out, ref], cwd=REPO, capture_output=True, text=True)
            if r.returncode != 0:
                raise ExportError(f"run_onnx.mjs failed: {(r.stderr or r.stdout).strip().splitlines()[-1:]}")
            got = json.loads(r.stdout)
        zo = np.asarray(got["z"], dtype=np.float32).reshape(got["zDims"])
        yo = np.asarray(got["audio"], dtype=np.float32).reshape(got["audioDims"])
    if zo.shape != z.shape:
        raise ExportError(f"encoder.onnx gave {shape_str(zo.shape)} on [1,1,{n}], TorchScript {shape_str(z.shape)}")
    if yo.shape != y.shape:
        raise ExportError(f"decoder.onnx gave {shape_str(yo.shape)} on {shape_str(z.shape)}, TorchScript {shape_str(y.shape)}")
    return {"encoder": float(np.abs(zo - z).max()), "decoder": float(np.abs(yo - y).max())}


def pick_verifier(no_verify: bool) -> str | None:
    if no_verify:
        return None
    try:
        import onnxruntime  # noqa: F401

        return "python"
    except ImportError:
        pass
    if shutil.which("node") and os.path.isdir(os.path.join(REPO, "node_modules", "onnxruntime-web")):
        return "node"
    raise ExportError("cannot check the ONNX files: install onnxruntime (pip install onnxruntime), run `npm install` in the repo, or pass --no-verify")


def read_audio_dir(path: str, sr: int) -> list[np.ndarray]:
    if not os.path.isdir(path):
        raise ExportError(f"{path}: no such directory")
    files = sorted(f for f in os.listdir(path) if f.lower().endswith(".wav"))
    if not files:
        raise ExportError(f"{path}: no .wav files")
    out = []
    for f in files:
        p = os.path.join(path, f)
        try:
            x, rate = read_wav_any(p)
        except ValueError as e:
            raise ExportError(str(e)) from e
        # Read as the command line reads it: any PCM or float WAV, mixed to mono, resampled.
        out.append(resample(x, rate, sr))
    return out


def encode_long(m, x: np.ndarray, ratio: int, chunk: int = 1 << 18) -> np.ndarray:
    """[T, D] latents of a signal, encoded in chunks of 2^18 samples (trailing partial frame dropped)."""
    n = len(x) // ratio * ratio
    step = chunk // ratio * ratio
    parts = [torch_encode(m, x[a: min(n, a + step)])[0].T for a in range(0, n, step) if min(n, a + step) > a]
    return np.concatenate(parts) if parts else np.zeros((0, 0), np.float32)


def entry_descriptors(m, entry: np.ndarray, ratio: int, sr: int, seconds: float = 0.5) -> tuple[float, float, float]:
    """Decodes `entry` as a constant latent for `seconds`, measures the middle half."""
    t = max(4, int(np.ceil(seconds * sr / ratio)))
    y = torch_decode(m, np.repeat(entry.astype(np.float32)[None, :, None], t, axis=2))[0, 0].astype(np.float64)
    mid = y[len(y) // 4: 3 * len(y) // 4]
    rms = float(np.sqrt(np.mean(mid ** 2)))
    loud = max(-120.0, 20 * np.log10(max(rms, 1e-9)))
    mag = np.abs(np.fft.rfft(mid * np.hanning(len(mid))))
    freqs = np.fft.rfftfreq(len(mid), 1.0 / sr)
    centroid = float((freqs * mag).sum() / mag.sum()) if mag.sum() > 1e-9 else 0.0
    c = len(y) // 2
    seg = y[max(0, c - 1024): c + 1024]
    f0 = dsp.yin_f0(seg, sr=sr) if len(seg) >= 512 else 0.0
    return loud, centroid, f0


def r6(a) -> list:
    return [float(f"{v:.6g}") for v in np.asarray(a, dtype=np.float64).ravel()]


README = """# {name}

Latent Patcher model pack exported from `{src}` by `models/recipes/rave_export/export_rave.py`.

- id `{id}`, {sr} Hz, {d} latent dims, waveform front end with ratio {ratio}
  ({rate:.2f} latent frames per second)
- license: {license}
- trained on: {trained_on}
- statistics: {stats_from}
- codebook: {codebook}
- ONNX check on a {probe}-sample probe, max |ONNX - TorchScript|: {check}

Limitation: the engine runs a pack block by block. RAVE's convolutions see context across
latent frames, so streamed output at block edges differs from one call over the whole signal.
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", help="TorchScript file written by `rave export` (non-streaming)")
    ap.add_argument("--id", required=True, help="pack id; lower-case letters, digits, '.', '_', '-'")
    ap.add_argument("--name", required=True)
    ap.add_argument("--license", required=True)
    ap.add_argument("--trained-on", required=True)
    ap.add_argument("--description")
    ap.add_argument("--sample-rate", type=int, required=True, help="Hz, the rate the model was trained at")
    ap.add_argument("--ratio", type=int, help="samples per latent frame (default: probe it)")
    ap.add_argument("--audio", help="folder of 16-bit wav files at --sample-rate for stats and a codebook")
    ap.add_argument("--codebook-size", type=int, default=32)
    ap.add_argument("--no-verify", action="store_true", help="skip running the ONNX files")
    ap.add_argument("--out", required=True, help="pack folder; its name must be the id")
    a = ap.parse_args()
    try:
        run(a)
    except ExportError as e:
        print(f"export_rave: {e}", file=sys.stderr)
        sys.exit(1)


def run(a) -> None:
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", a.id):
        raise ExportError(f"--id {a.id!r}: use lower-case letters, digits, '.', '_' or '-'")
    if os.path.basename(os.path.normpath(a.out)) != a.id:
        raise ExportError(f"--out {a.out}: the folder name must be the id ({a.id})")
    if not 8000 <= a.sample_rate <= 192000:
        raise ExportError(f"--sample-rate {a.sample_rate}: expected 8000..192000 Hz")
    if a.ratio is not None and a.ratio < 1:
        raise ExportError(f"--ratio {a.ratio}: expected a positive integer")
    how = pick_verifier(a.no_verify)
    m = load_rave(a.model)
    ratio, d, probe_x, probe_z = probe_ratio(m, a.model, a.ratio)
    print(f"probe: encode([1,1,{PROBE}]) -> {shape_str(probe_z.shape)}: ratio {ratio}, {d} dims")
    sounds = read_audio_dir(a.audio, a.sample_rate) if a.audio else None

    os.makedirs(a.out, exist_ok=True)
    export_onnx(m, a.out)
    check = verify(a.out, m, ratio, d, how) if how else None
    if check is not None:
        print(f"ONNX vs TorchScript ({how}): max |diff| encoder {check['encoder']:.2e}, decoder {check['decoder']:.2e}")
        for part, diff in check.items():
            if diff > 1e-3:
                print(f"warning: {part}.onnx differs from TorchScript by up to {diff:.2e}; "
                      "a random (sampling) encode, or an operator ONNX exports differently?")

    if sounds is not None:
        Z = np.concatenate([encode_long(m, s, ratio) for s in sounds if len(s) >= ratio] or [np.zeros((0, d))])
        if len(Z) < 2:
            raise ExportError(f"{a.audio}: the wav files give {len(Z)} latent frames; need at least 2")
        stats_from = f"{len(Z)} latent frames of the {len(sounds)} wav files in {a.audio}"
    else:
        Z = probe_z[0].T
        stats_from = f"{len(Z)} latent frames of encoded white noise (RMS 0.1); pass --audio for real statistics"
    Z = Z.astype(np.float64)
    mean, std, comps, cstd = fit.latent_stats(Z, d)
    man = {
        "format": "latent-patcher.model",
        "version": 1,
        "id": a.id,
        "name": a.name,
        "license": a.license,
        "trainedOn": a.trained_on,
        **({"description": a.description} if a.description else {}),
        "sampleRate": a.sample_rate,
        "channels": 1,
        "latentDims": d,
        "frontEnd": {"kind": "waveform", "ratio": ratio},
        "encoder": {"file": "encoder.onnx", "input": "audio", "output": "z"},
        "decoder": {"file": "decoder.onnx", "input": "z", "output": "audio"},
        "stats": {"mean": r6(mean), "std": r6(std), "components": [r6(c) for c in comps], "componentStd": r6(cstd)},
    }
    codebook = "none (pass --audio)"
    if sounds is not None:
        k = max(1, min(a.codebook_size, len(Z) // 4))
        C = fit.kmeans(Z, k, seed=0)
        desc = [entry_descriptors(m, c, ratio, a.sample_rate) for c in C]
        man["codebook"] = {
            "entries": [r6(c) for c in C],
            "descriptors": {
                "loudness": r6([v[0] for v in desc]),
                "centroid": r6([v[1] for v in desc]),
                "f0": r6([v[2] for v in desc]),
            },
        }
        codebook = f"{k} k-means entries with descriptors (constant latent decoded for 0.5 s)"
    with open(os.path.join(a.out, "model.json"), "w") as f:
        json.dump(man, f, indent=2)
        f.write("\n")
    with open(os.path.join(a.out, "README.md"), "w") as f:
        f.write(README.format(
            name=a.name, src=os.path.basename(a.model), id=a.id, sr=a.sample_rate, d=d, ratio=ratio,
            rate=a.sample_rate / ratio, license=a.license, trained_on=a.trained_on, stats_from=stats_from,
            codebook=codebook, probe=ratio * max(8, 8192 // ratio),
            check="not run (--no-verify)" if check is None else f"encoder {check['encoder']:.2e}, decoder {check['decoder']:.2e}",
        ))
    print(f"wrote {a.out}: model.json, encoder.onnx, decoder.onnx, README.md")


if __name__ == "__main__":
    main()
