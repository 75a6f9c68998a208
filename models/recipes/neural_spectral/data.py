"""Training / held-out data for the neural-spectral pack: FluidR3 renders, dry and through
numpy effects, cached as float16 log-magnitude STFT frames.

Reuses the pca_spectral recipe (midi.py phrase generator, render.py fluidsynth rendering,
dsp.py causal STFT framing shared with the TypeScript engine) by importing it.

Layout written to <data>/<split>/:
    batch_XXX.mid/.wav      fluidsynth renders (every 3rd batch with fluidsynth reverb+chorus)
    logmag.npy              float16 [N, 4, 513] latent-frame patches, ln(|X| + logFloor)
    meta.json               seconds, number of patches, which effects were used

The cache always holds 4-frame patches (FPL = 4, the neural-spectral pack's layout). A codec
with fewer frames per latent (2 for neural-spectral-live, or 1) reads the same cache through
load_split(dir, fpl): each 4-frame patch is fpl-frame patches in a row, so that is a reshape of
the memory map (no re-rendering, no copy).

Every rendered batch contributes its dry audio plus one "wet" copy in which each ~8 s chunk
goes through one or two random effects from EFFECTS (numpy only, seeded).
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
_PCA = os.path.normpath(os.path.join(HERE, "..", "pca_spectral"))
if _PCA not in sys.path:
    sys.path.append(_PCA)  # after this recipe's folder: both have an export.py

import dsp  # noqa: E402
import render  # noqa: E402

SR = dsp.SR
FPL = 4  # frames per patch in the cache (load_split re-cuts it for 2 or 1)
BINS = dsp.N_FFT // 2 + 1


# ---------------------------------------------------------------- effects (numpy only)

def _fft_filter(x: np.ndarray, gain_fn) -> np.ndarray:
    """Zero-phase filtering of a whole chunk by a magnitude response gain_fn(freqs_hz)."""
    n = len(x)
    nfft = 1 << int(np.ceil(np.log2(max(n, 2))))
    X = np.fft.rfft(x, nfft)
    f = np.fft.rfftfreq(nfft, 1.0 / SR)
    return np.fft.irfft(X * gain_fn(f), nfft)[:n]


def _conv(x: np.ndarray, h: np.ndarray) -> np.ndarray:
    n = len(x) + len(h) - 1
    nfft = 1 << int(np.ceil(np.log2(n)))
    return np.fft.irfft(np.fft.rfft(x, nfft) * np.fft.rfft(h, nfft), nfft)[: len(x)]


def fx_reverb(x, rng):
    rt60 = rng.uniform(0.3, 2.5)
    n = int(rt60 * SR)
    t = np.arange(n) / SR
    h = rng.standard_normal(n) * np.exp(-6.91 * t / rt60)
    # frequency-dependent damping: low-pass the tail more as it decays (two-band mix)
    lp = _fft_filter(h, lambda f: 1.0 / np.sqrt(1 + (f / rng.uniform(1500, 6000)) ** 4))
    w = np.exp(-t / (rt60 * 0.3))
    h = w * h + (1 - w) * lp
    h[: int(0.01 * SR)] *= np.linspace(0, 1, int(0.01 * SR))  # pre-delay fade-in
    h /= np.sqrt(np.sum(h ** 2)) + 1e-12
    wet = _conv(x, h)
    mix = rng.uniform(0.25, 0.7)
    return (1 - mix) * x + mix * wet * (np.std(x) / (np.std(wet) + 1e-9))


def fx_delay(x, rng):
    d = int(rng.uniform(0.08, 0.45) * SR)
    fb = rng.uniform(0.25, 0.6)
    y = x.copy()
    for k in range(d, len(x), d):  # y[n] = x[n] + fb*y[n-d], one delay-length block at a time
        m = min(d, len(x) - k)
        y[k:k + m] += fb * y[k - d:k - d + m]
    mix = rng.uniform(0.3, 0.6)
    return (1 - mix) * x + mix * y


def fx_distortion(x, rng):
    drive = rng.uniform(3, 30)
    pk = np.max(np.abs(x)) + 1e-9
    return np.tanh(drive * x / pk) / np.tanh(drive) * pk


def fx_lowpass(x, rng):
    fc, order = rng.uniform(300, 3000), rng.choice([2, 4])
    return _fft_filter(x, lambda f: 1.0 / np.sqrt(1 + (f / fc) ** (2 * order)))


def fx_highpass(x, rng):
    fc, order = rng.uniform(400, 3000), rng.choice([2, 4])
    return _fft_filter(x, lambda f: 1.0 / np.sqrt(1 + (fc / np.maximum(f, 1e-3)) ** (2 * order)))


def fx_chorus(x, rng):
    n = np.arange(len(x))
    y = x.copy()
    for _ in range(int(rng.integers(1, 4))):
        base, depth = rng.uniform(0.008, 0.025) * SR, rng.uniform(0.001, 0.006) * SR
        rate = rng.uniform(0.2, 3.0)
        pos = n - (base + depth * np.sin(2 * np.pi * rate * n / SR + rng.uniform(0, 6.3)))
        i = np.floor(pos).astype(np.int64)
        fr = pos - i
        valid = i >= 0
        i0 = np.clip(i, 0, len(x) - 1)
        i1 = np.clip(i + 1, 0, len(x) - 1)
        y += np.where(valid, (1 - fr) * x[i0] + fr * x[i1], 0.0) * rng.uniform(0.5, 0.9)
    return y


def fx_tremolo(x, rng):
    rate, depth = rng.uniform(2, 12), rng.uniform(0.4, 1.0)
    n = np.arange(len(x))
    return x * (1 - depth * (0.5 + 0.5 * np.sin(2 * np.pi * rate * n / SR)))


def fx_compressor(x, rng):
    thr_db, ratio = rng.uniform(-35, -15), rng.uniform(3, 12)
    blk = 256
    nb = -(-len(x) // blk)
    xp = np.pad(x, (0, nb * blk - len(x)))
    env = np.sqrt(np.mean(xp.reshape(nb, blk) ** 2, 1) + 1e-12)
    a = np.exp(-blk / (0.05 * SR))
    sm = np.empty_like(env)
    s = 0.0
    for k, e in enumerate(env):  # fast attack, 50 ms release
        s = e if e > s else a * s + (1 - a) * e
        sm[k] = s
    lvl = 20 * np.log10(sm + 1e-9)
    gdb = np.where(lvl > thr_db, (thr_db - lvl) * (1 - 1 / ratio), 0.0)
    g = 10 ** (gdb / 20)
    g = np.interp(np.arange(len(x)), np.arange(nb) * blk + blk / 2, g)
    y = x * g
    return y * (np.max(np.abs(x)) / (np.max(np.abs(y)) + 1e-9))  # make-up gain to the dry peak


def fx_bitcrush(x, rng):
    bits, hold = int(rng.integers(3, 8)), int(rng.integers(1, 12))
    pk = np.max(np.abs(x)) + 1e-9
    q = np.round(x / pk * 2 ** (bits - 1)) / 2 ** (bits - 1) * pk
    return np.repeat(q[::hold], hold)[: len(x)]


def fx_ringmod(x, rng):
    f = rng.uniform(30, 900)
    mix = rng.uniform(0.5, 1.0)
    return (1 - mix) * x + mix * x * np.sin(2 * np.pi * f * np.arange(len(x)) / SR)


def fx_pitchshift(x, rng):
    """Pitch shift by -7..+7 semitones (at least 1): phase-vocoder time stretch by the ratio
    (STFT 2048 / hop 512, Hann, identity phase locking off), then linear-interpolation resampling
    back to the original length. Training data only (not one of the probe's 10 effects)."""
    semis = rng.uniform(1, 7) * (1 if rng.uniform() < 0.5 else -1)
    ratio = 2 ** (semis / 12)
    n_fft, hop = 2048, 512
    w = np.hanning(n_fft + 1)[:-1]
    xp = np.pad(x, (n_fft, n_fft))
    nfr = (len(xp) - n_fft) // hop + 1
    idx = np.arange(n_fft)[None, :] + hop * np.arange(nfr)[:, None]
    S = np.fft.rfft(xp[idx] * w, axis=1)
    # time stretch by `ratio`: read analysis frames at fractional positions
    pos = np.arange(0, nfr - 1, 1.0 / ratio)
    i0 = np.floor(pos).astype(np.int64)
    fr = (pos - i0)[:, None]
    mag = (1 - fr) * np.abs(S[i0]) + fr * np.abs(S[i0 + 1])
    dphi = np.angle(S[i0 + 1]) - np.angle(S[i0])
    omega = 2 * np.pi * hop * np.arange(S.shape[1]) / n_fft
    dphi = dphi - omega[None, :]
    dphi = dphi - 2 * np.pi * np.round(dphi / (2 * np.pi)) + omega[None, :]
    phase = np.angle(S[0])[None, :] + np.concatenate([np.zeros((1, S.shape[1])), np.cumsum(dphi[:-1], 0)], 0)
    frames = np.fft.irfft(mag * np.exp(1j * phase), n_fft, axis=1) * w
    out = np.zeros(hop * (len(frames) - 1) + n_fft)
    norm = np.zeros_like(out)
    for k, f in enumerate(frames):
        out[k * hop:k * hop + n_fft] += f
        norm[k * hop:k * hop + n_fft] += w ** 2
    y = out / np.maximum(norm, 1e-3)
    y = y[n_fft:]  # stretched signal, ~ratio * len(x) samples
    # resample by 1/ratio back to len(x)
    t = np.arange(len(x)) * ratio
    return np.interp(t, np.arange(len(y)), y, right=0.0)


EFFECTS = {
    "reverb": fx_reverb, "delay": fx_delay, "distortion": fx_distortion,
    "lowpass": fx_lowpass, "highpass": fx_highpass, "chorus": fx_chorus,
    "tremolo": fx_tremolo, "compressor": fx_compressor, "bitcrush": fx_bitcrush,
    "ringmod": fx_ringmod,
}


# the training data's effects: the probe's 10 (seed 002 §3.2) plus pitch shift. The order fixes
# the bits of the per-patch effect labels (fx.npy): bit k = TRAIN_EFFECTS[k].
TRAIN_EFFECTS = {**EFFECTS, "pitchshift": fx_pitchshift}


def apply_effect(x: np.ndarray, name: str, rng) -> np.ndarray:
    """One effect, output RMS matched to the input, peaks soft-limited to +-1."""
    y = TRAIN_EFFECTS[name](np.asarray(x, np.float64), rng)
    y *= (np.sqrt(np.mean(x ** 2)) + 1e-9) / (np.sqrt(np.mean(y ** 2)) + 1e-9)
    pk = np.max(np.abs(y))
    if pk > 0.99:
        y *= 0.99 / pk
    return y


def wet_copy(x: np.ndarray, rng, chunk_s: float = 8.0) -> tuple[np.ndarray, list[str]]:
    """x with each chunk through one (70 %) or two random effects."""
    out = np.zeros(len(x))
    used = []
    names = list(EFFECTS)
    n = int(chunk_s * SR)
    for a in range(0, len(x), n):
        y = x[a:a + n].astype(np.float64)
        if np.max(np.abs(y)) < 1e-4:
            out[a:a + n] = y
            continue
        for _ in range(1 if rng.uniform() < 0.7 else 2):
            name = names[int(rng.integers(len(names)))]
            used.append(name)
            y = apply_effect(y, name, rng)
        out[a:a + n] = y
    return out, used


def wet_copy_labeled(x: np.ndarray, rng, chunk: int = 344 * 1024, names=None) -> tuple[np.ndarray, list[int]]:
    """x with each chunk (344 latent frames, ~8 s) through one (70 %) or two distinct random
    effects of `names` (default TRAIN_EFFECTS); returns the signal and each chunk's effect bitmask
    (bit k = list(TRAIN_EFFECTS)[k]; 0 for a silent chunk left dry)."""
    names = list(names or TRAIN_EFFECTS)
    bits = {n: k for k, n in enumerate(TRAIN_EFFECTS)}
    out = np.zeros(len(x))
    masks = []
    for a in range(0, len(x), chunk):
        y = x[a:a + chunk].astype(np.float64)
        m = 0
        if np.max(np.abs(y)) >= 1e-4:
            k = 1 if rng.uniform() < 0.7 else 2
            for name in rng.choice(names, size=k, replace=False):
                m |= 1 << bits[str(name)]
                y = apply_effect(y, str(name), rng)
        out[a:a + len(y)] = y
        masks.append(m)
    return out, masks


# ---------------------------------------------------------------- cache

def patches(x: np.ndarray, log_floor: float) -> np.ndarray:
    """[J, 4, 513] float16 latent-frame patches of one signal (trailing partial frame dropped)."""
    L = dsp.log_mag(x, log_floor)
    J = L.shape[0] // FPL
    return L[: J * FPL].reshape(J, FPL, BINS).astype(np.float16)


def build_split(out_dir: str, n_batches: int, batch_seconds: float, seed: int,
                log_floor: float, log=print, wavs_from: str | None = None) -> dict:
    """Renders, adds wet copies, writes logmag.npy + meta.json; returns meta. Cached: an
    existing meta.json with the same parameters is reused. wavs_from: a split folder whose renders
    (made with the same n_batches, batch_seconds and seed) are reused instead of rendering, for a
    cache at another log floor."""
    meta_path = os.path.join(out_dir, "meta.json")
    params = {"n_batches": n_batches, "batch_seconds": batch_seconds, "seed": seed, "logFloor": log_floor}
    if os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        if meta.get("params") == params and os.path.exists(os.path.join(out_dir, "logmag.npy")):
            log(f"reusing {out_dir} ({meta['seconds'] / 60:.1f} min)")
            return meta
    if wavs_from is None:
        wavs = render.render_training_set(out_dir, n_batches, batch_seconds, seed)
    else:
        wavs = rendered_wavs(wavs_from)[:n_batches]
        assert len(wavs) == n_batches, f"{wavs_from} holds {len(wavs)} renders, not {n_batches}"
        os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(seed + 7)
    chunks, used, seconds = [], [], 0.0
    for w in wavs:
        x = render.read_wav(w).astype(np.float64)
        wet, u = wet_copy(x, rng)
        used += u
        for sig in (x, wet):
            chunks.append(patches(sig, log_floor))
            seconds += len(sig) / SR
    total = sum(len(c) for c in chunks)
    arr = np.lib.format.open_memmap(os.path.join(out_dir, "logmag.npy"), mode="w+",
                                    dtype=np.float16, shape=(total, FPL, BINS))
    k = 0
    for c in chunks:
        arr[k:k + len(c)] = c
        k += len(c)
    arr.flush()
    del arr
    counts = {n: used.count(n) for n in EFFECTS}
    meta = {"params": params, "seconds": seconds, "patches": total, "effectChunks": counts}
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=1)
    log(f"{out_dir}: {seconds / 60:.1f} min ({n_batches} batches dry + wet), {total} patches, effects {counts}")
    return meta


