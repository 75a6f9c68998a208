"""Held-out monophonic phrases with vibrato and glides (issue 19's pitch-movement set).

Writes bench/heldout/pitch/<instrument>-<n>.wav: FluidR3 renders of generated MIDI, mono,
44.1 kHz, 16-bit, each about 8 s. Every phrase holds notes with a delayed pitch-bend vibrato
(5-6.5 Hz, +-20-60 cents) and glides between some of them (a bend ramp of 100-200 cents
over 0.2-0.5 s, then the next note taken over at the bent pitch). Seeds here are used by no
training recipe. Run: /usr/bin/python3 bench/heldout/pitch.py (needs fluidsynth and
fluid-soundfont-gm).
"""
from __future__ import annotations

import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "models", "recipes", "pca_spectral"))
from midi import INSTRUMENTS, Song  # noqa: E402
from render import render_song, write_wav  # noqa: E402

# Instrument, and the two seeds of its phrases (not used by any recipe's data).
SET = {"violin": (9101, 9102), "cello": (9201, 9202), "flute": (9301, 9302), "trumpet": (9401, 9402)}
BEND_RANGE_CENTS = 200.0  # the GM default, set explicitly below (RPN 0)
CH = 0


class BendSong(Song):
    """A Song with pitch-bend events (cents within +-BEND_RANGE_CENTS)."""

    def bend(self, t: float, ch: int, cents: float) -> None:
        v = int(round(8192 + 8191 * max(-1.0, min(1.0, cents / BEND_RANGE_CENTS))))
        self.events.append((t, 1, bytes([0xE0 | ch, v & 0x7F, (v >> 7) & 0x7F])))

    def bend_range(self, t: float, ch: int, semitones: int) -> None:
        for cc, val in ((101, 0), (100, 0), (6, semitones), (38, 0)):
            self.control(t, ch, cc, val)


def phrase(name: str, seed: int) -> BendSong:
    rng = np.random.default_rng(seed)
    prog, lo, hi, _ = INSTRUMENTS[name]
    song = BendSong()
    song.program(0.0, CH, prog)
    song.control(0.0, CH, 7, 110)
    song.bend_range(0.0, CH, int(BEND_RANGE_CENTS // 100))
    song.bend(0.0, CH, 0.0)
    mid = (lo + hi) // 2
    pitch = int(rng.integers(mid - 5, mid + 3))
    t = 0.2
    rate = 100.0  # bend events per second
    while t < 7.5:
        dur = float(rng.uniform(1.2, 2.0))
        vel = int(rng.integers(70, 105))
        song.note(t, dur, CH, pitch, vel)
        depth = float(rng.uniform(20, 60))
        hz = float(rng.uniform(5.0, 6.5))
        glide = rng.random() < 0.5 and t + dur < 7.0
        glide_len = float(rng.uniform(0.2, 0.5))
        glide_cents = float(rng.choice([-1, 1]) * rng.uniform(100, 200))
        onset = 0.3  # the vibrato starts after the attack
        n = int(dur * rate)
        for i in range(n):
            s = i / rate
            cents = 0.0
            if s > onset:
                ramp = min(1.0, (s - onset) / 0.3)
                cents = ramp * depth * math.sin(2 * math.pi * hz * (s - onset))
            if glide and s > dur - glide_len:
                cents = glide_cents * (s - (dur - glide_len)) / glide_len
            song.bend(t + s, CH, cents)
        if glide:
            # The next note starts at the pitch the glide reached (rounded), bend back to 0.
            pitch = max(lo, min(hi, pitch + int(round(glide_cents / 100))))
            song.bend(t + dur, CH, 0.0)
        else:
            step = int(rng.choice([-5, -3, -2, 2, 3, 4, 5, 7]))
            pitch = max(lo, min(hi, pitch + step))
            song.bend(t + dur, CH, 0.0)
        t += dur + (0.0 if glide else float(rng.uniform(0.05, 0.25)))
    return song


def main() -> None:
    out = os.path.join(HERE, "pitch")
    os.makedirs(out, exist_ok=True)
    for name, seeds in SET.items():
        for k, seed in enumerate(seeds, 1):
            x = render_song(phrase(name, seed), tail=0.5)
            x = x[: int(8.0 * 44100)]
            peak = float(np.max(np.abs(x))) or 1.0
            x = x * (10 ** (-3 / 20) / peak)
            n = len(x)
            fade = int(0.05 * 44100)
            x[n - fade :] *= np.linspace(1, 0, fade)
            path = os.path.join(out, f"{name}-{k}.wav")
            write_wav(path, x)
            print(path, f"{n / 44100:.2f} s")


if __name__ == "__main__":
    main()
