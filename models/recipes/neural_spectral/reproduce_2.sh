#!/usr/bin/env bash
# The shipped neural-spectral-2 pack (the default since 2026-12-07) in one command: the three
# fine-tune stages of models/neural-spectral-2/README.md on top of the neural-spectral pack,
# whose weights are read back from its ONNX files. Needs the Debian packages of reproduce.sh
# (python3-torch, python3-numpy, python3-onnx, fluidsynth, fluid-soundfont-gm, sonic-pi-samples,
# hydrogen-drumkits, sox) and the repo's node_modules.
#
#   bash models/recipes/neural_spectral/reproduce_2.sh      # 2 CPU cores: ~80 min of training
#   STAGE1=0.2 STAGE2=0.2 STAGE3=0.2 OUT=/tmp/ns2/pack bash models/recipes/neural_spectral/reproduce_2.sh
#                                                           # a trial of every step (writes elsewhere)
#
# STAGE1/2/3 are the stages' wall minutes (27, 19 and 25 for the shipped pack). Stage 1 ran on a
# machine shared with three other sessions (one thread, about a fifth of a core: 708 steps), so a
# quiet machine makes more steps in the same minutes and will not give the same weights; stages
# 2 and 3 ran on a quiet machine, two threads. DATA holds the renders and patch caches (about
# 4 GB), OUT the pack (default: over the shipped one).
set -euo pipefail
cd "$(dirname "$0")/../../.."
PY=${PY:-/usr/bin/python3}
R=models/recipes/neural_spectral
D=${DATA:-models/neural-spectral/data}
OUT=${OUT:-models/neural-spectral-2}
S1=${STAGE1:-27}
S2=${STAGE2:-19}
S3=${STAGE3:-25}

"$PY" $R/from_onnx.py --pack models/neural-spectral --out "$D/ckpt_shipped.pt"
"$PY" $R/data.py --data "$D" --log-floor 1e-5 --batches 16
"$PY" $R/pitch_data.py --data "$D" --log-floor 1e-5              # stages 1-2: pitch/f1e-05
"$PY" $R/pitch_data.py --data "$D" --log-floor 1e-5 --drums 20   # stage 3: pitch/f1e-05-drums
"$PY" $R/train.py --data "$D/pitch/f1e-05" --init "$D/ckpt_shipped.pt" --lr 2e-4 --batch 256 \
  --warmup 20 --threads 1 --minutes "$S1" --eval-every 300 --out "$D/ckpt_pitch_ft.pt"
"$PY" $R/train.py --data "$D/pitch/f1e-05" --init "$D/ckpt_pitch_ft.pt" --lr 1e-4 --batch 256 \
  --warmup 20 --threads 2 --minutes "$S2" --eval-every 300 --out "$D/ckpt_pitch_ft2.pt"
"$PY" $R/train.py --data "$D/pitch/f1e-05-drums" --init "$D/ckpt_pitch_ft2.pt" --lr 1e-4 --batch 256 \
  --warmup 20 --threads 2 --minutes "$S3" --eval-every 300 --out "$D/ckpt_pitch_drums.pt"
"$PY" $R/make_pack.py --log-floor 1e-5 --id neural-spectral-2 --out "$OUT" \
  --name "Neural spectral 2 (pitch-aware)" --cache "$D/pitch/f1e-05-drums" \
  --checkpoint "$D/ckpt_pitch_drums.pt" \
  --trained-on "$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["trainedOn"])' models/neural-spectral-2/model.json)"