def build_fx_split(out_dir: str, fluid_wavs: list[str], drum_batches: int, drum_seconds: float,
                   heldout: bool, seed: int, log_floor: float, log=print) -> dict:
    """The effect-labelled data of the effect-aware fine-tune (train.py --fx-weight): the given
    fluidsynth renders (reused from the plain split's folder) plus `drum_batches` drum tracks of
    licensed real recordings (drums.py; the held-out split uses other files), each dry and
    through one wet copy (the probe's 10 effects + pitch shift, wet_copy_labeled). Writes
    logmag.npy [N,4,513] float16, fx.npy [N] uint16 (effect bitmask of each patch's chunk, 0 =
    dry), chunk.npy [N] int32 (a unique id per ~8 s chunk of one signal: runs of consecutive
    patches with one id went through the same effects) and meta.json. Cached like build_split."""
    import drums

    meta_path = os.path.join(out_dir, "meta.json")
    params = {"fluid": [os.path.basename(w) for w in fluid_wavs], "drum_batches": drum_batches,
              "drum_seconds": drum_seconds, "heldout": heldout, "seed": seed, "logFloor": log_floor,
              "effects": list(TRAIN_EFFECTS)}
    if os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        if meta.get("params") == params and os.path.exists(os.path.join(out_dir, "fx.npy")):
            log(f"reusing {out_dir} ({meta['seconds'] / 60:.1f} min)")
            return meta
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(seed)
    sigs = [(render.read_wav(w).astype(np.float64), "fluid") for w in fluid_wavs]
    files_used: dict[str, str] = {}
    if drum_batches > 0:
        inv = drums.inventory()
        pool = drums.Pool(drums.split(inv, heldout))
        for _ in range(drum_batches):
            sigs.append((drums.drum_track(pool, drum_seconds, rng), "drums"))
        files_used = {p: inv["licences"][p] for p in sorted(pool.cache)}
    chunk = 344 * 1024
    L, F, C = [], [], []
    cid, seconds, counts = 0, 0.0, {n: 0 for n in TRAIN_EFFECTS}
    minutes = {"fluid": 0.0, "drums": 0.0}
    for x, kind in sigs:
        wet, masks = wet_copy_labeled(x, rng, chunk)
        for sig, ms in ((x, [0] * len(masks)), (wet, masks)):
            P = patches(sig, log_floor)
            j = np.arange(len(P))
            c = np.minimum(j // (chunk // 1024), len(ms) - 1)
            L.append(P)
            F.append(np.array(ms, np.uint16)[c])
            C.append((cid + c).astype(np.int32))
            cid += len(ms)
            seconds += len(sig) / SR
            minutes[kind] += len(sig) / SR / 60
        for m in masks:
            for k, n in enumerate(TRAIN_EFFECTS):
                counts[n] += (m >> k) & 1
    total = sum(len(a) for a in L)
    arr = np.lib.format.open_memmap(os.path.join(out_dir, "logmag.npy"), mode="w+", dtype=np.float16,
                                    shape=(total, FPL, BINS))
    k = 0
    for a in L:
        arr[k:k + len(a)] = a
        k += len(a)
    arr.flush()
    del arr
    np.save(os.path.join(out_dir, "fx.npy"), np.concatenate(F))
    np.save(os.path.join(out_dir, "chunk.npy"), np.concatenate(C))
    meta = {"params": params, "seconds": seconds, "minutes": {k: round(v, 1) for k, v in minutes.items()},
            "patches": total, "effectChunks": counts, "recordings": files_used}
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=1)
    log(f"{out_dir}: {seconds / 60:.1f} min ({minutes}), {total} patches, effect chunks {counts}, "
        f"{len(files_used)} licensed recordings")
    return meta


