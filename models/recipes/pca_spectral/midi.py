"""A tiny Standard MIDI File writer and the phrase generators used for training data.

Events are given in seconds; the file uses 480 ticks per quarter at 120 bpm (960 ticks/s).
"""
from __future__ import annotations

import struct

TICKS_PER_QUARTER = 480
TEMPO_US = 500_000  # 120 bpm
TICKS_PER_SEC = TICKS_PER_QUARTER * 1_000_000 / TEMPO_US  # 960


def _varlen(n: int) -> bytes:
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    return bytes(reversed(out))


class Song:
    """Collects timed MIDI events on up to 16 channels (channel 9 is drums: avoid)."""

    def __init__(self) -> None:
        self.events: list[tuple[float, int, bytes]] = []  # (time s, order, bytes)

    def program(self, t: float, ch: int, prog: int) -> None:
        self.events.append((t, 0, bytes([0xC0 | ch, prog & 0x7F])))

    def control(self, t: float, ch: int, cc: int, val: int) -> None:
        self.events.append((t, 0, bytes([0xB0 | ch, cc & 0x7F, val & 0x7F])))

    def note(self, t: float, dur: float, ch: int, pitch: int, vel: int) -> None:
        pitch = max(0, min(127, int(pitch)))
        vel = max(1, min(127, int(vel)))
        self.events.append((t, 2, bytes([0x90 | ch, pitch, vel])))
        self.events.append((t + dur, 1, bytes([0x80 | ch, pitch, 0])))

    def end_time(self) -> float:
        return max((e[0] for e in self.events), default=0.0)

    def to_bytes(self, tail: float = 2.0) -> bytes:
        track = bytearray()
        track += b"\x00\xff\x51\x03" + TEMPO_US.to_bytes(3, "big")
        last = 0
        for t, _, data in sorted(self.events, key=lambda e: (e[0], e[1])):
            tick = int(round(t * TICKS_PER_SEC))
            track += _varlen(tick - last) + data
            last = tick
        end_tick = int(round((self.end_time() + tail) * TICKS_PER_SEC))
        track += _varlen(max(0, end_tick - last)) + b"\xff\x2f\x00"
        header = b"MThd" + struct.pack(">IHHH", 6, 0, 1, TICKS_PER_QUARTER)
        return header + b"MTrk" + struct.pack(">I", len(track)) + bytes(track)

    def write(self, path: str, tail: float = 2.0) -> None:
        with open(path, "wb") as f:
            f.write(self.to_bytes(tail))


# GM programs (0-based) with a playable MIDI pitch range and a "sustained" flag.
INSTRUMENTS = {
    "acoustic_grand": (0, 33, 96, False),
    "bright_piano": (1, 36, 96, False),
    "electric_piano": (4, 36, 88, False),
    "electric_piano2": (5, 36, 88, False),
    "vibraphone": (11, 53, 89, False),
    "drawbar_organ": (16, 36, 88, True),
    "church_organ": (19, 36, 84, True),
    "nylon_guitar": (24, 40, 81, False),
    "steel_guitar": (25, 40, 81, False),
    "clean_guitar": (27, 40, 84, False),
    "acoustic_bass": (32, 28, 55, False),
    "finger_bass": (33, 28, 55, False),
    "violin": (40, 55, 93, True),
    "viola": (41, 48, 81, True),
    "cello": (42, 36, 72, True),
    "pizzicato": (45, 36, 84, False),
    "string_ensemble": (48, 36, 88, True),
    "slow_strings": (49, 36, 88, True),
    "choir_aahs": (52, 48, 79, True),
    "trumpet": (56, 55, 82, True),
    "trombone": (57, 40, 72, True),
    "french_horn": (60, 41, 77, True),
    "brass_section": (61, 41, 81, True),
    "soprano_sax": (64, 56, 87, True),
    "alto_sax": (65, 49, 80, True),
    "tenor_sax": (66, 44, 75, True),
    "oboe": (68, 58, 91, True),
    "clarinet": (71, 50, 89, True),
    "flute": (73, 60, 96, True),
    "pan_flute": (75, 60, 96, True),
    "warm_pad": (89, 36, 84, True),
    "polysynth_pad": (90, 36, 84, True),
    "choir_pad": (91, 36, 84, True),
    "saw_lead": (81, 40, 88, True),
}

