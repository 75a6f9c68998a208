"""Training data with pitch movement: monophonic FluidR3 phrases with vibrato and glides.

data.py's random GM phrases hold every note at a fixed pitch, so a codec trained on them never
sees a partial move. This renders phrases in the manner of bench/heldout/pitch.py (its BendSong:
pitch-bend events, bend range +-2 semitones) with NEW seeds and wider parameter ranges, over the
GM instruments that bend (strings, winds, brass, voice, synth lead), caches them like data.py
(dry + one wet copy through data.py's effects) and writes a training cache that is the recipe's
renders plus these:

    <data>/pitch/renders/{train,heldout}/batch_XXX.mid/.wav   the bend phrases (fluidsynth)
    <data>/pitch/f<floor>/{train_bend,heldout_bend}/         their patches (data.build_split)
    <data>/pitch/f<floor>/{train,heldout}/logmag.npy         recipe + bend patches, for train.py --data

    /usr/bin/python3 models/recipes/neural_spectral/data.py --log-floor 1e-5 --batches 16
    /usr/bin/python3 models/recipes/neural_spectral/pitch_data.py --log-floor 1e-5

Seeds: 610000+ (train) and 620000+ (held-out), disjoint from bench/heldout/pitch.py (9101-9402)
and data.py (424242, 777001).
"""
from __future__ import annotations

import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.join(REPO, "bench", "heldout"))

import data  # noqa: E402  (also puts pca_spectral on the path)
from midi import INSTRUMENTS  # noqa: E402
from pitch import BEND_RANGE_CENTS, BendSong  # noqa: E402  (bench/heldout/pitch.py)
from render import render_midi  # noqa: E402

# GM instruments that bend: bowed strings, voice, brass, reeds, flutes, a synth lead.
BENDERS = ["violin", "viola", "cello", "choir_aahs", "trumpet", "trombone", "french_horn", "soprano_sax",
           "alto_sax", "tenor_sax", "oboe", "clarinet", "flute", "pan_flute", "saw_lead", "string_ensemble"]
TRAIN_SEED, HELDOUT_SEED = 610000, 620000
BEND_RATE = 100.0  # bend events per second