FX_DRUM_BATCHES, FX_DRUM_SECONDS = 20, 60.0  # 20 min of drum tracks (+ 20 wet) for training
FX_HELD_DRUM_BATCHES = 2


def rendered_wavs(split_dir: str) -> list[str]:
    return sorted(os.path.join(split_dir, f) for f in os.listdir(split_dir) if f.startswith("batch_") and f.endswith(".wav"))


def build_fx_splits(data_dir: str, log_floor: float, log=print, smoke: bool = False) -> tuple[dict, dict]:
    """train_fx / heldout_fx from the renders of train / heldout (build_split first)."""
    import drums

    db, ds, hdb = (1, 6.0, 1) if smoke else (FX_DRUM_BATCHES, FX_DRUM_SECONDS, FX_HELD_DRUM_BATCHES)
    if not drums.available():
        log("no drum recordings (apt-get install sonic-pi-samples hydrogen-drumkits sox): fluidsynth renders only")
        db = hdb = 0
    tr = build_fx_split(os.path.join(data_dir, "train_fx"), rendered_wavs(os.path.join(data_dir, "train")),
                        db, ds, False, 5150, log_floor, log)
    he = build_fx_split(os.path.join(data_dir, "heldout_fx"), rendered_wavs(os.path.join(data_dir, "heldout")),
                        hdb, ds, True, 5151, log_floor, log)
    return tr, he


