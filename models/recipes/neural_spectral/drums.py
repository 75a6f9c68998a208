"""Real drum and loop recordings for the neural-spectral pack, from Debian packages, with their
licences checked file by file.

Sources (install: `apt-get install -y sonic-pi-samples hydrogen-drumkits sox`):
- sonic-pi-samples: /usr/share/sonic-pi/samples/*.flac. Only files whose stanza in
  /usr/share/doc/sonic-pi-samples/copyright says `License: CC0` are used (all 164 samples are
  freesound.org CC0 recordings: drums, loops, percussion, tabla, basses, guitars, ambiences).
- hydrogen-drumkits: only the kits whose licence allows shipping a model trained on them
  without conditions on the weights: `Audiophob` (CC0) and `rumpf_kit_z01_h2` (CC-BY-3.0,
  Emanuel Rumpf: attribution, given in the pack README). The GPL kits and the CC-BY-SA kits
  (circAfrique, BJA_Pacific) are not used.

Files are decoded with `sox` to 44.1 kHz mono. The split is BY FILE: every 5th file of each role
(sorted by name) and every 4th loop group is held out, so held-out material is different
recordings. `drum_track` sequences one-shots into seeded random 16-step patterns (kick, snare,
hats/cymbals, toms, percussion; 70-170 BPM, random velocities) and interleaves whole loops and
the other recordings (basses, guitars, ambiences) at random gains.
"""
from __future__ import annotations

import os
import re
import subprocess

import numpy as np

SR = 44100
SONIC_PI = "/usr/share/sonic-pi/samples"
SONIC_PI_COPYRIGHT = "/usr/share/doc/sonic-pi-samples/copyright"
HYDROGEN = "/usr/share/hydrogen/data/drumkits"
HYDROGEN_KITS = {"Audiophob": "CC0", "rumpf_kit_z01_h2": "CC-BY-3.0 (Emanuel Rumpf)"}

ROLE_WORDS = [
    ("kick", ("bass drum", "kick", "bd_", "drum_bass")),
    ("snare", ("snare", "sn_", "clap", "snap", "stick")),
    ("hat", ("hi-hat", "hh", "hat", "cymbal", "crash", "ride", "splash")),
    ("tom", ("tom",)),
]


def _role(name: str) -> str:
    n = name.lower()
    for role, words in ROLE_WORDS:
        if any(w in n for w in words):
            return role
    return "perc"


def sonic_pi_cc0() -> list[str]:
    """Sample file names whose copyright stanza says CC0."""
    if not os.path.exists(SONIC_PI_COPYRIGHT):
        return []
    txt = open(SONIC_PI_COPYRIGHT, encoding="utf-8").read()
    ok = []
    for stanza in txt.split("\n\n"):
        files = re.findall(r"etc/samples/(\S+\.flac)", stanza)
        lic = re.search(r"^License:\s*(\S+)", stanza, re.M)
        if files and lic and lic.group(1) == "CC0":
            ok += files
    return sorted(f for f in set(ok) if os.path.exists(os.path.join(SONIC_PI, f)))


def hydrogen_files(kit: str) -> list[tuple[str, str]]:
    """(path, instrument name) of a kit's samples, names from drumkit.xml where listed."""
    d = os.path.join(HYDROGEN, kit)
    if not os.path.isdir(d):
        return []
    names = {}
    xml = os.path.join(d, "drumkit.xml")
    if os.path.exists(xml):
        for inst in re.findall(r"<instrument>(.*?)</instrument>", open(xml, encoding="utf-8", errors="replace").read(), re.S):
            nm = re.search(r"<name>([^<]*)</name>", inst)
            for fn in re.findall(r"<filename>([^<]*)</filename>", inst):
                names[fn] = nm.group(1) if nm else fn
    out = []
    for f in sorted(os.listdir(d)):
        if f.lower().endswith((".wav", ".flac", ".aiff", ".aif")):
            out.append((os.path.join(d, f), names.get(f, f)))
    return out


def decode(path: str) -> np.ndarray:
    """sox → 44.1 kHz mono float32 (peak-normalised to 0.9)."""
    raw = subprocess.run(["sox", path, "-t", "raw", "-r", str(SR), "-c", "1", "-e", "signed", "-b", "16", "-"],
                         check=True, capture_output=True).stdout
    x = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    pk = float(np.max(np.abs(x))) if len(x) else 0.0
    return x * (0.9 / pk) if pk > 1e-4 else x


def inventory() -> dict:
    """{'oneshots': {role: [(path, name)]}, 'loops': [...], 'other': [...], 'licences': {...}}"""
    inv = {"oneshots": {r: [] for r in ("kick", "snare", "hat", "tom", "perc")}, "loops": [], "other": [],
           "licences": {}}
    for f in sonic_pi_cc0():
        p = os.path.join(SONIC_PI, f)
        inv["licences"][p] = "CC0 (sonic-pi-samples, freesound.org)"
        stem = f[:-5]
        if stem.startswith("loop_"):
            inv["loops"].append((p, stem))
        elif stem.split("_")[0] in ("bd", "sn", "drum", "elec", "perc", "tabla", "glitch"):
            inv["oneshots"][_role(stem)].append((p, stem))
        else:  # ambi_, bass_, guit_, misc_, vinyl_, mehackit_: other real recordings
            inv["other"].append((p, stem))
    for kit, lic in HYDROGEN_KITS.items():
        for p, name in hydrogen_files(kit):
            inv["licences"][p] = f"{lic} (hydrogen-drumkits/{kit})"
            inv["oneshots"][_role(name)].append((p, f"{kit}:{name}"))
    return inv


