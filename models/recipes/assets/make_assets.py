"""Renders the builtin demo/test recordings in assets/audio/ (also the held-out set of the
pca-spectral recipe: these hand-written phrases are never used for training).

    /usr/bin/python3 models/recipes/assets/make_assets.py [--out assets/audio]

Mono 44100 Hz 16-bit PCM, 4.0 s each, peak-normalised to -3 dBFS. piano-reverb.wav is the
same render as piano.wav convolved with a synthetic exponentially decaying noise impulse
response (1.5 s, seed 7) mixed 40 % wet, so the pair is sample-aligned.
"""
from __future__ import annotations

import argparse
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pca_spectral"))

from midi import Song  # noqa: E402
from render import SR, render_song, write_wav  # noqa: E402

DURATION = 4.0
PEAK_DBFS = -3.0


def piano_song() -> Song:
    s = Song()
    s.program(0, 0, 0)
    # right hand: a short D-major melody; left hand: two broken chords
    melody = [(0.0, 0.45, 74), (0.5, 0.45, 76), (1.0, 0.45, 78), (1.5, 0.7, 81),
              (2.25, 0.25, 79), (2.5, 0.45, 78), (3.0, 0.8, 74)]
    for t, d, p in melody:
        s.note(t, d, 0, p, 92)
    for t, p in [(0.0, 50), (0.25, 57), (0.5, 62), (1.5, 55), (1.75, 59), (2.0, 62), (3.0, 50), (3.0, 57)]:
        s.note(t, 0.9, 0, p, 64)
    return s


def guitar_song() -> Song:
    s = Song()
    s.program(0, 0, 24)  # nylon string guitar
    seq = [45, 52, 57, 60, 64, 60, 57, 52, 43, 50, 55, 59, 62, 59, 55, 50]
    for i, p in enumerate(seq[:14]):
        s.note(i * 0.22, 0.9, 0, p, 80 + (10 if i % 4 == 0 else 0))
    s.note(3.1, 0.8, 0, 57, 70)
    s.note(3.1, 0.8, 0, 64, 70)
    return s


def cello_song() -> Song:
    s = Song()
    s.program(0, 0, 42)
    for t, d, p in [(0.0, 1.45, 48), (1.5, 0.95, 50), (2.5, 1.4, 55)]:
        s.note(t, d, 0, p, 88)
    return s


def flute_song() -> Song:
    s = Song()
    s.program(0, 0, 73)
    line = [(0.0, 0.3, 79), (0.33, 0.3, 81), (0.66, 0.6, 83), (1.33, 0.3, 86), (1.66, 0.3, 84),
            (2.0, 0.6, 83), (2.66, 0.3, 81), (3.0, 0.85, 79)]
    for t, d, p in line:
        s.note(t, d, 0, p, 90)
    return s


def finish(x: np.ndarray) -> np.ndarray:
    n = int(DURATION * SR)
    x = x[:n] if len(x) >= n else np.pad(x, (0, n - len(x)))
    fade = int(0.05 * SR)
    x = x.astype(np.float64).copy()
    x[-fade:] *= np.linspace(1.0, 0.0, fade)
    return x * (10 ** (PEAK_DBFS / 20) / max(np.abs(x).max(), 1e-9))


def convolution_reverb(x: np.ndarray, seconds: float = 1.5, wet: float = 0.4, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    t = np.arange(n) / SR
    ir = rng.standard_normal(n) * np.exp(-t * 6.91 / seconds)  # -60 dB at `seconds`
    ir[: int(0.01 * SR)] *= np.linspace(0, 1, int(0.01 * SR))  # 10 ms fade-in (pre-delay feel)
    ir /= np.sqrt(np.sum(ir ** 2))
    m = len(x) + n - 1
    nfft = 1 << (m - 1).bit_length()
    y = np.fft.irfft(np.fft.rfft(x, nfft) * np.fft.rfft(ir, nfft), nfft)[: len(x)]
    y *= np.sqrt(np.sum(x ** 2) / max(np.sum(y ** 2), 1e-20))  # equal energy before mixing
    return (1 - wet) * x + wet * y


def render_assets(out: str) -> dict[str, str]:
    """Writes the five WAVs into `out`; returns name -> path."""
    os.makedirs(out, exist_ok=True)
    paths = {}
    piano_dry = render_song(piano_song(), reverb=False, tail=1.0)
    takes = {
        "piano": piano_dry,
        "piano-reverb": convolution_reverb(piano_dry),
        "guitar": render_song(guitar_song(), reverb=False, tail=1.0),
        "cello": render_song(cello_song(), reverb=False, tail=1.0),
        "flute": render_song(flute_song(), reverb=False, tail=1.0),
    }
    for name, x in takes.items():
        p = os.path.join(out, f"{name}.wav")
        write_wav(p, finish(x))
        paths[name] = p
    return paths


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.normpath(os.path.join(HERE, "..", "..", "..", "assets", "audio")))
    a = ap.parse_args()
    for name, p in render_assets(a.out).items():
        print(name, p)