def _recut(fpl: int) -> int:
    if fpl < 1 or FPL % fpl:
        raise ValueError(f"frames per latent {fpl}: the cache's {FPL}-frame patches can be cut into 1, 2 or 4")
    return FPL // fpl


def load_fx_labels(out_dir: str, fpl: int = FPL) -> tuple[np.ndarray, np.ndarray]:
    """Effect bitmask and chunk id per patch (per fpl-frame patch: each label repeated)."""
    k = _recut(fpl)
    fx, chunk = np.load(os.path.join(out_dir, "fx.npy")), np.load(os.path.join(out_dir, "chunk.npy"))
    return (fx, chunk) if k == 1 else (np.repeat(fx, k), np.repeat(chunk, k))


def load_split(out_dir: str, fpl: int = FPL) -> np.ndarray:
    """[N, fpl, 513] float16 memory map of a split's cached patches (re-cut when fpl < 4)."""
    arr = np.load(os.path.join(out_dir, "logmag.npy"), mmap_mode="r")
    k = _recut(fpl)
    return arr if k == 1 else arr.reshape(len(arr) * k, fpl, BINS)


if __name__ == "__main__":
    import argparse
    import time

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.normpath(os.path.join(HERE, "..", "..", "neural-spectral", "data")))
    ap.add_argument("--batches", type=int, default=45)  # make_pack's
    ap.add_argument("--batch-seconds", type=float, default=120.0)
    ap.add_argument("--fx", action="store_true", help="also the effect-labelled splits (train_fx, heldout_fx)")
    ap.add_argument("--log-floor", type=float, default=1e-3,
                    help="also cache the same renders and wet copies at this floor, in <data>/f<floor>/")
    a = ap.parse_args()
    t0 = time.time()
    build_split(os.path.join(a.data, "train"), a.batches, a.batch_seconds, 424242, 1e-3)
    build_split(os.path.join(a.data, "heldout"), 4, 60.0, 777001, 1e-3)
    if a.log_floor != 1e-3:
        other = os.path.join(a.data, f"f{a.log_floor:g}")
        build_split(os.path.join(other, "train"), a.batches, a.batch_seconds, 424242, a.log_floor,
                    wavs_from=os.path.join(a.data, "train"))
        build_split(os.path.join(other, "heldout"), 4, 60.0, 777001, a.log_floor, wavs_from=os.path.join(a.data, "heldout"))
    if a.fx:
        build_fx_splits(a.data, 1e-3)
    print(f"done in {time.time() - t0:.1f}s")