def bend_phrase(song: BendSong, rng, t0: float, ch: int, name: str, seconds: float) -> float:
    """One monophonic phrase of `name` on channel ch from t0 for about `seconds`: held notes with
    a delayed vibrato (4-7.5 Hz, 5-80 cents; a fifth of the notes plain) and glides to the next
    note (50-200 cents over 0.1-0.6 s) on about half of them. Returns the end time."""
    prog, lo, hi, _ = INSTRUMENTS[name]
    song.program(t0, ch, prog)
    song.control(t0, ch, 7, int(rng.integers(90, 120)))
    song.bend_range(t0, ch, int(BEND_RANGE_CENTS // 100))
    song.bend(t0, ch, 0.0)
    pitch = int(rng.integers(lo + 2, max(lo + 3, hi - 4)))
    t = t0 + 0.05
    while t < t0 + seconds:
        dur = float(rng.uniform(0.5, 2.5))
        song.note(t, dur, ch, pitch, int(rng.integers(55, 115)))
        depth = 0.0 if rng.random() < 0.2 else float(rng.uniform(5, 80))
        hz = float(rng.uniform(4.0, 7.5))
        onset = float(rng.uniform(0.05, 0.5))
        glide = rng.random() < 0.5 and dur > 0.6
        glide_len = min(float(rng.uniform(0.1, 0.6)), dur - 0.2)
        glide_cents = float(rng.choice([-1, 1]) * rng.uniform(50, BEND_RANGE_CENTS))
        for i in range(int(dur * BEND_RATE)):
            s = i / BEND_RATE
            cents = 0.0
            if s > onset:
                cents = min(1.0, (s - onset) / 0.3) * depth * math.sin(2 * math.pi * hz * (s - onset))
            if glide and s > dur - glide_len:
                cents = glide_cents * (s - (dur - glide_len)) / glide_len
            song.bend(t + s, ch, cents)
        song.bend(t + dur, ch, 0.0)
        if glide:  # the next note starts near the pitch the glide reached
            pitch += int(round(glide_cents / 100))
        else:
            pitch += int(rng.choice([-7, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 7]))
        pitch = max(lo, min(hi, pitch))
        t += dur + (0.0 if glide else float(rng.uniform(0.0, 0.3)))
    return t


def make_bend_batch(seed: int, seconds: float) -> BendSong:
    """One MIDI file of bend phrases (3-10 s each) one after another, instruments drawn from
    BENDERS, channels cycled over 0-7."""
    rng = np.random.default_rng(seed)
    song = BendSong()
    t, ch = 0.0, 0
    while t < seconds:
        name = BENDERS[int(rng.integers(len(BENDERS)))]
        t = bend_phrase(song, rng, t, ch, name, float(rng.uniform(3.0, 10.0))) + float(rng.uniform(0.2, 0.6))
        ch = (ch + 1) % 8
    return song


def render_bend_set(out_dir: str, n_batches: int, seconds: float, seed: int, reverb_every: int = 3) -> list[str]:
    """Writes batch_XXX.mid/.wav (every reverb_every-th with fluidsynth reverb + chorus); reuses
    existing renders."""
    os.makedirs(out_dir, exist_ok=True)
    wavs = []
    for b in range(n_batches):
        mid, wav = (os.path.join(out_dir, f"batch_{b:03d}.{e}") for e in ("mid", "wav"))
        if not os.path.exists(wav):
            make_bend_batch(seed + b, seconds).write(mid)
            render_midi(mid, wav, b % reverb_every == reverb_every - 1)
        wavs.append(wav)
    return wavs


def concat_splits(out_dir: str, parts: list[str], log=print) -> dict:
    """<out_dir>/logmag.npy = the parts' logmag.npy one after another; meta.json names them."""
    os.makedirs(out_dir, exist_ok=True)
    arrs = [data.load_split(p) for p in parts]
    total = sum(len(a) for a in arrs)
    out = np.lib.format.open_memmap(os.path.join(out_dir, "logmag.npy"), mode="w+", dtype=np.float16,
                                    shape=(total, data.FPL, data.BINS))
    k = 0
    for a in arrs:
        out[k:k + len(a)] = a
        k += len(a)
    out.flush()
    del out
    meta = {"parts": [{"dir": os.path.relpath(p, REPO), "patches": len(a)} for p, a in zip(parts, arrs)],
            "patches": total, "seconds": total * data.FPL * 256 / data.SR}
    with open(os.path.join(out_dir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    log(f"{out_dir}: {total} patches ({', '.join(f'{len(a)}' for a in arrs)})")
    return meta


def build(data_dir: str, log_floor: float, batches: int, seconds: float, held_batches: int,
          drum_batches: int = 0, log=print) -> str:
    """Returns the folder to pass to train.py --data: <data>/pitch/f<floor>, or with drum_batches
    > 0 <data>/pitch/f<floor>-drums, whose splits also hold that many 60 s drum tracks (and
    FX_HELD_DRUM_BATCHES held-out ones from other recordings), dry + one wet copy each: the
    default's train_fx drums (data.build_fx_split, same seeds), which the pitch data alone lacks."""
    root = os.path.join(data_dir, "pitch")
    cache = os.path.join(root, f"f{log_floor:g}")
    out = cache + ("-drums" if drum_batches > 0 else "")
    recipe = data_dir if log_floor == 1e-3 else os.path.join(data_dir, f"f{log_floor:g}")
    if drum_batches > 0:
        import drums
        if not drums.available():
            raise SystemExit("--drums needs the drum recordings: apt-get install sonic-pi-samples hydrogen-drumkits sox")
    for split, n, secs, seed in (("train", batches, seconds, TRAIN_SEED), ("heldout", held_batches, 60.0, HELDOUT_SEED)):
        renders = os.path.join(root, "renders", split)
        render_bend_set(renders, n, secs, seed)
        bend = os.path.join(cache, f"{split}_bend")
        data.build_split(bend, n, secs, seed, log_floor, log=log, wavs_from=renders)
        parts = [os.path.join(recipe, split), bend]
        if drum_batches > 0:
            held = split == "heldout"
            drum_dir = os.path.join(cache, f"{split}_drums")
            data.build_fx_split(drum_dir, [], data.FX_HELD_DRUM_BATCHES if held else drum_batches,
                                data.FX_DRUM_SECONDS, held, 5151 if held else 5150, log_floor, log)
            parts.append(drum_dir)
        concat_splits(os.path.join(out, split), parts, log=log)
    return out


if __name__ == "__main__":
    import argparse
    import time

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(REPO, "models", "neural-spectral", "data"))
    ap.add_argument("--log-floor", type=float, default=1e-5)
    ap.add_argument("--batches", type=int, default=12, help="training renders of --batch-seconds each")
    ap.add_argument("--batch-seconds", type=float, default=120.0)
    ap.add_argument("--heldout-batches", type=int, default=2, help="held-out renders of 60 s")
    ap.add_argument("--drums", type=int, default=0,
                    help="also this many 60 s drum tracks from licensed recordings (the default's train_fx: 20)")
    a = ap.parse_args()
    t0 = time.time()
    out = build(a.data, a.log_floor, a.batches, a.batch_seconds, a.heldout_batches, a.drums)
    print(f"done in {time.time() - t0:.1f}s: train.py --data {out}")