SCALES = {
    "major": [0, 2, 4, 5, 7, 9, 11],
    "minor": [0, 2, 3, 5, 7, 8, 10],
    "dorian": [0, 2, 3, 5, 7, 9, 10],
    "pentatonic": [0, 2, 4, 7, 9],
}


def _scale_notes(root: int, scale: list[int], lo: int, hi: int) -> list[int]:
    return [p for p in range(lo, hi + 1) if (p - root) % 12 in scale]


def random_phrase(song: Song, rng, t0: float, ch: int, name: str, length: float) -> float:
    """Writes one randomly generated phrase for instrument `name` starting at t0 on channel ch.

    Kinds: single held notes, a melodic walk, a fast run, block chords, arpeggios.
    Returns the end time of the phrase (last note-off).
    """
    prog, lo, hi, sustained = INSTRUMENTS[name]
    song.program(t0, ch, prog)
    song.control(t0, ch, 7, 110)  # channel volume
    song.control(t0, ch, 10, 64)  # pan centre
    root = int(rng.integers(0, 12))
    scale = SCALES[list(SCALES)[int(rng.integers(0, len(SCALES)))]]
    # a register window inside the instrument's range
    width = min(hi - lo, int(rng.integers(12, 25)))
    start = int(rng.integers(lo, hi - width + 1))
    notes = _scale_notes(root, scale, start, start + width)
    kind = ["single", "melody", "run", "chords", "arpeggio"][int(rng.integers(0, 5))]
    if name.endswith("bass") and kind == "chords":
        kind = "melody"
    base_vel = int(rng.integers(40, 120))
    t = t0 + 0.05
    end = t
    while t < t0 + length:
        vel = base_vel + int(rng.integers(-15, 16))
        if kind == "single":
            dur = float(rng.uniform(0.6, 2.5))
            song.note(t, dur, ch, notes[int(rng.integers(0, len(notes)))], vel)
            t += dur + float(rng.uniform(0.05, 0.5))
        elif kind == "melody":
            i = int(rng.integers(0, len(notes)))
            while t < t0 + length:
                dur = float(rng.choice([0.25, 0.375, 0.5, 0.75, 1.0]))
                i = max(0, min(len(notes) - 1, i + int(rng.integers(-2, 3))))
                legato = 0.95 if sustained else float(rng.uniform(0.5, 1.0))
                song.note(t, dur * legato, ch, notes[i], base_vel + int(rng.integers(-15, 16)))
                t += dur
        elif kind == "run":
            step = float(rng.choice([0.08, 0.1, 0.125, 0.16]))
            i = int(rng.integers(0, len(notes)))
            direction = 1
            while t < t0 + length:
                if i <= 0 or i >= len(notes) - 1:
                    direction = -direction
                i = max(0, min(len(notes) - 1, i + direction))
                song.note(t, step * 0.9, ch, notes[i], vel + int(rng.integers(-10, 11)))
                t += step
        elif kind == "chords":
            dur = float(rng.uniform(0.8, 2.5))
            i = int(rng.integers(0, max(1, len(notes) - 5)))
            for k in (0, 2, 4):
                if i + k < len(notes):
                    song.note(t, dur, ch, notes[i + k], vel)
            t += dur + float(rng.uniform(0.0, 0.3))
        else:  # arpeggio
            step = float(rng.choice([0.125, 0.2, 0.25]))
            i = int(rng.integers(0, max(1, len(notes) - 5)))
            for _ in range(int(rng.integers(2, 5))):
                for k in (0, 2, 4, 7, 4, 2):
                    p = notes[min(len(notes) - 1, i + k)]
                    song.note(t, step * (1.6 if not sustained else 0.95), ch, p, vel)
                    t += step
                    vel = base_vel + int(rng.integers(-15, 16))
        end = max(end, song.end_time())
    return end
