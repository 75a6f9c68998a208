"""Carrying training audio to a machine that cannot render it (a GPU machine without fluidsynth,
the SoundFont or the drum packages), in as few bytes as possible, losslessly.

    /usr/bin/python3 models/recipes/neural_spectral/remote.py pack --out .gpu/a \
        --wavs models/neural-spectral/data/train/batch_00{0..7}.wav \
        --heldout models/neural-spectral/data/heldout/batch_000.wav
    python3 models/recipes/neural_spectral/remote.py unpack .gpu/a /tmp/audio   # -> mono .npy

Each source becomes one `<name>.xz`: the second difference of its integer samples, as int16
(int32 where it does not fit), xz-compressed: 43 % of the 16-bit mono size for the bundles of
2026-11-22 (drum tracks compress less than renders). A fluidsynth render (stereo 16-bit) is kept as the integer sum L + R, so that unpacking gives
exactly render.read_wav's mono float (L + R) / 65536; a drum track (drums.drum_track, made here
from the licensed recordings of the training split) is rounded to 16 bits. `index.json` lists
each source's name, sample count, divisor and dtype.
"""
from __future__ import annotations

import argparse
import json
import lzma
import os
import sys
import wave
from concurrent.futures import ProcessPoolExecutor

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def _encode(s: np.ndarray) -> tuple[bytes, str]:
    d2 = np.diff(s.astype(np.int64), n=2, prepend=[0, 0])
    dt = "int16" if d2.min() >= -32768 and d2.max() <= 32767 else "int32"
    return lzma.compress(d2.astype(dt).tobytes(), preset=6), dt


def _decode(b: bytes, dt: str) -> np.ndarray:
    d2 = np.frombuffer(lzma.decompress(b), dtype=dt).astype(np.int64)
    return np.cumsum(np.cumsum(d2))


def _pack_wav(args: tuple[str, str, str | None]) -> dict:
    path, out, name = args
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2, f"{path}: expected 16-bit PCM"
        ch = w.getnchannels()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").reshape(-1, ch).astype(np.int64)
    s = x.sum(1)
    name = name or os.path.splitext(os.path.basename(path))[0]
    b, dt = _encode(s)
    with open(os.path.join(out, name + ".xz"), "wb") as f:
        f.write(b)
    return {"name": name, "n": int(len(s)), "div": 32768.0 * ch, "dtype": dt, "kind": "fluid"}


def _pack_drums(args: tuple[int, float, int, str]) -> dict:
    k, seconds, seed, out = args
    sys.path.insert(0, HERE)
    import drums

    pool = drums.Pool(drums.split(drums.inventory(), heldout=False))
    x = drums.drum_track(pool, seconds, np.random.default_rng(seed + k))
    s = np.round(np.clip(x, -1.0, 32767 / 32768) * 32768.0).astype(np.int64)
    name = f"drums_{k:03d}"
    b, dt = _encode(s)
    with open(os.path.join(out, name + ".xz"), "wb") as f:
        f.write(b)
    return {"name": name, "n": int(len(s)), "div": 32768.0, "dtype": dt, "kind": "drums"}


def pack(out: str, wavs: list[str], n_drums: int, drum_seconds: float, seed: int, workers: int,
         heldout: list[str] = ()) -> list[dict]:
    """heldout: renders carried as heldout_000, heldout_001, ... (gpu_train.py's validation set)."""
    os.makedirs(out, exist_ok=True)
    jobs = [(_pack_wav, (w, out, None)) for w in wavs] + \
        [(_pack_wav, (w, out, f"heldout_{k:03d}")) for k, w in enumerate(heldout)] + [(_pack_drums, (k, drum_seconds, seed, out)) for k in range(n_drums)]
    with ProcessPoolExecutor(workers) as ex:
        futs = [ex.submit(fn, a) for fn, a in jobs]
        index = [f.result() for f in futs]
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
    return index


def unpack(src: str, dst: str) -> list[str]:
    """Writes <dst>/<name>.npy (mono float32) for every source in src; returns the paths."""
    os.makedirs(dst, exist_ok=True)
    with open(os.path.join(src, "index.json")) as f:
        index = json.load(f)
    paths = []
    for e in index:
        with open(os.path.join(src, e["name"] + ".xz"), "rb") as f:
            s = _decode(f.read(), e["dtype"])
        assert len(s) == e["n"], f"{e['name']}: {len(s)} samples, the index says {e['n']}"
        p = os.path.join(dst, e["name"] + ".npy")
        np.save(p, (s / e["div"]).astype(np.float32))
        paths.append(p)
    return paths


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pack")
    p.add_argument("--out", required=True)
    p.add_argument("--wavs", nargs="*", default=[])
    p.add_argument("--heldout", nargs="*", default=[], help="renders for validation (named heldout_XXX)")
    p.add_argument("--drums", type=int, default=0, help="drum tracks to sequence (training split of drums.py)")
    p.add_argument("--drum-seconds", type=float, default=60.0)
    p.add_argument("--seed", type=int, default=4100)
    p.add_argument("--workers", type=int, default=2)
    u = sub.add_parser("unpack")
    u.add_argument("src")
    u.add_argument("dst")
    a = ap.parse_args()
    if a.cmd == "pack":
        idx = pack(a.out, a.wavs, a.drums, a.drum_seconds, a.seed, a.workers, a.heldout)
        size = sum(os.path.getsize(os.path.join(a.out, e["name"] + ".xz")) for e in idx)
        print(f"{len(idx)} sources, {sum(e['n'] for e in idx) / 44100 / 60:.1f} min, {size / 1e6:.1f} MB")
    else:
        print("\n".join(unpack(a.src, a.dst)))