def split(inv: dict, heldout: bool) -> dict:
    """Every 5th one-shot per role, every 4th loop group (amen + amen_full together) and every 5th
    other recording, sorted by path, are held out."""
    def pick(items, every):
        items = sorted(items)
        return [it for k, it in enumerate(items) if (k % every == every - 1) == heldout]

    groups = sorted({re.sub(r"_full$", "", s) for _, s in inv["loops"]})
    held_groups = {g for k, g in enumerate(groups) if k % 4 == 1}
    loops = [(p, s) for p, s in sorted(inv["loops"]) if (re.sub(r"_full$", "", s) in held_groups) == heldout]
    return {"oneshots": {r: pick(v, 5) for r, v in inv["oneshots"].items()}, "loops": loops,
            "other": pick(inv["other"], 5)}


class Pool:
    def __init__(self, sel: dict):
        self.cache: dict[str, np.ndarray] = {}
        self.sel = sel

    def get(self, path: str) -> np.ndarray:
        if path not in self.cache:
            self.cache[path] = decode(path)
        return self.cache[path]


def _add(out: np.ndarray, x: np.ndarray, at: int, g: float) -> None:
    at = max(at, 0)
    if at >= len(out):
        return
    m = min(len(x), len(out) - at)
    out[at:at + m] += g * x[:m]


def drum_track(pool: Pool, seconds: float, rng) -> np.ndarray:
    """Seeded random drum patterns from one-shots, whole loops and other recordings."""
    n = int(seconds * SR)
    out = np.zeros(n, np.float64)
    sel = pool.sel
    t = 0
    while t < n:
        kind = rng.uniform()
        if kind < 0.6 and any(sel["oneshots"][r] for r in ("kick", "snare", "hat")):
            bpm = rng.uniform(70, 170)
            step = int(SR * 60 / bpm / 4)
            bars = int(rng.integers(2, 6))
            kit = {}
            for r, items in sel["oneshots"].items():
                if items:
                    kit[r] = [items[int(rng.integers(len(items)))][0] for _ in range(2)]
            dens = {"kick": rng.uniform(0.05, 0.3), "snare": rng.uniform(0.0, 0.2),
                    "hat": rng.uniform(0.2, 0.9), "tom": rng.uniform(0.0, 0.15), "perc": rng.uniform(0.0, 0.4)}
            pattern = {r: rng.uniform(size=16) < dens[r] for r in kit}
            if "kick" in pattern:
                pattern["kick"][0] = True
            if "snare" in pattern:
                pattern["snare"][[4, 12]] = rng.uniform(size=2) < 0.85
            gains = {r: rng.uniform(0.3, 0.9) for r in kit}
            for b in range(bars * 16):
                for r, pat in pattern.items():
                    if pat[b % 16] or rng.uniform() < 0.03:
                        x = pool.get(kit[r][int(rng.integers(2))])
                        _add(out, x, t + b * step + int(rng.normal(0, 0.004) * SR), gains[r] * rng.uniform(0.5, 1.0))
            t += bars * 16 * step
        elif kind < 0.85 and sel["loops"]:
            x = pool.get(sel["loops"][int(rng.integers(len(sel["loops"])))][0])
            reps = max(1, int(rng.uniform(2, 8) * SR / max(len(x), 1)))
            g = rng.uniform(0.4, 1.0)
            for _ in range(reps):
                _add(out, x, t, g)
                t += len(x)
        elif sel["other"]:
            x = pool.get(sel["other"][int(rng.integers(len(sel["other"])))][0])
            x = x[: int(rng.uniform(1.0, 6.0) * SR)]
            _add(out, x, t, rng.uniform(0.3, 0.9))
            t += len(x) + int(rng.uniform(0, 0.3) * SR)
        else:
            t += int(0.5 * SR)
    pk = np.max(np.abs(out))
    return out * (0.9 / pk) if pk > 0.9 else out


def available() -> bool:
    return bool(sonic_pi_cc0()) and subprocess.run(["which", "sox"], capture_output=True).returncode == 0


def write_heldout_wavs(folder: str, seconds: float = 8.0, seed: int = 2026) -> list[str]:
    """The held-out drum recordings of the engine benchmark (bench/heldout/), from held-out
    files only: drums.wav (drum_track's patterns) and loops.wav (the held-out loops one after
    the other). Mono 16-bit 44.1 kHz, `seconds` long, peak -3 dBFS, 50 ms fade-out. Returns the
    source files used."""
    import sys

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pca_spectral"))
    import render

    sel = split(inventory(), heldout=True)
    pool = Pool(sel)
    n = int(seconds * SR)
    pats = drum_track(pool, seconds, np.random.default_rng(seed))
    loops = np.concatenate([np.tile(pool.get(p), 2) for p, _ in sel["loops"]])[:n]
    os.makedirs(folder, exist_ok=True)
    for name, x in (("drums.wav", pats), ("loops.wav", loops)):
        x = np.pad(x, (0, n - len(x)))
        x = x / (np.max(np.abs(x)) + 1e-9) * 10 ** (-3 / 20)
        f = int(0.05 * SR)
        x[-f:] *= np.linspace(1, 0, f)
        render.write_wav(os.path.join(folder, name), x)
    return sorted(pool.cache)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="writes the held-out drum recordings of the engine benchmark")
    ap.add_argument("--out", default=os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                    "..", "..", "..", "bench", "heldout")))
    a = ap.parse_args()
    inv = inventory()
    for p in write_heldout_wavs(a.out):
        print(f"{p}: {inv['licences'][p]}")
    print(f"wrote {a.out}")
