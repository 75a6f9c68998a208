"""Reproduces models/neural-spectral/ from nothing (fluidsynth + FluidR3_GM + numpy + torch + onnx).

    /usr/bin/python3 models/recipes/neural_spectral/make_pack.py                # the real pack (~1 h 55 min)
    /usr/bin/python3 models/recipes/neural_spectral/make_pack.py --minutes 20   # shorter training
    /usr/bin/python3 models/recipes/neural_spectral/make_pack.py --smoke --out /tmp/ns-smoke   # < 2 min
    # the shipped pack: a checkpoint trained on a GPU machine by gpu_train.py (see the pack
    # README), fine-tuned here on all the renders at its log floor, then exported:
    /usr/bin/python3 models/recipes/neural_spectral/make_pack.py --log-floor 1e-5 \
        --data models/neural-spectral/data/f1e-05 --init models/neural-spectral/data/gpu/f5-h384.pt
    # neural-spectral-2 (a candidate): the shipped weights recovered from ONNX (from_onnx.py),
    # fine-tuned on the renders plus vibrato/glide phrases (pitch_data.py), exported as it is:
    /usr/bin/python3 models/recipes/neural_spectral/make_pack.py --log-floor 1e-5 --id neural-spectral-2 \
        --cache models/neural-spectral/data/pitch/f1e-05 --checkpoint models/neural-spectral/data/ckpt_pitch_ft.pt
    # the live pack: 2 STFT frames (512 samples) per latent frame, 16 dims (the same 1378
    # latent floats/s), trained on the default pack's cached data, re-cut, at floor 1e-3:
    /usr/bin/python3 models/recipes/neural_spectral/make_pack.py --frames-per-latent 2 --dims 16 \
        --id neural-spectral-live --data models/neural-spectral/data --threads 1 \
        --minutes 30 --second-minutes 40 --fx-minutes 0
    # ... then fine-tuned at floor 1e-5 on the same renders (the shipped live pack):
    /usr/bin/python3 models/recipes/neural_spectral/make_pack.py --frames-per-latent 2 --dims 16 \
        --id neural-spectral-live --data models/neural-spectral/data/f1e-05 --log-floor 1e-5 \
        --init models/neural-spectral-live/data/ckpt_d16_b.pt --fine-tune-minutes 60

Steps: data.py renders seeded MIDI phrases (dry + through numpy effects) and caches float16
log-magnitude patches in <out>/data/ (gitignored); train.py trains the frame-local codec for
--minutes of wall time (PCA-initialised), then a second schedule of --second-minutes continues
from it; with --fx-minutes > 0 (off by default: it did not lift the effect probe clearly, see the
pack README's "What was tried") a third schedule fine-tunes on the effect-labelled data (real
drums + pitch shift; data.build_fx_splits) with train.py's effect-aware term; this script then exports encoder.onnx/decoder.onnx
(opset 17), checks them in onnxruntime-web (shapes, block-split identity, speed; needs node and
the repo's node_modules), computes the latent stats, a k-means codebook and its descriptors
with the pca_spectral recipe's functions, writes model.json and quality.json (held-out
patches + the builtin assets through 100 Griffin-Lim iterations; `npm run bench` gives the
engine's RTPGHI numbers).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.join(HERE, "..", "pca_spectral"))
sys.path.insert(2, os.path.join(HERE, "..", "assets"))

import data as data_mod  # noqa: E402
import dsp  # noqa: E402
import export  # noqa: E402  (this recipe's export.py: sys.path puts HERE first)
import render  # noqa: E402
import train as train_mod  # noqa: E402
import train_context  # noqa: E402
from model import BINS, ContextCodec, load_any  # noqa: E402

REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
PACK_DIR = os.path.join(REPO, "models", "neural-spectral")
NAMES = {"neural-spectral": "Neural spectral (residual-MLP autoencoder)",
         "neural-spectral-2": "Neural spectral 2 (pitch-aware fine-tune, candidate)",
         "neural-spectral-live": "Neural spectral live (residual-MLP autoencoder, 512-sample frames)"}
SEED = 20240602
LOG_FLOOR = 1e-3


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true", help="tiny fast run (< 2 min)")
    ap.add_argument("--out", default=PACK_DIR)
    ap.add_argument("--minutes", type=float, default=40.0, help="training wall time (first schedule)")
    ap.add_argument("--second-minutes", type=float, default=60.0,
                    help="a second warm-up + cosine schedule on the first one's result, peak lr 2e-4 (0: none)")
    ap.add_argument("--fx-minutes", type=float, default=55.0,
                    help="a third schedule on the second one's result, peak lr 1e-4: the effect-labelled "
                         "data (+ drums, + pitch shift; data.build_fx_splits) with the effect-aware "
                         "term of train.py (0: none)")
    ap.add_argument("--fx-weight", type=float, default=0.3, help="weight of the effect term")
    ap.add_argument("--context-minutes", type=float, default=0.0,
                    help="wall time of the second stage, the causal context decoder (0: none)")
    ap.add_argument("--dims", type=int, default=32)
    ap.add_argument("--checkpoint", default=None,
                    help="skip training: export this checkpoint (train.py's or train_context.py's)")
    ap.add_argument("--no-verify", action="store_true", help="skip the onnxruntime-web check")
    ap.add_argument("--frames-per-latent", type=int, default=4,
                    help="STFT frames per latent frame: 4 (1024 samples, neural-spectral) or 2 (512 "
                         "samples, neural-spectral-live); the data cache always holds 4-frame patches "
                         "and is re-cut (data.load_split)")
    ap.add_argument("--id", default="neural-spectral", help="the pack id (model.json); --out defaults to models/<id>")
    ap.add_argument("--name", default=None, help="the pack's display name (default: by id)")
    ap.add_argument("--data", default=None,
                    help="the data cache to use (rendered there if missing; default <out>/data). "
                         "Checkpoints always go to <out>/data")
    ap.add_argument("--cache", default=None,
                    help="a ready patch cache (train/ and heldout/ logmag.npy + meta.json, e.g. pitch_data.py's) "
                         "used as it is: nothing is rendered or checked against the recipe's parameters")
    ap.add_argument("--threads", type=int, default=2, help="torch threads of the first two schedules")
    ap.add_argument("--log-floor", type=float, default=LOG_FLOOR,
                    help="the front end's floor: log-magnitude is ln(|X| + floor). The data cache is per "
                         "floor (see --data)")
    ap.add_argument("--init", default=None,
                    help="start from this checkpoint (gpu_train.py's): one fine-tune schedule of "
                         "--fine-tune-minutes (peak lr 1e-4, one thread) on this machine's data replaces the "
                         "three schedules, then export")
    ap.add_argument("--fine-tune-minutes", type=float, default=45.0)
    ap.add_argument("--trained-on", default=None,
                    help="the manifest's trainedOn text, for a checkpoint trained elsewhere (gpu_train.py)")
    a = ap.parse_args()
    floor = a.log_floor
    t_start = time.time()
    torch.set_num_threads(1)
    fpl = a.frames_per_latent
    out = os.path.abspath(a.out if a.out != PACK_DIR or a.id == "neural-spectral"
                          else os.path.join(REPO, "models", a.id))
    ckpt_dir = os.path.join(out, "data")
    data_dir = os.path.abspath(a.data) if a.data else ckpt_dir
    os.makedirs(ckpt_dir, exist_ok=True)
    os.makedirs(data_dir, exist_ok=True)
    name = a.name or NAMES.get(a.id, a.id)

    def log(msg: str) -> None:
        print(f"[{time.time() - t_start:7.1f}s] {msg}", flush=True)

    if a.smoke:
        nb, bs, hb, hs = 1, 12.0, 1, 8.0
        hidden, blocks, K, km_iters, desc_gl, eval_gl, max_steps, minutes = 64, 1, 16, 10, 4, 8, 20, 0.3
    else:
        nb, bs, hb, hs = 45, 120.0, 4, 60.0
        hidden, blocks, K, km_iters, desc_gl, eval_gl, max_steps, minutes = 384, 2, 256, 60, 50, 100, None, a.minutes

    # 1. data
    if a.cache:
        data_dir = os.path.abspath(a.cache)
        with open(os.path.join(data_dir, "train", "meta.json")) as f:
            tr_meta = json.load(f)
    else:
        tr_meta = data_mod.build_split(os.path.join(data_dir, "train"), nb, bs, 424242, floor, log)
        data_mod.build_split(os.path.join(data_dir, "heldout"), hb, hs, 777001, floor, log)
    tr = data_mod.load_split(os.path.join(data_dir, "train"), fpl)
    va = data_mod.load_split(os.path.join(data_dir, "heldout"), fpl)

    # 2. train (or reuse a checkpoint)
    ckpt = a.checkpoint or os.path.join(ckpt_dir, f"ckpt_d{a.dims}.pt")
    if a.checkpoint is None and a.init is not None:
        ckpt = os.path.join(ckpt_dir, f"ckpt_d{a.dims}_ft.pt")
        train_mod.train(tr, va, a.dims, 0.2 if a.smoke else a.fine_tune_minutes, ckpt, hidden, blocks, lr=1e-4,
                        max_steps=10 if a.smoke else None, log=log, threads=1, init=a.init, eval_every=300.0,
                        extra={"logFloor": floor})  # this run's floor, also for a checkpoint that predates it
    elif a.checkpoint is None:
        train_mod.train(tr, va, a.dims, minutes, ckpt, hidden, blocks, max_steps=max_steps, log=log,
                        threads=a.threads)
        second = 0.2 if a.smoke else a.second_minutes  # the smoke run always tries it
        if second > 0:
            first, ckpt = ckpt, os.path.join(ckpt_dir, f"ckpt_d{a.dims}_b.pt")
            train_mod.train(tr, va, a.dims, second, ckpt, hidden, blocks, lr=2e-4,
                            max_steps=10 if a.smoke else None, log=log, threads=a.threads, init=first)
        fx_minutes = 0.2 if a.smoke else a.fx_minutes  # the smoke run always tries it
        if fx_minutes > 0:
            fx_tr, _ = data_mod.build_fx_splits(data_dir, floor, log, smoke=a.smoke)
            trx = data_mod.load_split(os.path.join(data_dir, "train_fx"), fpl)
            hv = os.path.join(data_dir, "heldout_fx")
            fx = (*data_mod.load_fx_labels(os.path.join(data_dir, "train_fx"), fpl), data_mod.load_split(hv, fpl),
                  *data_mod.load_fx_labels(hv, fpl))
            prev, ckpt = ckpt, os.path.join(ckpt_dir, f"ckpt_d{a.dims}_fx.pt")
            run = (4 if a.smoke else 16) * 4 // fpl  # the same 0.37 s (16 x 1024 samples) at any fpl
            train_mod.train(trx, va, a.dims, fx_minutes, ckpt, hidden, blocks, lr=1e-4,
                            max_steps=10 if a.smoke else None, log=log, threads=1, init=prev,
                            fx=fx, fx_weight=a.fx_weight, fx_run=run,
                            fx_runs=4 if a.smoke else 8, eval_every=360.0)
        ctx_minutes = 0.3 if a.smoke else a.context_minutes  # the smoke run always tries it
        if ctx_minutes > 0:
            base = load_any(ckpt)
            ckpt = os.path.join(ckpt_dir, f"ckpt_d{a.dims}_ctx.pt")
            train_context.train(tr, va, base, ctx_minutes, ckpt, hidden=32 if a.smoke else 256,
                                max_steps=20 if a.smoke else None, threads=1, log=log)
    codec = load_any(ckpt)
    base = codec.base if isinstance(codec, ContextCodec) else codec
    if base.fpl != fpl:
        raise SystemExit(f"{ckpt} has {base.fpl} frames per latent; pass --frames-per-latent {base.fpl}")
    hop_lat = fpl * dsp.HOP  # samples per latent frame
    ck = torch.load(ckpt, map_location="cpu")
    log(f"checkpoint {ckpt}: {ck['step']} steps, {ck['trainSeconds'] / 60:.1f} min; "
        f"held-out {ck['history'][-1] if ck['history'] else '-'} vs PCA init {ck['pcaVal']}")

    # 3. export + check in onnxruntime-web
    export.export_onnx(codec, out)
    check = None
    if not a.no_verify:
        check = export.verify_onnx_node(out, codec, REPO)
        log(f"onnxruntime-web: {check}")
        assert check["encoderBlockedVsWhole"] <= 1e-5 and check["decoderBlockedVsWhole"] <= 1e-5, "block split changes the output"
        assert check["encoderVsTorch"] <= 1e-3 and check["decoderVsTorch"] <= 1e-3, "onnx != torch"

    # 4. stats, codebook, descriptors (over the data of the checkpoint's last schedule)
    fx_ck = "fxWeight" in ck
    stats_data, minutes_audio = tr, tr_meta["seconds"] / 60
    if fx_ck:
        fx_meta, _ = data_mod.build_fx_splits(data_dir, floor, log, smoke=a.smoke)
        stats_data = data_mod.load_split(os.path.join(data_dir, "train_fx"), fpl)
        minutes_audio = fx_meta["seconds"] / 60
    stats, C, desc, n_stats = export.pack_extras(codec, stats_data, K, SEED, floor, km_iters, desc_gl,
                                                 max_rows=2000 if a.smoke else 100000, log=log)
    trained_on = (
        f"{tr_meta['seconds'] / 60:.0f} minutes of mono 44.1 kHz audio: half rendered with fluidsynth 2.3 from the "
        f"FluidR3_GM SoundFont (MIT) — seeded random MIDI phrases (single notes, melodies, runs, chords, "
        f"arpeggios, varied velocity and register) over 34 GM programs (pianos, guitars, basses, strings, "
        f"brass, reeds, flutes, organs, pads, choir), a third of it with fluidsynth reverb+chorus — and "
        f"the other half the same audio through seeded numpy effects in 8 s chunks (synthetic-IR reverb, "
        f"feedback delay, tanh distortion, low-/high-pass, chorus, tremolo, compressor, bit-crusher, "
        f"ring modulator; one or two per chunk).")
    if fx_ck:
        trained_on += (
            f" Then fine-tuned on {minutes_audio:.0f} minutes: the same renders with a new wet copy (the "
            f"same effects plus a phase-vocoder pitch shift) and {fx_meta['minutes']['drums']:.0f} minutes of drum "
            f"tracks (dry + wet) sequenced from real drum and loop recordings (Sonic Pi samples, CC0; "
            f"Hydrogen kits Audiophob, CC0, and rumpf_kit_z01, CC-BY-3.0 Emanuel Rumpf), with an "
            f"effect-classification term on time-averaged latents (weight {ck['fxWeight']:g}).")
    D = codec.dims
    description = (
        f"A frame-local neural autoencoder on log-magnitude STFT patches (1024-point periodic Hann, "
        f"hop 256, ln(|X| + {floor:g})): one latent frame of {D} dims per {fpl} STFT frames ({hop_lat} "
        f"samples, ~{44100 / hop_lat:.0f} frames/s, {D * 44100 / hop_lat:.0f} latent floats/s). Encoder and decoder are a "
        f"PCA-initialised linear path plus a residual MLP ({base.hidden} hidden, {base.blocks} "
        f"blocks, 1x1 convolutions), trained with log-magnitude L1, relative-floor log L1 and "
        f"spectral convergence, with latent noise for smoothness. The encoder is frame-local: each "
        f"latent frame depends only on its own {fpl} STFT frames. ")
    if isinstance(codec, ContextCodec):
        description = description.replace("A frame-local neural autoencoder", "A neural autoencoder") + (
            f"The decoder also looks back over the {codec.context} previous latent frames "
            f"(~{codec.context * hop_lat / 44.1:.0f} ms) through a causal dilated convolution stack "
            f"({codec.ctx_hidden} channels, dilations {', '.join(map(str, codec.ctx.dilations))}), so "
            f"sustained sounds decode more faithfully; the engine feeds it that history "
            f"(decoder.context), starting from the latent of silence, so any block split gives the "
            f"same result.")
    else:
        description += f"It decodes each latent frame to its own {fpl} frames, so any block split gives the same result."
    extra = {}
    if a.trained_on:
        trained_on = a.trained_on
    if (fx_ck and fx_meta["minutes"]["drums"] > 0) or "drum" in trained_on:
        extra["license"] = (
            "MIT (weights and recipe). Trained on audio rendered from the FluidR3_GM SoundFont (Frank "
            "Wen, MIT licence) and on drum recordings: Sonic Pi samples (CC0), Hydrogen drum kits "
            "Audiophob (CC0) and rumpf_kit_z01 (CC-BY-3.0, Emanuel Rumpf).")
    man = export.manifest(codec, floor, stats, C, desc, trained_on, description, pack_id=a.id, name=name, **extra)
    export.write_manifest(out, man)
    log("wrote encoder.onnx, decoder.onnx, model.json")

    # 5. quality: held-out patches, and the builtin assets through Griffin-Lim
    from make_assets import render_assets  # noqa: E402

    held = render_assets(os.path.join(data_dir, "assets"))  # the data cache's (rendered once)
    names = ["piano"] if a.smoke else list(held)
    quality = {"gl_iters": eval_gl, "logFloor": floor, "latentDims": D,
               "framesPerLatent": fpl, "latentFloatsPerSecond": round(D * 44100 / hop_lat, 1),
               "trainingMinutesOfAudio": round(minutes_audio, 1), "trainSteps": ck["step"],
               "trainWallMinutes": round(ck["trainSeconds"] / 60, 1),
               "heldOutPatches": ck["history"][-1] if ck["history"] else None,
               "heldOutPatchesPcaSameDims": ck["pcaVal"], "onnxruntimeWeb": check, "files": {}}
    for name in names:
        x = render.read_wav(held[name])
        L = dsp.log_mag(x, floor)
        J = L.shape[0] // fpl
        n = J * fpl * dsp.HOP
        x = x[:n]
        P = L[: J * fpl].reshape(J, fpl, BINS)
        Z = export.encode_patches(codec, P)
        Lhat = export.TorchCodecAdapter(codec).decode_sequence_logmag(Z)
        row = {"trueMagGL": round(dsp.mr_stft_distance(x, dsp.griffin_lim(np.abs(dsp.stft(x)), eval_gl, length=n)), 4),
               "neuralGL": round(dsp.mr_stft_distance(x, dsp.griffin_lim(dsp.mag_from_log(Lhat, floor), eval_gl, length=n)), 4),
               "logMagRmse": round(float(np.sqrt(np.mean((Lhat - L[: J * fpl]) ** 2))), 4)}
        quality["files"][name] = row
        log(f"held-out {name}: {row}")
    for key in ("trueMagGL", "neuralGL", "logMagRmse"):
        quality[f"mean_{key}"] = round(float(np.mean([r[key] for r in quality["files"].values()])), 4)
    quality["wallSeconds"] = round(time.time() - t_start, 1)
    with open(os.path.join(out, "quality.json"), "w") as f:
        json.dump(finite_or_null(quality), f, indent=2, allow_nan=False)  # JSON has no NaN
        f.write("\n")
    log(f"done: {json.dumps({k: v for k, v in quality.items() if k not in ('files', 'onnxruntimeWeb')})}")


def finite_or_null(v):
    """v with every NaN or infinite float (an unknown, e.g. the PCA comparison of a checkpoint
    recovered from ONNX) replaced by None: JSON has no NaN, and a literal NaN breaks readers."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: finite_or_null(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [finite_or_null(x) for x in v]
    return v


if __name__ == "__main__":
    main()
