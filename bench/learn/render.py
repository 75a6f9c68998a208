"""Renders the FluidR3 material of `npm run bench:learn` (held-out phrases and the ring's notes).

    /usr/bin/python3 bench/learn/render.py OUT_DIR

Writes mono 44100 Hz 16-bit WAVs into OUT_DIR, rendered with fluidsynth from FluidR3_GM (dry:
reverb and chorus off) by the pca-spectral recipe's MIDI writer and renderer, each peak-normalised
to -3 dBFS. Hand-written notes, no randomness: the same files every run.

- trumpet.wav, vibraphone.wav, organ.wav: 4.0 s phrases (held-out instruments of the effects);
- ring-piano4.wav, ring-piano3.wav, ring-epiano4.wav: twelve 1.0 s notes around the circle of
  fifths (C G D A E B F# C# G# D# A# F) with pitch classes folded into one octave: acoustic grand
  from C4 (the fitted ring), acoustic grand from C3 and electric piano from C4 (held out).
"""
from __future__ import annotations

import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "models", "recipes", "pca_spectral"))

from midi import Song  # noqa: E402
from render import SR, render_song, write_wav  # noqa: E402

PEAK_DBFS = -3.0
FIFTHS = [(7 * k) % 12 for k in range(12)]


def finish(x: np.ndarray, seconds: float) -> np.ndarray:
    n = int(round(seconds * SR))
    x = x[:n] if len(x) >= n else np.pad(x, (0, n - len(x)))
    fade = int(0.05 * SR)
    x = x.astype(np.float64).copy()
    x[-fade:] *= np.linspace(1.0, 0.0, fade)
    return x * (10 ** (PEAK_DBFS / 20) / max(np.abs(x).max(), 1e-9))


def phrase(program: int, notes: list[tuple[float, float, int]], vel: int = 90) -> Song:
    s = Song()
    s.program(0, 0, program)
    s.control(0, 0, 7, 110)
    for t, d, p in notes:
        s.note(t, d, 0, p, vel)
    return s


def ring(program: int, base: int) -> Song:
    return phrase(program, [(float(i), 0.9, base + pc) for i, pc in enumerate(FIFTHS)], 96)


def main(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    phrases = {
        "trumpet": phrase(56, [(0.0, 0.45, 67), (0.5, 0.45, 72), (1.0, 0.9, 76), (2.0, 0.3, 74),
                               (2.33, 0.3, 72), (2.66, 1.2, 79)]),
        "vibraphone": phrase(11, [(0.0, 1.0, 65), (0.25, 1.0, 69), (0.5, 1.0, 72), (1.5, 1.0, 77),
                                  (2.0, 1.0, 76), (2.5, 1.4, 72), (3.0, 0.9, 60)]),
        "organ": phrase(16, [(0.0, 1.9, 48), (0.0, 1.9, 55), (0.0, 1.9, 64), (2.0, 1.9, 53),
                             (2.0, 1.9, 57), (2.0, 1.9, 65)], 80),
    }
    for name, song in phrases.items():
        write_wav(os.path.join(out, f"{name}.wav"), finish(render_song(song, tail=0.5), 4.0))
    for name, song in {"ring-piano4": ring(0, 60), "ring-piano3": ring(0, 48),
                       "ring-epiano4": ring(4, 60)}.items():
        write_wav(os.path.join(out, f"{name}.wav"), finish(render_song(song, tail=0.5), 12.0))


if __name__ == "__main__":
    main(sys.argv[1])
