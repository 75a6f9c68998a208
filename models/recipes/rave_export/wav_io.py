"""Reads the WAV files the command line reads: PCM 8/16/24/32-bit, float 32/64-bit, plain or
WAVE_FORMAT_EXTENSIBLE headers, chunks in any order, any channel count (mixed to mono), and
resamples them to the model's rate (band-limited, by FFT). NumPy only."""
from __future__ import annotations

import struct

import numpy as np

PCM, FLOAT, EXTENSIBLE = 1, 3, 0xFFFE


def _chunks(data: bytes, path: str):
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError(f"{path}: not a WAV file (no RIFF/WAVE header)")
    at = 12
    while at + 8 <= len(data):
        cid, size = data[at:at + 4], struct.unpack_from("<I", data, at + 4)[0]
        yield cid, data[at + 8:at + 8 + size]
        at += 8 + size + (size & 1)


def read_wav_any(path: str) -> tuple[np.ndarray, int]:
    """Returns (mono float32 samples, sample rate); raises ValueError naming the file."""
    with open(path, "rb") as f:
        data = f.read()
    fmt = body = None
    for cid, chunk in _chunks(data, path):
        if cid == b"fmt ":
            fmt = chunk
        elif cid == b"data":
            body = chunk
    if fmt is None or len(fmt) < 16:
        raise ValueError(f"{path}: no fmt chunk")
    if body is None:
        raise ValueError(f"{path}: no data chunk")
    tag, channels, rate, _, _, bits = struct.unpack_from("<HHIIHH", fmt)
    if tag == EXTENSIBLE:
        if len(fmt) < 26:
            raise ValueError(f"{path}: extensible fmt chunk too short")
        tag = struct.unpack_from("<H", fmt, 24)[0]  # the sub-format GUID starts with the tag
    if channels < 1 or rate < 1:
        raise ValueError(f"{path}: {channels} channels at {rate} Hz")
    width = bits // 8
    frames = len(body) // (width * channels)
    raw = body[: frames * width * channels]
    if tag == FLOAT and bits in (32, 64):
        x = np.frombuffer(raw, dtype="<f4" if bits == 32 else "<f8").astype(np.float64)
    elif tag == PCM and bits == 8:
        x = (np.frombuffer(raw, dtype=np.uint8).astype(np.float64) - 128.0) / 128.0
    elif tag == PCM and bits in (16, 32):
        x = np.frombuffer(raw, dtype=f"<i{width}").astype(np.float64) / 2.0 ** (bits - 1)
    elif tag == PCM and bits == 24:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        x = np.where(v >= 1 << 23, v - (1 << 24), v).astype(np.float64) / 2.0 ** 23
    else:
        kind = {PCM: "PCM", FLOAT: "float"}.get(tag, f"format {tag}")
        raise ValueError(f"{path}: {bits}-bit {kind} is not supported (PCM 8/16/24/32-bit or float 32/64-bit)")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{path}: NaN or infinite samples")
    return x.reshape(-1, channels).mean(axis=1).astype(np.float32), rate


def resample(x: np.ndarray, rate: int, to: int) -> np.ndarray:
    """Band-limited resampling by FFT (whole signal); the length becomes round(len * to / rate)."""
    if rate == to or len(x) == 0:
        return x.astype(np.float32)
    n = len(x)
    m = max(1, int(round(n * to / rate)))
    spectrum = np.fft.rfft(x.astype(np.float64))
    keep = min(len(spectrum), m // 2 + 1)
    out = np.zeros(m // 2 + 1, dtype=complex)
    out[:keep] = spectrum[:keep]
    return (np.fft.irfft(out, m) * (m / n)).astype(np.float32)
