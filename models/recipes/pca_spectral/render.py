"""Rendering MIDI with fluidsynth + FluidR3_GM, and WAV input/output (numpy + wave)."""
from __future__ import annotations

import os
import subprocess
import tempfile
import wave

import numpy as np

from midi import INSTRUMENTS, Song, random_phrase

SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
SR = 44100


def read_wav(path: str) -> np.ndarray:
    """Reads a 16-bit PCM WAV, returns mono float32 in [-1, 1] (channels averaged)."""
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2, "expected 16-bit PCM"
        ch = w.getnchannels()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
    return data.reshape(-1, ch).mean(axis=1)


def write_wav(path: str, x: np.ndarray, sr: int = SR) -> None:
    """Writes mono 16-bit PCM."""
    x = np.clip(np.asarray(x, dtype=np.float64), -1.0, 32767 / 32768)
    pcm = np.round(x * 32768.0).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.tobytes())


def render_midi(mid_path: str, wav_path: str, reverb: bool = False, gain: float = 0.8) -> None:
    """fluidsynth -ni -g 0.8 -r 44100 [-R 0 -C 0] -F out.wav sf2 mid (16-bit stereo WAV)."""
    cmd = ["fluidsynth", "-ni", "-q", "-g", str(gain), "-r", str(SR),
           "-R", "1" if reverb else "0", "-C", "1" if reverb else "0",
           "-o", "audio.file.format=s16", "-o", "audio.file.type=wav",
           "-F", wav_path, SOUNDFONT, mid_path]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def render_song(song: Song, reverb: bool = False, tail: float = 2.0) -> np.ndarray:
    with tempfile.TemporaryDirectory() as d:
        mid, wav = os.path.join(d, "s.mid"), os.path.join(d, "s.wav")
        song.write(mid, tail)
        render_midi(mid, wav, reverb)
        return read_wav(wav)


def make_batch(seed: int, seconds: float, phrase_len=(4.0, 10.0)) -> Song:
    """One MIDI file of random phrases played one after another (instruments cycled)."""
    rng = np.random.default_rng(seed)
    names = list(INSTRUMENTS)
    song = Song()
    t = 0.0
    ch = 0
    while t < seconds:
        name = names[int(rng.integers(0, len(names)))]
        end = random_phrase(song, rng, t, ch, name, float(rng.uniform(*phrase_len)))
        t = end + float(rng.uniform(0.2, 0.8))
        ch = (ch + 1) % 8  # avoid channel 9 (drums)
    return song


def render_training_set(out_dir: str, n_batches: int, batch_seconds: float, seed: int,
                        reverb_every: int = 3, jobs: int = 2) -> list[str]:
    """Writes batch_XXX.mid/.wav into out_dir (every `reverb_every`-th batch wet). Returns wav paths."""
    from concurrent.futures import ThreadPoolExecutor

    os.makedirs(out_dir, exist_ok=True)
    todo = []
    for b in range(n_batches):
        song = make_batch(seed * 1000 + b, batch_seconds)
        mid = os.path.join(out_dir, f"batch_{b:03d}.mid")
        wav = os.path.join(out_dir, f"batch_{b:03d}.wav")
        song.write(mid)
        todo.append((mid, wav, b % reverb_every == reverb_every - 1))
    with ThreadPoolExecutor(jobs) as ex:
        list(ex.map(lambda a: render_midi(*a), todo))
    return [w for _, w, _ in todo]
